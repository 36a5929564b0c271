import type { RequestHandler } from 'express';

/**
 * The security headers of the gateway's browser pages, one policy per page. Both pages hold a caller's token, so
 * neither may be framed (clickjacking) or send a referrer, and each Content-Security-Policy allows nothing but what
 * that page needs, all from the gateway itself: the pages work offline and load nothing from another host.
 */
function pageHeaders(contentSecurityPolicy: string[]): Record<string, string> {
  return {
    'content-security-policy': ["default-src 'none'", ...contentSecurityPolicy, "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join('; '),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
}

/**
 * The decision-analysis dashboard: ECharts draws on canvas and the page builds its tooltips as DOM nodes, so neither
 * inline script nor inline style is allowed.
 */
export const DASHBOARD_HEADERS = pageHeaders(["script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'"]);

/** GraphiQL (the bundle of scripts/build-graphiql.ts); still no inline script and no eval. */
export const GRAPHIQL_HEADERS = pageHeaders([
  "script-src 'self'",
  // Monaco writes its theme and decorations into <style> elements it creates, and sets style attributes on the lines
  // it renders; Radix's dialogs add a <style> element too. None of them takes a nonce, so inline styles are allowed.
  "style-src 'self' 'unsafe-inline'",
  // The fonts (GraphiQL's Roboto and Fira Code, Monaco's codicons) are inlined into app.css as data: URLs.
  'font-src data:',
  // The empty inline favicon of index.html, so that the browser does not ask for /favicon.ico.
  'img-src data:',
  // Monaco's editor, JSON and GraphQL workers, started from the files next to app.js.
  "worker-src 'self'",
  // The schema and the operations: /graphql on this origin.
  "connect-src 'self'",
]);

/** Sets `headers` on every response of the route it is mounted on. */
export function withHeaders(headers: Record<string, string>): RequestHandler {
  return (_request, response, next) => {
    response.set(headers);
    next();
  };
}
