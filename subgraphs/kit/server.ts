import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { purposeFromHeader, ReadLog } from './auth/access';
import { createAccessRecordLoader } from './auth/access-log';
import { StatedResidences } from './auth/residence-statement';
import {
  AuditRefusedReads1764000000011,
  AuditTamperEvidence1764000000010,
  AuditTrail,
  AuditTrailTable1764000000001,
  MAX_SUBGRAPH_OPERATION_NAME_LENGTH,
} from './auth/audit';
import { AuditCheckpoints, auditCheckpointFile } from './auth/audit-checkpoints';
import { requestIdsFromHeaders } from './auth/request-id';
import { countReleasesOn, StatisticsReleaseTable1764000000003 } from './releases';
import { chargeFieldsToBudget, ExecutionBudget, executionBudgetPlugin, executionLimitsFromEnv } from './execution-budget';
import { queryLimitOptions, queryLimitsFromEnv, subgraphLimits } from './query-limits';
import { identityFromHeader, TokenVerifier, tokenVerifierFromEnv } from './auth/identity';
import type { Bureau, SubgraphContext } from './bureau';
import { envBool, envInt, envPrefix, envString } from './config';
import { appDatabaseUrlFromEnv, BureauDatabase, databaseUrlFromEnv, embeddedDataDir, openBureauDatabase } from './database';
import { createErrorFormatter } from './errors';
import { IDEMPOTENCY_HEADER, idempotencyKeyFromHeader, IdempotencyTable1764000000002 } from './idempotency';
import { createLogger } from './logger';
import { auditAndLogPlugin, operationResolutionPlugin, representationLimitPlugin } from './plugins';
import { graphqlRequestBody, notFoundHandler, requestErrorHandler } from './request-body';
import { buildFederatedSchema } from './schema';
import { PopulationOptions, populationFromEnv, SeedRunTable1764000000000, seedIfEmpty } from './seed';
import { valueLimitsFromEnv, valueLimitsRule, variableLimitsPlugin } from './value-limits';

export interface SubgraphOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** A PostgreSQL URL, of the tables' owner; undefined runs the embedded database. */
  databaseUrl?: string;
  /** On a server, the role the subgraph connects as (default: one the owner makes, `<database>_app`). */
  appDatabaseUrl?: string;
  /** The embedded database's folder; beside it, the audit checkpoints (default `DATA_DIR/<bureau>`). */
  dataDir?: string;
  /** How often the audit chain's head is checkpointed while it moves (default `AUDIT_CHECKPOINT_SECONDS`, 60). */
  auditCheckpointSeconds?: number;
  population?: PopulationOptions;
  /** Seed synthetic data into an empty database. */
  seed?: boolean;
  /** Count the bureau's whole-city figures into the cache once listening (a service does; tests count SQL, so not). */
  countFiguresAtStart?: boolean;
  /** How tokens are verified (default: from AUTH_* env, else the local demo key). */
  verifyToken?: TokenVerifier;
}

export interface RunningSubgraph {
  bureau: string;
  /** The GraphQL endpoint. */
  url: string;
  port: number;
  database: BureauDatabase;
  /** Where the audit chain's checkpoints are appended. */
  auditCheckpointFile: string;
  stop(): Promise<void>;
}

async function databaseAnswers(database: BureauDatabase): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref());
  const query = database.dataSource.query('SELECT 1').then(
    () => true,
    () => false,
  );
  return Promise.race([query, timeout]);
}

/** The kit's own tables in every bureau database, before the bureau's. */
export const KIT_MIGRATIONS = [
  SeedRunTable1764000000000,
  AuditTrailTable1764000000001,
  IdempotencyTable1764000000002,
  StatisticsReleaseTable1764000000003,
  AuditTamperEvidence1764000000010,
  AuditRefusedReads1764000000011,
];

/** Opens the bureau's database (migrated, seeded if empty) and serves its subgraph on `/graphql`, with `/health`. */
export async function startSubgraph<L>(bureau: Bureau<L>, options: SubgraphOptions = {}): Promise<RunningSubgraph> {
  const log = createLogger(bureau.name);
  const dataDir = options.dataDir ?? embeddedDataDir(bureau.name);
  const database = await openBureauDatabase({
    bureau: bureau.name,
    entities: bureau.entities,
    migrations: [...KIT_MIGRATIONS, ...bureau.migrations],
    url: options.databaseUrl,
    appUrl: options.appDatabaseUrl,
    dataDir,
    prepare: (options.seed ?? true) ? (owner) => seedIfEmpty(owner, bureau.seed, options.population ?? populationFromEnv(), log) : undefined,
    log,
  });
  const checkpoints = new AuditCheckpoints({
    bureau: bureau.name,
    file: auditCheckpointFile(bureau.name, dataDir),
    db: database.dataSource,
    intervalMs: (options.auditCheckpointSeconds ?? envInt('AUDIT_CHECKPOINT_SECONDS', 60)) * 1000,
    log,
  });
  const auditTrail = new AuditTrail(bureau.name, checkpoints);
  try {
    await checkpoints.start();
    const schema = buildFederatedSchema(bureau);
    chargeFieldsToBudget(schema);
    countReleasesOn(database.dataSource, database.backgroundDataSource);
    const verifyToken = options.verifyToken ?? (await tokenVerifierFromEnv());
    const valueLimits = valueLimitsFromEnv();
    // The gateway's limits, with the allowances its query plans need (a request sent straight here gets no more).
    const queryLimits = queryLimitOptions(subgraphLimits(queryLimitsFromEnv()));
    const executionLimits = executionLimitsFromEnv();

    const app = express();
    const httpServer = keepConnectionsAlive(http.createServer(app));
    const apollo = new ApolloServer<SubgraphContext<L>>({
      schema,
      validationRules: [...queryLimits.validationRules, valueLimitsRule(valueLimits)],
      parseOptions: queryLimits.parseOptions,
      allowBatchedHttpRequests: false,
      formatError: createErrorFormatter(log),
      includeStacktraceInErrorResponses: false,
      // Our own SIGTERM/SIGINT handling stops the server; Apollo's would race it and leave stop() hanging.
      stopOnTerminationSignals: false,
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer }),
        ApolloServerPluginLandingPageDisabled(),
        // Traces are for Apollo's hosted Studio, which this deployment does not use.
        ApolloServerPluginInlineTraceDisabled(),
        ...queryLimits.plugins,
        // Before the audit's: its replacement of an answer whose record failed has the last word.
        executionBudgetPlugin(),
        auditAndLogPlugin(),
        operationResolutionPlugin(MAX_SUBGRAPH_OPERATION_NAME_LENGTH),
        representationLimitPlugin(envInt('MAX_ENTITY_REPRESENTATIONS', 1000)),
        // After the representation limit: too many representations are refused by it, naming `representations`.
        variableLimitsPlugin(valueLimits),
      ] as ApolloServerPlugin<SubgraphContext<L>>[],
    });
    await apollo.start();

    app.get('/health', async (_request, response) => {
      const ok = await databaseAnswers(database);
      response.status(ok ? 200 : 503).json({ bureau: bureau.name, status: ok ? 'ok' : 'database unavailable' });
    });
    // `all`, not `use`: /graphql itself, not every path under it.
    app.all(
      '/graphql',
      graphqlRequestBody('1mb'),
      // The request's budget, from its start, reachable from whatever its resolvers start (ExecutionBudget.current).
      (_request: express.Request, response: express.Response, next: express.NextFunction) => {
        const budget = new ExecutionBudget(executionLimits.readDeadlineMs, executionLimits.maxFields);
        response.locals.budget = budget;
        budget.runWithin(next);
      },
      expressMiddleware(apollo, {
        // Zero trust: every request, the gateway's included, must carry a valid token.
        context: async ({ req, res }): Promise<SubgraphContext<L>> => {
          const verifyStarted = performance.now();
          const identity = await identityFromHeader(req.header('authorization'), verifyToken);
          const purpose = purposeFromHeader(req.header('x-purpose'), identity.role);
          const { requestId, clientRequestId } = requestIdsFromHeaders((name) => req.header(name));
          // The token and the gateway's signature of the request id.
          const timings = { verifyMs: performance.now() - verifyStarted, checksMs: 0, auditMs: 0 };
          return {
            requestId,
            clientRequestId,
            auditTrail,
            idempotencyKey: idempotencyKeyFromHeader(req.header(IDEMPOTENCY_HEADER)),
            db: database.dataSource,
            loaders: bureau.createLoaders(database.dataSource),
            accessRecords: createAccessRecordLoader(database.dataSource),
            access: { identity, purpose, reads: new ReadLog(), approved: new WeakMap(), timings, residences: new StatedResidences() },
            bureauAccess: bureau.access,
            log: log.child({ requestId }),
            budget: res.locals.budget,
          };
        },
      }),
    );
    app.use(notFoundHandler());
    app.use(requestErrorHandler(log));

    const host = options.host ?? '127.0.0.1';
    await listen(httpServer, options.port ?? 0, host);
    const port = (httpServer.address() as AddressInfo).port;
    log.info({ port, database: database.location, embedded: database.embedded }, 'subgraph listening');
    if (options.countFiguresAtStart && bureau.countFigures) {
      const counting = performance.now();
      bureau.countFigures(bureau.createLoaders(database.dataSource)).then(
        () => log.info({ ms: Math.round(performance.now() - counting) }, 'latest statistics release ready (read, or counted, protected and stored)'),
        (error) => log.warn({ err: error }, 'figures could not be counted at start; the first request counts them'),
      );
    }
    return {
      bureau: bureau.name,
      url: `http://${host}:${port}/graphql`,
      port,
      database,
      auditCheckpointFile: checkpoints.file,
      async stop() {
        await apollo.stop();
        // The last records of this run are vouched for before the database closes.
        await checkpoints.stop();
        await database.close();
      },
    };
  } catch (error) {
    await checkpoints.stop();
    await database.close();
    throw error;
  }
}

/** The entry point of one subgraph process (`npm run start:<bureau>`): configured by env, stopped by SIGINT/SIGTERM. */
export function runSubgraph<L>(bureau: Bureau<L>): void {
  const prefix = envPrefix(bureau.name);
  const started = startSubgraph(bureau, {
    port: envInt(`${prefix}_PORT`, bureau.defaultPort),
    host: envString('HOST', '127.0.0.1'),
    databaseUrl: databaseUrlFromEnv(bureau.name),
    appDatabaseUrl: appDatabaseUrlFromEnv(bureau.name),
    seed: envBool('SEED_SYNTHETIC_DATA', true),
    countFiguresAtStart: true,
  });
  started.catch((error) => {
    createLogger(bureau.name).fatal({ err: error }, 'subgraph failed to start');
    process.exit(1);
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await (await started).stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Keeps idle keep-alive connections open for `HTTP_KEEP_ALIVE_MS` (default 65 s) instead of Node's 5 s, and says so
 * in the `Keep-Alive: timeout=` header, which the gateway's client honours by closing its idle sockets first. A
 * request sent on a socket the server was just closing used to fail as "subgraph unavailable".
 */
export function keepConnectionsAlive(httpServer: http.Server): http.Server {
  const keepAliveMs = envInt('HTTP_KEEP_ALIVE_MS', 65_000);
  httpServer.keepAliveTimeout = keepAliveMs;
  // Node requires the header timeout to exceed the keep-alive timeout, or it may close a socket mid-request.
  httpServer.headersTimeout = keepAliveMs + 1000;
  return httpServer;
}

/** Starts listening, turning a taken port into a rejected promise instead of a crash. */
export function listen(httpServer: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
}
