import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DataSource, Logger as TypeOrmLogger, MixedList } from 'typeorm';
import { startEmbeddedPostgres } from './embedded-postgres';
import { retryStatementsOnLostConnection } from './lost-connections';
import type { Logger } from './logger';
import { writePrivateFile } from './private-files';
import { loadSettings, Settings } from './settings';

// Dates are calendar days in this graph: keep PostgreSQL `date` values as 'YYYY-MM-DD' strings instead of
// letting pg turn them into local-midnight Date objects that shift with the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// COUNT(*) and SUM() come back as int8; the counts here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface BureauDatabase {
  /**
   * The subgraph's pool for requests: on a server, connected as the bureau's application role (see
   * grantApplicationRole), each statement cancelled after the request deadline (a mutation's transaction allows its
   * own statements the write deadline, see inTransaction).
   */
  dataSource: DataSource;
  /**
   * For work that outlives the request that started it, counting a statistics release: the same role, statements
   * allowed the background timeout. Embedded, the same pool (PGlite does not enforce statement timeouts).
   */
  backgroundDataSource: DataSource;
  /** The pool's connection URL (credentials included): for tools of the same operator, never for logs. */
  url: string;
  /** The URL migrations ran with, as the owner of the tables (the same as `url` when embedded). */
  ownerUrl: string;
  /** Where the data lives, for logs: the server URL without credentials, or the embedded data folder. */
  location: string;
  embedded: boolean;
  /** Closes every connection the server has open to this database (an operator's `pg_terminate_backend`). */
  terminateConnections(): Promise<void>;
  /** SQL statements sent on the subgraph's pools since it opened the database (for `/health`, and so the bench). */
  statementsSent(): number;
  close(): Promise<void>;
}

/** How long statements may run on a bureau's pools, and how long its mutations' idempotency keys are kept. */
export interface DatabaseLimits {
  /** On the pool that serves requests: a query's deadline (`REQUEST_DEADLINE_MS`). */
  requestStatementMs: number;
  /** In a mutation's transaction (`MUTATION_DEADLINE_MS`). */
  writeStatementMs: number;
  /** Migrating, seeding, counting a release (`SQL_STATEMENT_TIMEOUT_MS`). */
  backgroundStatementMs: number;
  /** `IDEMPOTENCY_RETENTION_HOURS`. */
  idempotencyRetentionHours: number;
}

export function databaseLimitsOf(settings: Settings): DatabaseLimits {
  return {
    requestStatementMs: settings.REQUEST_DEADLINE_MS,
    writeStatementMs: settings.MUTATION_DEADLINE_MS,
    backgroundStatementMs: settings.SQL_STATEMENT_TIMEOUT_MS,
    idempotencyRetentionHours: settings.IDEMPOTENCY_RETENTION_HOURS,
  };
}

export interface DatabaseOptions {
  bureau: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  /** A server URL, of the tables' owner; without one the bureau gets an embedded PGlite database under `dataDir`. */
  url?: string;
  /** On a server: the role the subgraph connects as (default: `<database>_app`, created by the owner). */
  appUrl?: string;
  dataDir?: string;
  /** Runs after the migrations, as the owner (seeding, whose ANALYZE only the owner may run). */
  prepare?: (owner: DataSource) => Promise<void>;
  /** Default: from `loadSettings()`. */
  limits?: DatabaseLimits;
  log: Logger;
}

const POOL_SIZE = 10;
/** On a server, connections for background work (releases being counted). */
const BACKGROUND_POOL_SIZE = 2;

/** What a mutation's transaction on a pool of a bureau database may take (see inTransaction). */
export type WriteLimits = Pick<DatabaseLimits, 'writeStatementMs' | 'idempotencyRetentionHours'>;

const writeLimits = new WeakMap<DataSource, WriteLimits>();

/** The write limits of a pool opened by openBureauDatabase (its `dataSource`). */
export function writeLimitsOf(db: DataSource): WriteLimits {
  const limits = writeLimits.get(db);
  if (!limits) throw new Error('a transaction on a pool that openBureauDatabase did not open: its write limits are unknown');
  return limits;
}

/**
 * While a subgraph runs, the URL of its embedded database server is written beside the data folder
 * (`DATA_DIR/<bureau>.server-url`), so tools such as `npm run audit:verify` can connect instead of opening the files
 * a running PGlite holds.
 */
export function embeddedServerUrlFile(dataDir: string): string {
  return `${dataDir}.server-url`;
}

/** `DATA_DIR/<bureau>`: where the embedded database of a bureau is kept between runs. */
export function embeddedDataDir(bureau: string, dataRoot = loadSettings().DATA_DIR): string {
  return path.join(dataRoot, bureau);
}

function redact(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** Creates the database named in `url` when it does not exist yet, connecting to the server's `postgres` database. */
async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error('the database URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by a parallel start
      });
    }
  } finally {
    await client.end();
  }
}

async function terminateServerConnections(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  } finally {
    await client.end();
  }
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * What the subgraph's role may do: read and write the bureau's tables, append audit records and move the chain head
 * — but not change or remove an audit record, truncate, alter or drop anything (it owns nothing), nor touch the
 * migrations. Granted again at each start, in one transaction, so tables added by new migrations are covered.
 */
async function grantApplicationRole(owner: DataSource, role: string): Promise<void> {
  const name = quoteIdentifier(role);
  await owner.transaction(async (manager) => {
    const [{ database }] = await manager.query('SELECT current_database() AS database');
    await manager.query(`GRANT CONNECT ON DATABASE ${quoteIdentifier(database)} TO ${name}`);
    await manager.query(`GRANT USAGE ON SCHEMA public TO ${name}`);
    await manager.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${name}`);
    await manager.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${name}`);
    const restricted: Record<string, string> = { audit_record: 'UPDATE, DELETE', audit_chain_head: 'INSERT, DELETE', schema_migrations: 'ALL' };
    // A database opened with the bureau's migrations alone (a test of them) has no audit tables.
    const present = await manager.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)`, [Object.keys(restricted)]);
    for (const { tablename } of present) await manager.query(`REVOKE ${restricted[tablename]} ON ${tablename} FROM ${name}`);
    await manager.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${name}`);
    await manager.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${name}`);
  });
}

/**
 * The URL the subgraph connects with on a server: `appUrl` if given (a role the operator made), else the owner's
 * URL for a login role `<database>_app` the owner creates (it needs CREATEROLE). Its password, when the owner's URL
 * has one, is derived from the owner's (HMAC), so every instance of the subgraph computes the same; with no password
 * (trust authentication, as locally) it has none.
 */
async function applicationUrl(owner: DataSource, ownerUrl: string, appUrl: string | undefined): Promise<{ url: string; role: string }> {
  if (appUrl) return { url: appUrl, role: decodeURIComponent(new URL(appUrl).username) };
  const [{ database }] = await owner.query('SELECT current_database() AS database');
  // Identifiers are at most 63 bytes; database names are ASCII here.
  const role = `${String(database).slice(0, 59)}_app`;
  const url = new URL(ownerUrl);
  const ownerPassword = decodeURIComponent(url.password);
  const password = ownerPassword ? createHmac('sha256', ownerPassword).update(`application role ${role}`).digest('hex') : '';
  const exists = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.length === 0) {
    await owner.query(`CREATE ROLE ${quoteIdentifier(role)} LOGIN`).catch((error: { code?: string }) => {
      // 42710 / 23505: created meanwhile by another instance starting.
      if (error.code !== '42710' && error.code !== '23505') {
        throw new Error(`the owner could not create the role ${role} for the subgraph (it needs CREATEROLE); or set <BUREAU>_APP_DATABASE_URL`, {
          cause: error,
        });
      }
    });
  }
  await owner.query(`ALTER ROLE ${quoteIdentifier(role)} LOGIN PASSWORD ${password ? `'${password}'` : 'NULL'}`);
  url.username = encodeURIComponent(role);
  url.password = password;
  return { url: url.toString(), role };
}

/** Refuses an application role that could go around the audit trail's protections. */
async function checkApplicationRole(app: DataSource): Promise<void> {
  const [role] = await app.query(
    `SELECT r.rolname, r.rolsuper, t.tableowner = r.rolname AS owns FROM pg_roles r, pg_tables t
     WHERE r.rolname = current_user AND t.schemaname = 'public' AND t.tablename = 'audit_record'`,
  );
  if (role?.rolsuper || role?.owns) {
    throw new Error(`the subgraph's role ${role.rolname} is a superuser or owns the tables: it could alter the audit trail; give it a role of its own`);
  }
}

/** Counts the statements of the pools it logs for: TypeORM tells its logger of every query, whatever `logging` says. */
class StatementCounter implements TypeOrmLogger {
  sent = 0;
  logQuery(): void {
    this.sent += 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

function createDataSource(
  url: string,
  entities: MixedList<Function>,
  migrations: MixedList<Function>,
  poolSize: number,
  statementTimeout: number,
  counter: StatementCounter,
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    logger: counter,
    extra: {
      max: poolSize,
      statement_timeout: statementTimeout,
      // A request waiting for a pooled connection fails after this instead of hanging for ever.
      connectionTimeoutMillis: statementTimeout,
    },
  });
}

/**
 * Opens a bureau's own database — a PostgreSQL server when a URL is given, else embedded PGlite — and brings its
 * schema up to date with the bureau's migrations (never `synchronize`), as the owner. On a server the subgraph then
 * connects as its application role, which may not alter the audit trail; an embedded database belongs to whoever
 * holds its files, so there the one connection pool is the owner's.
 */
export async function openBureauDatabase(options: DatabaseOptions): Promise<BureauDatabase> {
  const embedded = options.url === undefined;
  const limits = options.limits ?? databaseLimitsOf(loadSettings());
  let ownerUrl: string;
  let location: string;
  let stopEmbedded = async () => {};
  let terminateConnections: () => Promise<void>;
  if (options.url === undefined) {
    const dataDir = options.dataDir ?? embeddedDataDir(options.bureau);
    // The pool's connection, and a few for tools such as audit:verify.
    const server = await startEmbeddedPostgres(dataDir, POOL_SIZE + 2);
    ownerUrl = server.url;
    terminateConnections = server.dropConnections;
    location = dataDir;
    const urlFile = embeddedServerUrlFile(dataDir);
    writePrivateFile(urlFile, ownerUrl);
    stopEmbedded = async () => {
      fs.rmSync(urlFile, { force: true });
      await server.stop();
    };
  } else {
    const serverUrl = options.url;
    ownerUrl = serverUrl;
    location = redact(serverUrl);
    terminateConnections = () => terminateServerConnections(serverUrl);
    await ensureDatabaseExists(serverUrl);
  }
  const onLostConnection = (error: unknown) => options.log.warn({ err: error }, 'database connection lost; statement sent again on a fresh connection');
  // On a server the owner's pool only migrates and seeds: two connections.
  const ownerPoolSize = embedded ? POOL_SIZE : 2;
  // Embedded, the owner's pool serves requests too (PGlite enforces no statement timeout: the requests' deadline
  // is the execution budget's, see execution-budget.ts).
  const counter = new StatementCounter();
  const owner = createDataSource(ownerUrl, options.entities, options.migrations, ownerPoolSize, limits.backgroundStatementMs, counter);
  let dataSource = owner;
  let backgroundDataSource = owner;
  let url = ownerUrl;
  try {
    await owner.initialize();
    retryStatementsOnLostConnection(owner, ownerPoolSize, onLostConnection);
    const applied = await owner.runMigrations();
    if (applied.length > 0) options.log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    await options.prepare?.(owner);
    if (!embedded) {
      const app = await applicationUrl(owner, ownerUrl, options.appUrl);
      await grantApplicationRole(owner, app.role);
      await owner.destroy();
      url = app.url;
      dataSource = createDataSource(url, options.entities, [], POOL_SIZE, limits.requestStatementMs, counter);
      await dataSource.initialize();
      retryStatementsOnLostConnection(dataSource, POOL_SIZE, onLostConnection);
      await checkApplicationRole(dataSource);
      backgroundDataSource = createDataSource(url, options.entities, [], BACKGROUND_POOL_SIZE, limits.backgroundStatementMs, counter);
      await backgroundDataSource.initialize();
      retryStatementsOnLostConnection(backgroundDataSource, BACKGROUND_POOL_SIZE, onLostConnection);
    }
  } catch (error) {
    for (const source of new Set([owner, dataSource, backgroundDataSource])) if (source.isInitialized) await source.destroy();
    await stopEmbedded();
    throw error;
  }
  writeLimits.set(dataSource, { writeStatementMs: limits.writeStatementMs, idempotencyRetentionHours: limits.idempotencyRetentionHours });
  return {
    dataSource,
    backgroundDataSource,
    url,
    ownerUrl,
    location,
    embedded,
    terminateConnections: () => terminateConnections(),
    statementsSent: () => counter.sent,
    async close() {
      if (backgroundDataSource !== dataSource) await backgroundDataSource.destroy();
      await dataSource.destroy();
      await stopEmbedded();
    },
  };
}
