import http from 'node:http';
import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server';
import { expressMiddleware, ExpressContextFunctionArgument } from '@as-integrations/express5';
import type { Express, RequestHandler } from 'express';
import type { Logger } from './logger';
import { graphqlRequestBody, notFoundHandler, requestErrorHandler } from './request-body';

/**
 * The pieces every service's Express app is composed of, one concern each, installed in the order of the routes: the
 * gateway and the subgraphs each build theirs from these (createGatewayApp, createSubgraphApp) and listen after.
 */

/** `all`, not `use`, for each of its handlers: /graphql itself, not every path under it. */
export const GRAPHQL_PATH = '/graphql';

/**
 * The HTTP server of `app`, keeping idle keep-alive connections open for `keepAliveMs` (`HTTP_KEEP_ALIVE_MS`)
 * instead of Node's 5 s, and saying so in the `Keep-Alive: timeout=` header, which the gateway's client honours by
 * closing its idle sockets first. A request sent on a socket the server was just closing used to fail as "subgraph
 * unavailable".
 */
export function createHttpServer(app: Express, keepAliveMs: number): http.Server {
  const httpServer = http.createServer(app);
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

/** `GET /health`: the status and body `check` finds. */
export function installHealth(app: Express, check: () => Promise<{ status: number; body: object }>): void {
  app.get('/health', async (_request, response) => {
    const { status, body } = await check();
    response.status(status).json(body);
  });
}

/** The body of a POST to /graphql: JSON (else 415), at most `limit` (see graphqlRequestBody). */
export function installBodyParsing(app: Express, limit: string): void {
  app.all(GRAPHQL_PATH, graphqlRequestBody(limit));
}

/** A step every request to /graphql takes before GraphQL sees it. */
export function installGraphqlStep(app: Express, step: RequestHandler): void {
  app.all(GRAPHQL_PATH, step);
}

/**
 * /graphql answered by `apollo` (started), with each request's context from `context`. Every answer is `no-store`: it
 * holds personal data or one role's figures, which no shared cache may keep. Set here rather than by Apollo's cache
 * control plugin, which runs a hook on every field resolved to compute a policy that is never anything else.
 */
export function installGraphqlEndpoint<C extends BaseContext>(
  app: Express,
  apollo: ApolloServer<C>,
  context: ContextFunction<[ExpressContextFunctionArgument], C>,
): void {
  app.all(GRAPHQL_PATH, (_request, response, next) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.all(GRAPHQL_PATH, expressMiddleware(apollo, { context }));
}

/** After every route: a JSON 404 for what the service does not serve. */
export function installNotFound(app: Express): void {
  app.use(notFoundHandler());
}

/** Last: errors that reach Express answered in JSON, never with its HTML page. */
export function installErrorHandler(app: Express, log: Logger): void {
  app.use(requestErrorHandler(log));
}
