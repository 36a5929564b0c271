import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startGateway, RunningGateway } from '../../gateway/server';
import { buildDashboard } from '../../scripts/build-dashboard';
import { buildGraphiql } from '../../scripts/build-graphiql';
import { BUREAUS } from '../../subgraphs';
import type { PopulationOptions } from '../../subgraphs/kit/seed';
import { RunningSubgraph, startSubgraph } from '../../subgraphs/kit/server';
import { releasesCounted } from '../../subgraphs/kit/releases';
import { loadSettings } from '../../subgraphs/kit/settings';
import { generateKeyPair, KeyLike } from 'jose';
import { bureauTemplates, copyTemplate, serverDatabaseUrl, serverQuery } from './templates';
import { createTokenVerifier, signToken, trustedKey } from '../../subgraphs/kit/auth/identity';
import { Purpose, Role, ROLE_BUREAU } from '../../subgraphs/kit/auth/roles';

/**
 * A whole federation for one test file: every subgraph and the gateway on free ports, talking HTTP, each bureau on its
 * own fresh database — embedded PGlite in a temp folder by default, or new databases on the PostgreSQL server named
 * by TEST_DATABASE_URL — copied from the run's seeded template (templates.ts). Nothing is left behind after `stop()`.
 */

export const TEST_POPULATION: PopulationOptions = { seed: 2013, size: 1500 };

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/** Who a test request is from: a role, the purpose it declares, and for community workers their community. */
export interface Caller {
  role: Role;
  purpose?: Purpose | null;
  community?: string;
  subject?: string;
}

/** The default caller of the tests: a civil-affairs caseworker handling relief, who may read most of a person. */
export const CASEWORKER: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' };
export const REGISTRY_OFFICER: Caller = { role: 'POLICE_REGISTRY_OFFICER', purpose: 'residence-administration' };

export interface TestFederation {
  gatewayUrl: string;
  gatewayOrigin: string;
  subgraphs: Record<string, RunningSubgraph>;
  /** The key the services trust, to sign tokens the way the identity provider would. */
  signingKey: KeyLike;
  token(caller: Caller): Promise<string>;
  query<T = any>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T> & { status: number }>;
  /** Runs `work` and returns how many SQL statements the pg driver sent meanwhile (all subgraphs of this process). */
  countStatements(work: () => Promise<unknown>): Promise<number>;
  stop(): Promise<void>;
}

/** Every statement any pg client of this process sends goes through Client.prototype.query. */
let statementCount = 0;
const originalQuery = pg.Client.prototype.query;
(pg.Client.prototype as any).query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  statementCount += 1;
  return (originalQuery as any).apply(this, args);
};

export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T> & { status: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as GraphQLResponse<T>) };
}

export function tokenFor(signingKey: KeyLike, caller: Caller, expiresIn: string | number = '10m'): Promise<string> {
  return signToken(signingKey, {
    subject: caller.subject ?? `test-${caller.role.toLowerCase()}`,
    bureau: ROLE_BUREAU[caller.role] ?? 'city-government',
    role: caller.role,
    community: caller.community ?? null,
    expiresIn,
  });
}

/** The headers of a request by `caller`. */
export async function callerHeaders(signingKey: KeyLike, caller: Caller): Promise<Record<string, string>> {
  const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(signingKey, caller)}` };
  if (caller.purpose) headers['x-purpose'] = caller.purpose;
  return headers;
}

/** The URL of a database `name` on the server named by TEST_DATABASE_URL (created on first connection by the kit). */
export const testDatabaseUrl = serverDatabaseUrl;

/** Drops a test database and the application role the kit made for it (roles belong to the whole server). */
export async function dropTestDatabase(name: string): Promise<void> {
  await serverQuery('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await serverQuery('postgres', `DROP ROLE IF EXISTS "${name}_app"`);
}

export interface TestFederationOptions {
  population?: PopulationOptions;
  /** Build the GraphiQL page for the gateway to serve (about 2 s). */
  withGraphiql?: boolean;
  /** Build the decision-analysis dashboard for the gateway to serve at /dashboard/ (under 1 s). */
  withDashboard?: boolean;
  /** Where the gateway reaches a subgraph (default: straight at it), e.g. through a fault-injecting proxy. */
  routeSubgraph?: (bureau: string, url: string) => Promise<string>;
  /**
   * How often each subgraph checkpoints its audit chain while it moves. Default an hour: a checkpoint's query would
   * otherwise now and then fall into a test's countStatements window (the subgraphs still checkpoint at start and stop).
   */
  auditCheckpointSeconds?: number;
  /**
   * `primary-suppression-only`: serve releases counted with complementary suppression off (counts of 1–9 withheld
   * only), what the disclosure attack is shown to break: the templates' releases are removed and counted again at
   * start, so call it within withPrimarySuppressionOnly (kit/figure-table). Default: the releases as the bureaus
   * protect them.
   */
  releases?: 'protected' | 'primary-suppression-only';
  /** Settings variables for every service of this federation, over the suite's environment (e.g. `{ REQUEST_DEADLINE_MS: '5000' }`). */
  settings?: Record<string, string>;
}

export async function startTestFederation(options: TestFederationOptions = {}): Promise<TestFederation> {
  const population = options.population ?? TEST_POPULATION;
  const serverUrl = process.env.TEST_DATABASE_URL;
  // A key pair of the test's own, as an identity provider would hold: the services trust its public key only.
  const keys = await generateKeyPair('ES256');
  const verifyToken = createTokenVerifier(await trustedKey(keys.publicKey));
  const runId = randomBytes(4).toString('hex');
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-test-'));
  // The usage the gateway records stays in the federation's temp folder, not the checkout's data/.
  const settings = loadSettings({ USAGE_DIR: path.join(tempDir, 'usage'), ...process.env, ...options.settings });
  const databaseNames: string[] = [];
  const subgraphs: Record<string, RunningSubgraph> = {};
  let gateway: RunningGateway | undefined;

  const stop = async () => {
    await gateway?.stop();
    for (const subgraph of Object.values(subgraphs)) await subgraph.stop().catch(() => undefined);
    for (const name of databaseNames) await dropTestDatabase(name);
    fs.rmSync(tempDir, { recursive: true, force: true });
  };

  try {
    const templates = await bureauTemplates(population);
    const started = await Promise.all(
      BUREAUS.map(async (bureau) => {
        const dataDir = path.join(tempDir, bureau.name);
        let databaseName: string | undefined;
        if (serverUrl) {
          databaseName = `mpg_test_${runId}_${bureau.name.replace(/-/g, '_')}`;
          databaseNames.push(databaseName);
        }
        await copyTemplate(templates[bureau.name], { dataDir, databaseName });
        return startSubgraph(bureau, {
          settings,
          port: 0,
          databaseUrl: databaseName && testDatabaseUrl(databaseName),
          dataDir,
          population,
          verifyToken,
          auditCheckpointSeconds: options.auditCheckpointSeconds ?? 3600,
        });
      }),
    );
    for (const subgraph of started) subgraphs[subgraph.bureau] = subgraph;
    // Each bureau's statistics release, counted before the tests run as a service counts it at start (the template's,
    // read back, unless the cut-off moved since): a request that found none would wait for the count, and the gateway
    // gives up on a fetch after REQUEST_DEADLINE_MS and a second.
    // Awaited to the end: while a cut-off's release is counted, the one before it is served.
    await Promise.all(
      BUREAUS.map(async (bureau) => {
        const { dataSource } = subgraphs[bureau.name].database;
        if (options.releases === 'primary-suppression-only') await dataSource.query('DELETE FROM statistics_release');
        await bureau.countFigures?.(bureau.createLoaders(dataSource));
        await releasesCounted(dataSource);
      }),
    );
    let graphiqlDir: string | undefined;
    if (options.withGraphiql) {
      graphiqlDir = path.join(tempDir, 'graphiql');
      await buildGraphiql(graphiqlDir);
    }
    let dashboardDir: string | undefined;
    if (options.withDashboard) {
      dashboardDir = path.join(tempDir, 'dashboard');
      await buildDashboard(dashboardDir);
    }
    const route = options.routeSubgraph ?? (async (_bureau: string, url: string) => url);
    const routes = await Promise.all(started.map(async (subgraph) => [subgraph.bureau, await route(subgraph.bureau, subgraph.url)]));
    gateway = await startGateway({ settings, port: 0, graphiqlDir, dashboardDir, verifyToken, subgraphUrls: Object.fromEntries(routes) });
  } catch (error) {
    await stop();
    throw error;
  }

  const gatewayUrl = gateway.url;
  return {
    gatewayUrl,
    gatewayOrigin: gatewayUrl.replace(/\/graphql$/, ''),
    subgraphs,
    signingKey: keys.privateKey,
    token: (caller) => tokenFor(keys.privateKey, caller),
    query: async (query, variables, caller = CASEWORKER) => postGraphQL(gatewayUrl, query, variables, await callerHeaders(keys.privateKey, caller)),
    async countStatements(work) {
      const before = statementCount;
      await work();
      return statementCount - before;
    },
    stop,
  };
}
