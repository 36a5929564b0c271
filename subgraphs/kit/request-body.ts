import express, { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from './logger';

/** The shape of every GraphQL error response, for requests refused before GraphQL sees them. */
function errorBody(message: string, code: 'BAD_REQUEST' | 'NOT_FOUND' | 'INTERNAL_SERVER_ERROR') {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * The body of `/graphql`: a POST must be JSON (else 415), at most `limit`. Other methods pass on: Apollo answers GET
 * queries itself, with its CSRF checks.
 */
export function graphqlRequestBody(limit: string): RequestHandler[] {
  return [
    (request, response, next) => {
      if (request.method === 'POST' && !request.is('application/json')) {
        response.status(415).json(errorBody('Send the request body as application/json', 'BAD_REQUEST'));
        return;
      }
      next();
    },
    express.json({ limit }),
  ];
}

/**
 * After every route of a service: a path (or method) it does not serve gets a JSON 404 in the shape of a GraphQL
 * error rather than Express's HTML "Cannot GET …" page. The path is not echoed back.
 */
export function notFoundHandler(): RequestHandler {
  return (_request, response) => {
    response.status(404).json(errorBody('There is nothing at this path: the GraphQL endpoint is /graphql', 'NOT_FOUND'));
  };
}

/** What the body parser's refusals (`error.type`) mean for the caller. */
const BODY_ERRORS: Record<string, (error: { limit?: number }) => string> = {
  'entity.parse.failed': () => 'The request body is not a JSON object',
  'entity.too.large': (error) => `The request body is larger than the limit of ${error.limit} bytes`,
  'encoding.unsupported': () => 'The request body is in a content encoding that is not supported',
  'charset.unsupported': () => 'The request body must be UTF-8',
  'request.aborted': () => 'The request body was cut off',
  'request.size.invalid': () => 'The request body does not match its Content-Length',
};

/**
 * The last handler of a service: an error that reaches Express (a body that is not JSON, too large, in an unknown
 * encoding, a malformed URL…) is answered in JSON with its 4xx status and a code, never with Express's HTML page,
 * which shows the stack trace and file paths.
 */
export function requestErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, _request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const status = typeof error?.status === 'number' ? error.status : 500;
    if (status >= 400 && status < 500) {
      const message = BODY_ERRORS[error.type]?.(error) ?? `The request was refused (HTTP ${status})`;
      response.status(status).json(errorBody(message, 'BAD_REQUEST'));
      return;
    }
    log.error({ err: error }, 'request failed');
    response.status(500).json(errorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
  };
}
