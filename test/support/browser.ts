import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/**
 * The gateway's pages in a real browser: Debian's Chromium (headless) driven by playwright-core. Every request a page
 * makes is routed through the test: anything not for this machine is recorded and aborted, and must never happen
 * (the pages work offline).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Visit {
  page: Page;
  /** Requests for any host but this machine (aborted). */
  external: string[];
  /** Bodies of the requests to the GraphQL endpoint. */
  graphql: string[];
  /** console.error messages and uncaught page errors. */
  errors: string[];
  /** Content-Security-Policy violations the page reported (`securitypolicyviolation` events). */
  violations: string[];
}

/** Opens `url` in a new page of `context`, routing and recording every request. */
export async function visit(context: BrowserContext, url: string): Promise<Visit> {
  const page = await context.newPage();
  const visit: Visit = { page, external: [], graphql: [], errors: [], violations: [] };
  await page.route('**/*', (route) => {
    const requested = new URL(route.request().url());
    if (['http:', 'https:', 'ws:', 'wss:'].includes(requested.protocol)) {
      if (requested.hostname !== '127.0.0.1' && requested.hostname !== 'localhost') {
        visit.external.push(requested.href);
        return route.abort();
      }
      if (requested.pathname === '/graphql') visit.graphql.push(route.request().postData() ?? '');
    }
    return route.continue();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') visit.errors.push(message.text());
  });
  page.on('pageerror', (error) => visit.errors.push(`page error: ${error.message}`));
  await page.exposeFunction('__reportViolation', (violation: string) => visit.violations.push(violation));
  // Runs in the page before its own scripts (this file is type-checked without the DOM library).
  await page.addInitScript(() => {
    const window = globalThis as any;
    window.document.addEventListener('securitypolicyviolation', (event: any) =>
      window.__reportViolation(`${event.effectiveDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`),
    );
  });
  await page.goto(url);
  return visit;
}
