import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloGateway, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ApolloServer, ContextFunction } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ExpressContextFunctionArgument } from '@as-integrations/express5';
import express from 'express';
import { purposeFromHeader } from '../subgraphs/kit/auth/access';
import { RESIDENCE_STATEMENT_FIELD } from '../subgraphs/kit/auth/residence-statement';
import { MAX_OPERATION_NAME_LENGTH } from '../subgraphs/kit/auth/audit';
import { clientRequestIdFromHeader, gatewayRequestHeaders, REQUEST_ID_HEADER } from '../subgraphs/kit/auth/request-id';
import { identityFromHeader, Identity, TokenVerifier, tokenVerifierOf } from '../subgraphs/kit/auth/identity';
import { loadServiceKeys } from '../subgraphs/kit/auth/service-keys';
import { createErrorFormatter } from '../subgraphs/kit/errors';
import { ExecutionLimits, executionLimitsOf } from '../subgraphs/kit/execution-budget';
import {
  createHttpServer,
  installBodyParsing,
  installErrorHandler,
  installGraphqlEndpoint,
  installGraphqlStep,
  installHealth,
  installNotFound,
  listen,
} from '../subgraphs/kit/http-app';
import { IDEMPOTENCY_HEADER, idempotencyKeyFromHeader } from '../subgraphs/kit/idempotency';
import { createLogger, Logger } from '../subgraphs/kit/logger';
import { repoRoot } from '../subgraphs/kit/paths';
import { clientErrorStatusPlugin, operationResolutionPlugin } from '../subgraphs/kit/plugins';
import { runProcess } from '../subgraphs/kit/process-runner';
import { queryLimitOptions, queryLimitsOf } from '../subgraphs/kit/query-limits';
import { loadSettings, Settings } from '../subgraphs/kit/settings';
import { valueLimitsOf, valueLimitsRule, variableLimitsPlugin } from '../subgraphs/kit/value-limits';
import { distinctRepresentations, expandEntities } from './entity-dedup';
import { readRegistry, registeredDocuments } from './operations-registry';
import { DASHBOARD_HEADERS, GRAPHIQL_HEADERS, withHeaders } from './security-headers';
import { SupergraphOrigin, SupergraphSource } from './supergraph-source';
import { trustedDocumentsPlugin } from './trusted-documents';
import { usageDirOf, usageRecordingPlugin } from './usage-recording';

export interface GatewayOptions {
  /**
   * The limits, deadlines and keys the gateway serves with, and the defaults of the options below (default:
   * `loadSettings()`, the process's environment).
   */
  settings?: Settings;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Subgraph GraphQL URLs by subgraph name (default: the `<BUREAU>_URL` settings); a subgraph not named keeps the URL
   * composed into the supergraph.
   */
  subgraphUrls?: Record<string, string>;
  /** The supergraph file, watched for changes (default: the SUPERGRAPH_FILE setting, unless SUPERGRAPH_URL is set). */
  supergraphPath?: string;
  /** The built GraphiQL page (default dist/graphiql, made by `npm run build`). */
  graphiqlDir?: string;
  /** The built decision-analysis dashboard (default dist/dashboard, made by `npm run build`), served at /dashboard/. */
  dashboardDir?: string;
  /** How tokens are verified (default: as the settings say, AUTH_* or else the local demo key). */
  verifyToken?: TokenVerifier;
}

/** A verified caller and the headers every subgraph gets from the gateway, which checks them again itself. */
interface GatewayContext {
  identity: Identity;
  forwardedHeaders: Record<string, string>;
}

/**
 * Headers passed on to the subgraphs: the caller's token (zero trust), their purpose, a mutation's idempotency key.
 * The request id, its signature and the client's own id are added by the gateway itself (gatewayRequestHeaders).
 */
const FORWARDED_HEADERS = ['authorization', 'x-purpose', IDEMPOTENCY_HEADER];

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The gateway built and ready to serve: its Express app composed, its Apollo server started. */
export interface GatewayApp {
  app: express.Express;
  httpServer: http.Server;
  /** Listens on the port and host of the options. */
  listen(): Promise<RunningGateway>;
  stop(): Promise<void>;
}

/** Errors of a pooled connection that the subgraph closed (idle) or reset before it answered (undici's and Node's). */
const RESET_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

function isResetConnection(error: unknown): boolean {
  let cause = error as { code?: unknown; cause?: unknown } | undefined;
  // A few levels of causes at most: undici wraps the socket's error once or twice, and a cause may point back.
  for (let depth = 0; cause && depth < 5; depth += 1, cause = cause.cause as typeof cause) {
    if (typeof cause.code === 'string' && RESET_CONNECTION.has(cause.code)) return true;
  }
  return false;
}

/** Reads may be sent again; a mutation is never repeated by the gateway (the client decides, with its idempotency key). */
function isRead(options: GraphQLDataSourceProcessOptions<GatewayContext>): boolean {
  return !/^\s*mutation\b/.test(options.request.query ?? '');
}

/**
 * A subgraph that cannot be reached (down, refusing connections, timing out) becomes one error naming the bureau,
 * with code SERVICE_UNAVAILABLE; only the fields that bureau owns come back null. A read that fails on a reused
 * connection the subgraph had just closed is sent again (up to READ_ATTEMPTS times). The original error is logged.
 */
/** How many times a read is sent while its connection is reset. */
const READ_ATTEMPTS = 3;

class BureauDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly bureau: string,
    url: string,
    private readonly log: Logger,
    private readonly deadlines: FetchDeadlines,
  ) {
    // Node's own fetch (undici) closes an idle connection 2 s before the keep-alive timeout the subgraph announces;
    // the default fetcher's agent keeps it until the subgraph closes it, and now and then sends a request on it just
    // then (ECONNRESET, the bureau unavailable for that request). Each fetch is aborted at its deadline.
    super({ url, fetcher: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(fetchDeadline.getStore() ?? deadlines.readMs) }) });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Only operations of callers carry a context (the gateway makes no other requests: it runs no health checks).
    const forwarded = (options.context as Partial<GatewayContext> | undefined)?.forwardedHeaders ?? {};
    for (const [name, value] of Object.entries(forwarded)) options.request.http?.headers.set(name, value);
  }

  /** Each distinct `_entities` representation sent once, the answer expanded back to every position (entity-dedup.ts). */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    const repeats = distinctRepresentations(options.request.variables?.representations);
    if (!repeats) return this.processDistinct(options);
    const variables = { ...options.request.variables, representations: repeats.distinct };
    return expandEntities(await this.processDistinct({ ...options, request: { ...options.request, variables } }), repeats.positions);
  }

  private async processDistinct(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    // The pool may hand the resent read another connection the subgraph has just closed: a read is sent up to
    // READ_ATTEMPTS times while its connection is reset (reads change nothing, so sending one again is safe).
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sendOnce(options);
      } catch (error) {
        if (!isResetConnection(error) || !isRead(options) || attempt === READ_ATTEMPTS) return this.failed(error, options);
        this.log.warn({ bureau: this.bureau, err: error, attempt }, 'subgraph connection reset; read sent again');
      }
    }
  }

  private async sendOnce(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    try {
      const deadlineMs = isRead(options) ? this.deadlines.readMs : this.deadlines.writeMs;
      return await fetchDeadline.run(deadlineMs, () => super.process(options));
    } catch (error) {
      // A subgraph answers a variable it cannot coerce with HTTP 400 and GraphQL errors in the body: pass those
      // errors on as they are (with their code and field) instead of the data source's bare "400: Bad Request".
      const body = error instanceof GraphQLError ? (error.extensions.response as { body?: unknown } | undefined)?.body : undefined;
      if (body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)) {
        const { data, errors } = body as { data?: Record<string, unknown> | null; errors: GraphQLFormattedError[] };
        return { data, errors };
      }
      throw error;
    }
  }

  private timedOut(options: GraphQLDataSourceProcessOptions<GatewayContext>): GraphQLError {
    const read = isRead(options);
    const seconds = (read ? this.deadlines.readMs : this.deadlines.writeMs) / 1000;
    // A write may have been applied all the same: the client's Idempotency-Key makes sending it again safe.
    const retry = read ? '' : '; it may have been applied: send it again with the same Idempotency-Key to learn its outcome';
    return new GraphQLError(`The ${this.bureau} subgraph did not answer within ${seconds} s${retry}`, {
      extensions: { code: 'DEADLINE_EXCEEDED', serviceName: this.bureau },
    });
  }

  private failed(error: unknown, options: GraphQLDataSourceProcessOptions<GatewayContext>): Awaited<ReturnType<RemoteGraphQLDataSource['process']>> {
    if (error instanceof GraphQLError) throw error;
    const unavailable = isTimeout(error)
      ? this.timedOut(options)
      : new GraphQLError(`The ${this.bureau} subgraph is unavailable`, {
          extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.bureau },
        });
    this.log.error({ bureau: this.bureau, err: error }, unavailable.message);
    const unstated = isRead(options) ? withoutResidenceStatements(options, unavailable) : null;
    if (unstated) return unstated;
    throw unavailable;
  }
}

/** How long the gateway waits for a subgraph's answer to one fetch. */
interface FetchDeadlines {
  readMs: number;
  writeMs: number;
}

/**
 * A subgraph's own deadline (execution-budget.ts) plus a second: a bureau that is merely slow answers with its own
 * DEADLINE_EXCEEDED first; one that hangs is given up on here.
 */
function fetchDeadlinesOf(limits: ExecutionLimits): FetchDeadlines {
  return { readMs: limits.readDeadlineMs + 1000, writeMs: limits.writeDeadlineMs + 1000 };
}

/** The deadline of the fetch being sent, for the fetcher, which sees only the URL and the request. */
const fetchDeadline = new AsyncLocalStorage<number>();

/** fetch's abort at the signal's timeout: a DOMException, not necessarily an `Error` of this realm (under jest it is not). */
function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}

/**
 * Public security down: the statements of where persons live that the other bureaus' personal fields `@require` are
 * answered as missing (null) rather than not at all, so those bureaus still serve the roles whose grants do not depend
 * on them (and refuse community workers) — a bureau that is down nulls only its own fields. Every other field of the
 * fetch stays unanswered, with the error naming the bureau.
 */
function withoutResidenceStatements(
  options: GraphQLDataSourceProcessOptions<GatewayContext>,
  unavailable: GraphQLError,
): Awaited<ReturnType<RemoteGraphQLDataSource['process']>> | null {
  const representations = options.request.variables?.representations;
  if (!Array.isArray(representations) || !new RegExp(`\\b${RESIDENCE_STATEMENT_FIELD}\\b`).test(options.request.query ?? '')) return null;
  return {
    data: {
      _entities: representations.map((representation: { __typename?: unknown }) =>
        representation.__typename === 'Person' ? { __typename: 'Person', [RESIDENCE_STATEMENT_FIELD]: null } : null,
      ),
    },
    errors: [unavailable.toJSON()],
  };
}

/** SUPERGRAPH_URL, polled, if set; else the supergraph file, watched. */
function supergraphOriginOf(settings: Settings, file: string | undefined): SupergraphOrigin {
  if (settings.SUPERGRAPH_URL && !file) return { url: settings.SUPERGRAPH_URL, pollSeconds: settings.SUPERGRAPH_POLL_SECONDS };
  return { file: file ?? settings.SUPERGRAPH_FILE };
}

/** The `<BUREAU>_URL` of each bureau that has it set. */
function subgraphUrlsOf(settings: Settings): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [name, own] of Object.entries(settings.bureaus)) if (own.URL) urls[name] = own.URL;
  return urls;
}

async function subgraphHealth(graphqlUrl: string): Promise<boolean> {
  try {
    const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * `/health`: 200 while every subgraph of the supergraph in use is healthy, each subgraph's status in the body, with the
 * id of the supergraph in use and of the last one refused since (the reason is in the gateway's log).
 */
function installSubgraphsHealth(app: express.Express, supergraph: SupergraphSource): void {
  installHealth(app, async () => {
    const { id, subgraphs } = supergraph.serving;
    const checks = await Promise.all(subgraphs.map(async ({ name, url }) => [name, (await subgraphHealth(url)) ? 'ok' : 'unavailable'] as const));
    const healthy = checks.every(([, status]) => status === 'ok');
    const body = { status: healthy ? 'ok' : 'degraded', subgraphs: Object.fromEntries(checks), supergraph: id, refusedSupergraph: supergraph.refusedId };
    return { status: healthy ? 200 : 503, body };
  });
}

/** The request's id, issued here; the client gets it back to quote (but never its signature, kept for the bureaus). */
function installRequestId(app: express.Express): void {
  installGraphqlStep(app, (_request, response, next) => {
    response.locals.requestId = randomUUID();
    response.setHeader(REQUEST_ID_HEADER, response.locals.requestId);
    next();
  });
}

/** Checks the caller as a subgraph will (token, purpose, idempotency key) and signs the request id for the subgraphs. */
function gatewayContext(verifyToken: TokenVerifier): ContextFunction<[ExpressContextFunctionArgument], GatewayContext> {
  return async ({ req, res }) => {
    const identity = await identityFromHeader(req.header('authorization'), verifyToken);
    purposeFromHeader(req.header('x-purpose'), identity.role);
    idempotencyKeyFromHeader(req.header(IDEMPOTENCY_HEADER));
    const clientRequestId = clientRequestIdFromHeader(req.header(REQUEST_ID_HEADER));
    const forwardedHeaders = gatewayRequestHeaders(res.locals.requestId, req.header('authorization')!, clientRequestId);
    for (const name of FORWARDED_HEADERS) {
      const value = req.header(name);
      if (value) forwardedHeaders[name] = value;
    }
    return { identity, forwardedHeaders };
  };
}

/**
 * The dashboard: a static page that reads the public /graphql endpoint with an analyst's token (/dashboard redirects
 * to /dashboard/, keeping a #token=… fragment), with its security headers.
 */
function installDashboard(app: express.Express, dashboardDir: string): void {
  app.use('/dashboard', withHeaders(DASHBOARD_HEADERS), express.static(dashboardDir), (_request: express.Request, response: express.Response) => {
    if (fs.existsSync(path.join(dashboardDir, 'index.html'))) response.status(404).type('text').send('Not found');
    else response.status(503).type('text').send('The dashboard is not built yet: run `npm run build`.');
  });
}

/** GraphiQL at `/`, with its security headers. */
function installGraphiql(app: express.Express, graphiqlDir: string): void {
  app.use('/', withHeaders(GRAPHIQL_HEADERS), express.static(graphiqlDir));
  app.get('/', (_request, response) => {
    response.status(503).type('text').send('GraphiQL is not built yet: run `npm run build`. The GraphQL endpoint is /graphql.');
  });
}

/**
 * The Apollo gateway on a composed supergraph (no runtime introspection of subgraphs), from the checked-in file or the
 * SUPERGRAPH_URL, swapping in a new one when it changes (supergraph-source.ts); serving `/graphql`,
 * the offline GraphiQL bundle at `/`, the decision-analysis dashboard at `/dashboard/`, and `/health`; built without
 * listening: `listen()` on the result serves it.
 */
export async function createGatewayApp(options: GatewayOptions = {}): Promise<GatewayApp> {
  const settings = options.settings ?? loadSettings();
  const log = createLogger('gateway', settings.LOG_LEVEL);
  // The key it signs request ids with, loaded now: one that cannot be read stops the start.
  loadServiceKeys(settings, ['gateway-request']);
  const overrides = options.subgraphUrls ?? subgraphUrlsOf(settings);
  const supergraph = new SupergraphSource(supergraphOriginOf(settings, options.supergraphPath), overrides, log);
  const deadlines = fetchDeadlinesOf(executionLimitsOf(settings));
  // @apollo/gateway 2.14 otherwise probes cloud metadata services and sends usage metrics to Apollo when it is made:
  // a city's graph talks to no third party, and an offline one would only log failed lookups.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph,
    // Called for each subgraph of every supergraph swapped in: the overrides hold for the new ones too.
    buildService: ({ name, url }) => new BureauDataSource(name, overrides[name] ?? url ?? '', log, deadlines),
  });

  const verifyToken = options.verifyToken ?? (await tokenVerifierOf(settings));
  // Limits a query must keep before it is planned: depth, cost, aliases, directives, tokens (query-limits.ts).
  const queryLimits = queryLimitOptions(queryLimitsOf(settings));
  const valueLimits = valueLimitsOf(settings);
  // Read once: a client registered since is trusted from the next start.
  const registered = registeredDocuments(readRegistry(settings.OPERATIONS_REGISTRY));

  const app = express();
  const httpServer = createHttpServer(app, settings.HTTP_KEEP_ALIVE_MS);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Argument values too are bounded before planning, which takes time exponential in how deep a literal nests.
    validationRules: [...queryLimits.validationRules, valueLimitsRule(valueLimits)],
    parseOptions: queryLimits.parseOptions,
    allowBatchedHttpRequests: false,
    formatError: createErrorFormatter(log),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Introspection for signed-in callers (GraphiQL); every unsigned request is refused before it runs.
    introspection: true,
    // The process runner's SIGTERM/SIGINT handling stops the server; Apollo's would race it and leave stop() hanging.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      trustedDocumentsPlugin(settings.TRUSTED_DOCUMENTS, registered, log),
      operationResolutionPlugin(MAX_OPERATION_NAME_LENGTH),
      clientErrorStatusPlugin(),
      ...queryLimits.plugins,
      variableLimitsPlugin(valueLimits),
      ...(settings.USAGE_RECORDING
        ? [usageRecordingPlugin<GatewayContext>({ dir: usageDirOf(settings), retentionDays: settings.USAGE_RETENTION_DAYS }, log)]
        : []),
    ],
  });
  await apollo.start();

  installSubgraphsHealth(app, supergraph);
  installRequestId(app);
  installBodyParsing(app, settings.MAX_REQUEST_SIZE);
  installGraphqlEndpoint(app, apollo, gatewayContext(verifyToken));
  installDashboard(app, options.dashboardDir ?? path.join(repoRoot(), 'dist/dashboard'));
  installGraphiql(app, options.graphiqlDir ?? path.join(repoRoot(), 'dist/graphiql'));
  installNotFound(app);
  installErrorHandler(app, log);

  const stop = () => apollo.stop();
  const host = options.host ?? '127.0.0.1';
  return {
    app,
    httpServer,
    stop,
    async listen() {
      await listen(httpServer, options.port ?? 0, host);
      const port = (httpServer.address() as AddressInfo).port;
      const { id, subgraphs } = supergraph.serving;
      log.info({ port, supergraph: id, subgraphs }, 'gateway listening');
      return { url: `http://${host}:${port}/graphql`, port, stop };
    },
  };
}

/** Builds the gateway and serves it (createGatewayApp, then listen). */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const gateway = await createGatewayApp(options);
  try {
    return await gateway.listen();
  } catch (error) {
    await gateway.stop();
    throw error;
  }
}

/** The entry point of the gateway process (`npm run start:gateway`), finding the subgraphs by `<BUREAU>_URL`. */
if (require.main === module) {
  runProcess({ name: 'gateway', start: (settings) => startGateway({ settings, port: settings.GATEWAY_PORT, host: settings.HOST }) });
}
