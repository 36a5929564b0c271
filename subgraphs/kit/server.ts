import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, ApolloServerPlugin, ContextFunction } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { ExpressContextFunctionArgument } from '@as-integrations/express5';
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
import { loadServiceKeys } from './auth/service-keys';
import { rememberProtectionsIn } from './disclosure-audit/remembered';
import { countReleasesOn, StatisticsReleaseTable1764000000003, useReleasePeriod } from './releases';
import { chargeFieldsToBudget, ExecutionBudget, executionBudgetPlugin, ExecutionLimits, executionLimitsOf } from './execution-budget';
import { queryLimitOptions, queryLimitsOf, subgraphLimits } from './query-limits';
import { identityFromHeader, TokenVerifier, tokenVerifierOf } from './auth/identity';
import type { Bureau, SubgraphContext } from './bureau';
import { BureauDatabase, databaseLimitsOf, embeddedDataDir, openBureauDatabase } from './database';
import { createErrorFormatter } from './errors';
import {
  createHttpServer,
  installBodyParsing,
  installErrorHandler,
  installGraphqlEndpoint,
  installGraphqlStep,
  installHealth,
  installNotFound,
  listen,
} from './http-app';
import { IDEMPOTENCY_HEADER, idempotencyKeyFromHeader, IdempotencyTable1764000000002 } from './idempotency';
import { createLogger, Logger } from './logger';
import { auditAndLogPlugin, operationResolutionPlugin, representationLimitPlugin } from './plugins';
import { runProcess } from './process-runner';
import { buildFederatedSchema } from './schema';
import { PopulationOptions, populationOf, SeedRunTable1764000000000, seedIfEmpty } from './seed';
import { bureauSettings, loadSettings, Settings } from './settings';
import { valueLimitsOf, valueLimitsRule, variableLimitsPlugin } from './value-limits';

export interface SubgraphOptions {
  /**
   * The limits, deadlines, keys and paths the subgraph serves with, and the defaults of the options below (default:
   * `loadSettings()`, the process's environment).
   */
  settings?: Settings;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A PostgreSQL URL, of the tables' owner; undefined runs the embedded database. */
  databaseUrl?: string;
  /** On a server, the role the subgraph connects as (default: one the owner makes, `<database>_app`). */
  appDatabaseUrl?: string;
  /** The embedded database's folder; beside it, the audit checkpoints (default `DATA_DIR/<bureau>`). */
  dataDir?: string;
  /** How often the audit chain's head is checkpointed while it moves (default `AUDIT_CHECKPOINT_SECONDS`). */
  auditCheckpointSeconds?: number;
  /** Default `POPULATION_SEED` and `POPULATION_SIZE`. */
  population?: PopulationOptions;
  /** Seed synthetic data into an empty database (default true). */
  seed?: boolean;
  /** Count the bureau's whole-city figures into the cache once listening (a service does; tests count SQL, so not). */
  countFiguresAtStart?: boolean;
  /** How tokens are verified (default: as the settings say, AUTH_* or else the local demo key). */
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

/** A subgraph built and ready to serve: its database open, its Express app composed, its Apollo server started. */
export interface SubgraphApp {
  bureau: string;
  app: express.Express;
  httpServer: http.Server;
  database: BureauDatabase;
  auditCheckpointFile: string;
  /** Listens on the port and host of the options. */
  listen(): Promise<RunningSubgraph>;
  /** Stops serving, checkpoints the audit chain, closes the database. */
  stop(): Promise<void>;
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

/** A subgraph's requests to itself are the gateway's query plans, larger than a client's query may be. */
const SUBGRAPH_REQUEST_SIZE = '1mb';

/**
 * What a subgraph process holds once for all its requests and is read far from any options: the keys it signs and
 * checks with (loaded now, so a key that cannot be read stops the start), the release period, where protection
 * results are remembered.
 */
function installProcessSettings(settings: Settings): void {
  loadServiceKeys(settings, ['gateway-request', 'residence-statement', 'audit-checkpoint']);
  useReleasePeriod(settings.STATISTICS_RELEASE);
  rememberProtectionsIn(settings.DISCLOSURE_MEMO_DIR);
}

async function databaseAnswers(database: BureauDatabase): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref());
  const query = database.dataSource.query('SELECT 1').then(
    () => true,
    () => false,
  );
  return Promise.race([query, timeout]);
}

/**
 * `/health`: 200 only while the bureau's database answers, with what the subgraph has served since it started — the
 * requests to /graphql and the SQL statements sent — so that an operator (or the bench) can tell what a request costs.
 */
function installDatabaseHealth(app: express.Express, bureau: string, database: BureauDatabase): void {
  let graphqlRequests = 0;
  installGraphqlStep(app, (_request, _response, next) => {
    graphqlRequests += 1;
    next();
  });
  installHealth(app, async () => {
    const ok = await databaseAnswers(database);
    const served = { graphqlRequests, sqlStatements: database.statementsSent() };
    return { status: ok ? 200 : 503, body: { bureau, status: ok ? 'ok' : 'database unavailable', served } };
  });
}

/** The request's budget, from its start, reachable from whatever its resolvers start (ExecutionBudget.current). */
function installExecutionBudget(app: express.Express, limits: ExecutionLimits): void {
  installGraphqlStep(app, (_request, response, next) => {
    const budget = new ExecutionBudget(limits.readDeadlineMs, limits.maxFields);
    response.locals.budget = budget;
    budget.runWithin(next);
  });
}

interface ContextParts<L> {
  bureau: Bureau<L>;
  database: BureauDatabase;
  auditTrail: AuditTrail;
  verifyToken: TokenVerifier;
  /** `RESIDENCE_STATEMENT_MAX_AGE_SECONDS`, in ms. */
  residenceStatementMaxAgeMs: number;
  log: Logger;
}

/** Zero trust: every request, the gateway's included, must carry a valid token; its loaders are its own. */
function subgraphContext<L>(parts: ContextParts<L>): ContextFunction<[ExpressContextFunctionArgument], SubgraphContext<L>> {
  const { bureau, database, auditTrail, verifyToken, log } = parts;
  return async ({ req, res }) => {
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
      access: {
        identity,
        purpose,
        reads: new ReadLog(),
        approved: new WeakMap(),
        timings,
        residences: new StatedResidences(parts.residenceStatementMaxAgeMs),
      },
      bureauAccess: bureau.access,
      log: log.child({ requestId }),
      budget: res.locals.budget,
    };
  };
}

/**
 * Opens the bureau's database (migrated, seeded if empty) and builds its subgraph, `/graphql` with `/health`, without
 * listening: `listen()` on the result serves it.
 */
export async function createSubgraphApp<L>(bureau: Bureau<L>, options: SubgraphOptions = {}): Promise<SubgraphApp> {
  const settings = options.settings ?? loadSettings();
  const log = createLogger(bureau.name, settings.LOG_LEVEL);
  installProcessSettings(settings);
  const dataDir = options.dataDir ?? embeddedDataDir(bureau.name, settings.DATA_DIR);
  const population = options.population ?? populationOf(settings);
  const database = await openBureauDatabase({
    bureau: bureau.name,
    entities: bureau.entities,
    migrations: [...KIT_MIGRATIONS, ...bureau.migrations],
    url: options.databaseUrl,
    appUrl: options.appDatabaseUrl,
    dataDir,
    prepare: (options.seed ?? true) ? (owner) => seedIfEmpty(owner, bureau.seed, population, log) : undefined,
    limits: databaseLimitsOf(settings),
    log,
  });
  const checkpoints = new AuditCheckpoints({
    bureau: bureau.name,
    file: auditCheckpointFile(bureau.name, dataDir, settings.AUDIT_CHECKPOINT_DIR),
    db: database.dataSource,
    intervalMs: (options.auditCheckpointSeconds ?? settings.AUDIT_CHECKPOINT_SECONDS) * 1000,
    log,
  });
  const auditTrail = new AuditTrail(bureau.name, checkpoints, database.dataSource);
  try {
    await checkpoints.start();
    await auditTrail.start();
    const schema = buildFederatedSchema(bureau);
    chargeFieldsToBudget(schema);
    countReleasesOn(database.dataSource, database.backgroundDataSource);
    const verifyToken = options.verifyToken ?? (await tokenVerifierOf(settings));
    const valueLimits = valueLimitsOf(settings);
    // The gateway's limits, with the allowances its query plans need (a request sent straight here gets no more).
    const queryLimits = queryLimitOptions(subgraphLimits(queryLimitsOf(settings)));

    const app = express();
    const httpServer = createHttpServer(app, settings.HTTP_KEEP_ALIVE_MS);
    const apollo = new ApolloServer<SubgraphContext<L>>({
      schema,
      validationRules: [...queryLimits.validationRules, valueLimitsRule(valueLimits)],
      parseOptions: queryLimits.parseOptions,
      allowBatchedHttpRequests: false,
      formatError: createErrorFormatter(log),
      includeStacktraceInErrorResponses: false,
      // The process runner's SIGTERM/SIGINT handling stops the server; Apollo's would race it and leave stop() hanging.
      stopOnTerminationSignals: false,
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer }),
        ApolloServerPluginLandingPageDisabled(),
        // Traces are for Apollo's hosted Studio, which this deployment does not use.
        ApolloServerPluginInlineTraceDisabled(),
        // Answers are no-store (installGraphqlEndpoint); the plugin's hook on every field resolved costs a tenth of a figures read.
        ApolloServerPluginCacheControlDisabled(),
        ...queryLimits.plugins,
        // Before the audit's: its replacement of an answer whose record failed has the last word.
        executionBudgetPlugin(),
        auditAndLogPlugin(),
        operationResolutionPlugin(MAX_SUBGRAPH_OPERATION_NAME_LENGTH),
        representationLimitPlugin(settings.MAX_ENTITY_REPRESENTATIONS),
        // After the representation limit: too many representations are refused by it, naming `representations`.
        variableLimitsPlugin(valueLimits),
      ] as ApolloServerPlugin<SubgraphContext<L>>[],
    });
    await apollo.start();

    installDatabaseHealth(app, bureau.name, database);
    installBodyParsing(app, SUBGRAPH_REQUEST_SIZE);
    installExecutionBudget(app, executionLimitsOf(settings));
    const residenceStatementMaxAgeMs = settings.RESIDENCE_STATEMENT_MAX_AGE_SECONDS * 1000;
    installGraphqlEndpoint(app, apollo, subgraphContext({ bureau, database, auditTrail, verifyToken, residenceStatementMaxAgeMs, log }));
    installNotFound(app);
    installErrorHandler(app, log);

    const stop = async () => {
      await apollo.stop();
      // The last records of this run are vouched for before the database closes.
      await checkpoints.stop();
      await database.close();
    };
    const host = options.host ?? '127.0.0.1';
    return {
      bureau: bureau.name,
      app,
      httpServer,
      database,
      auditCheckpointFile: checkpoints.file,
      stop,
      async listen() {
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
        return { bureau: bureau.name, url: `http://${host}:${port}/graphql`, port, database, auditCheckpointFile: checkpoints.file, stop };
      },
    };
  } catch (error) {
    await checkpoints.stop();
    await database.close();
    throw error;
  }
}

/** Builds the subgraph and serves it (createSubgraphApp, then listen). */
export async function startSubgraph<L>(bureau: Bureau<L>, options: SubgraphOptions = {}): Promise<RunningSubgraph> {
  const subgraph = await createSubgraphApp(bureau, options);
  try {
    return await subgraph.listen();
  } catch (error) {
    await subgraph.stop();
    throw error;
  }
}

/** What a subgraph process (`npm run start:<bureau>`) serves with: its bureau's settings. */
export function subgraphOptionsOf(bureau: string, settings: Settings): SubgraphOptions {
  const own = bureauSettings(settings, bureau);
  return {
    settings,
    port: own.PORT,
    host: settings.HOST,
    databaseUrl: own.DATABASE_URL,
    appDatabaseUrl: own.APP_DATABASE_URL,
    seed: settings.SEED_SYNTHETIC_DATA,
    countFiguresAtStart: true,
  };
}

/** The entry point of one subgraph process (`npm run start:<bureau>`). */
export function runSubgraph<L>(bureau: Bureau<L>): void {
  runProcess({ name: bureau.name, start: (settings) => startSubgraph(bureau, subgraphOptionsOf(bureau.name, settings)) });
}
