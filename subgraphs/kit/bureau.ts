import type { DataSource } from 'typeorm';
import type { NonEmptyArray } from 'type-graphql';
import type { BureauAccess } from './auth/access';
import type { Grant } from './auth/grant';
import type { createAccessRecordLoader } from './auth/access-log';
import type { AuditContext } from './auth/audit';
import type { ExecutionBudget } from './execution-budget';
import type { Logger } from './logger';
import type { Seeder } from './seed';
import type { SchemaLintAllowance } from './schema-lint-allowances';

/** What a resolver gets from the kit for one request. Loaders are built per request, never shared. */
export interface SubgraphContext<L = unknown> extends AuditContext {
  /** The request's `Idempotency-Key`, checked: mutations run once per key (see idempotency.ts). */
  idempotencyKey?: string;
  db: DataSource;
  loaders: L;
  /** The kit's own loader for Person.accessLog. */
  accessRecords: ReturnType<typeof createAccessRecordLoader>;
  log: Logger;
  /** What the request may still spend: time to its deadline, fields in its answer. */
  budget: ExecutionBudget;
}

/** How the gateway may resolve an entity of this bureau from its key, and who may ask (checked before resolving). */
export interface EntityReference<C> {
  grant: Grant;
  /** Resolves an entity from its key fields (`{ id }`, `{ code }`); called once per representation. */
  resolve: (reference: Record<string, unknown>, context: C) => unknown;
}

/** Everything the kit needs to run one bureau's subgraph; each subgraph's `bureau.ts` exports one. */
export interface Bureau<L = unknown> {
  /** Kebab-case name, its folder's and its identity.ts's: the subgraph name in the supergraph, the data folder and the env prefix. */
  name: string;
  /** The bureau in English and Chinese, for logs and descriptions. */
  title: string;
  entities: Function[];
  /** The bureau's own migrations, run after the kit's: `migrationsIn(<bureau>/migrations)` finds them (see migrations.ts). */
  migrations: Function[];
  resolvers: NonEmptyArray<Function>;
  orphanedTypes?: Function[];
  references: Record<string, EntityReference<SubgraphContext<L>>>;
  /** Whose records the bureau's types hold and where those persons live, for audit and community scope. */
  access: BureauAccess<SubgraphContext<L>>;
  createLoaders(db: DataSource): L;
  seed: Seeder;
  /** Counts the bureau's whole-city figures into the figure cache, so the first analyst does not wait for them. */
  countFigures?(loaders: L): Promise<unknown>;
  /** What the schema lint would report in this bureau's SDL and the bureau keeps on purpose, with the reasons. */
  lintAllowances?: SchemaLintAllowance[];
}
