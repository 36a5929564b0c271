/**
 * GraphiQL in a real browser (Debian's Chromium driven by playwright-core, test/support/browser.ts): the page the
 * gateway serves at `/`, under its Content-Security-Policy, offline. A caseworker pastes a token into the Headers tab,
 * reloads the schema, writes a query with the editor's completion and runs it; the token is kept in the tab's
 * sessionStorage and never in localStorage, where GraphiQL keeps the tabs, the history and (by default) the headers.
 */
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium, visit, Visit } from '../support/browser';
import { CASEWORKER, startTestFederation, TestFederation } from '../support/federation';

let federation: TestFederation;
let browser: Browser;

beforeAll(async () => {
  [federation, browser] = await Promise.all([startTestFederation({ withGraphiql: true }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await federation?.stop();
});

/** The Authorization line of the Headers tab's template. */
const TEMPLATE_TOKEN = '"Authorization": "Bearer <token>"';
const QUERY = 'query DistrictNames {\n  districts {\n    code\n    name\n  }\n}';

// Callbacks of page.evaluate / locator.evaluate run in the page (this file is type-checked without the DOM library).

/** The text a Monaco editor shows (its rendered lines, top to bottom). */
function editorText(editor: Locator): Promise<string> {
  return editor.evaluate((element: any) =>
    [...element.querySelectorAll('.view-line')]
      .sort((a: any, b: any) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line: any) => line.textContent.replace(/\u00a0/g, ' '))
      .join('\n'),
  );
}

/** Expects the editor to show `expected`, within 15 s: Monaco renders its lines a moment after it appears. */
async function expectEditorToShow(editor: Locator, expected: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let text = await editorText(editor);
  while (!text.includes(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    text = await editorText(editor);
  }
  expect(text).toContain(expected);
}

function editors(page: Page) {
  return {
    query: page.locator('.graphiql-query-editor .monaco-editor').first(),
    headers: page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .monaco-editor').first(),
    response: page.locator('.graphiql-response .monaco-editor').first(),
  };
}

/** Replaces the whole text of a Monaco editor by pasting `text` (typing would add closing brackets). */
async function pasteText(page: Page, editor: Locator, text: string): Promise<void> {
  await page.evaluate((value) => (globalThis as any).navigator.clipboard.writeText(value), text);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

/**
 * Asks the editor for completions at the cursor until `field` is offered: the schema reaches monaco-graphql's worker
 * a moment after it arrives.
 */
async function completes(page: Page, field: string): Promise<void> {
  const offered = page.locator('.suggest-widget .monaco-list-row', { hasText: field }).first();
  for (let attempt = 1; ; attempt += 1) {
    await page.keyboard.press('Control+Space');
    try {
      await offered.waitFor({ state: 'visible', timeout: 5000 });
      return;
    } catch (error) {
      if (attempt === 6) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Every localStorage and sessionStorage entry of the page's origin. */
function storedEntries(page: Page): Promise<{ local: [string, string][]; session: [string, string][] }> {
  return page.evaluate(() => {
    const entries = (storage: any): [string, string][] => Object.keys(storage).map((key) => [key, storage.getItem(key)]);
    return { local: entries((globalThis as any).localStorage), session: entries((globalThis as any).sessionStorage) };
  });
}

const holding = (entries: [string, string][], text: string): string[] => entries.filter(([, value]) => value.includes(text)).map(([key]) => key);

/** Opens GraphiQL and waits until its editors are up. */
/**
 * GraphiQL's history records a run when it renders the run as fetching: an answer back within the same render (a
 * local gateway's can be) slips by unrecorded, now and then. The test's runs of its operation are held 300 ms, as a
 * real network would, so each one is recorded (and the headers it stores can be checked).
 */
async function holdRuns(page: Page): Promise<void> {
  // Registered after visit()'s recorder, so it runs first and hands the request on to it.
  await page.route('**/graphql', async (route) => {
    if (route.request().postData()?.includes('DistrictNames')) await new Promise((resolve) => setTimeout(resolve, 300));
    await route.fallback();
  });
}

async function openGraphiql(context: BrowserContext): Promise<Visit> {
  const v = await visit(context, `${federation.gatewayOrigin}/`);
  await holdRuns(v.page);
  await editors(v.page).query.waitFor({ state: 'visible', timeout: 30_000 });
  await editors(v.page).headers.waitFor({ state: 'visible' });
  return v;
}

/** The browser's notes on GraphiQL's schema requests before the token is pasted (the template's `<token>`). */
const unsignedIntrospection = (text: string) => /status of 401/.test(text);

describe('GraphiQL', () => {
  it('is served at / with security headers: a Content-Security-Policy, never framed, no referrer', async () => {
    for (const file of ['', 'app.js', 'app.css', 'graphql.worker.js']) {
      const response = await fetch(`${federation.gatewayOrigin}/${file}`);
      expect({ file, status: response.status }).toEqual({ file, status: 200 });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("worker-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      // Inline styles are allowed (Monaco), never inline script or eval.
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('runs a query with a token from the Headers tab, under the CSP and offline, and keeps the token out of localStorage', async () => {
    const token = await federation.token(CASEWORKER);
    const expected = await federation.query(QUERY, undefined, CASEWORKER);
    expect(expected.data.districts.length).toBeGreaterThan(0);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      const v = await openGraphiql(context);
      const { page } = v;
      const { query, headers, response } = editors(page);
      expect(v.violations).toEqual([]);
      await expectEditorToShow(headers, TEMPLATE_TOKEN);

      await pasteText(page, headers, JSON.stringify({ Authorization: `Bearer ${token}`, 'x-purpose': CASEWORKER.purpose }, null, 2));
      const introspected = page.waitForResponse((answer) => answer.url().endsWith('/graphql') && answer.ok(), { timeout: 30_000 });
      await page.getByRole('button', { name: /Re-fetch GraphQL schema/ }).click();
      await introspected;
      // The editor completes a field from the schema (monaco-graphql's worker, with the schema fetched by the token).
      await pasteText(page, query, 'query DistrictNames {\n  distr');
      await completes(page, 'districts');
      await page.keyboard.press('Escape');
      await pasteText(page, query, QUERY);
      await page.locator('.graphiql-execute-button').click();
      await page.waitForFunction(
        () => (globalThis as any).document.querySelector('.graphiql-response .view-lines')?.textContent.includes('districts'),
        undefined,
        { timeout: 30_000 },
      );
      const shown = await editorText(response);
      expect(shown).not.toContain('errors');
      for (const district of expected.data.districts) expect(shown).toContain(`"name": "${district.name}"`);
      // Monaco's workers run under the policy too (worker-src 'self').
      // Monaco starts a worker when an editor first needs it: on a busy machine the JSON one can come a moment later.
      const expectedWorkers = ['/editor.worker.js', '/graphql.worker.js', '/json.worker.js'];
      const running = () => page.workers().map((worker) => new URL(worker.url()).pathname);
      for (let waited = 0; waited < 30_000 && !expectedWorkers.every((worker) => running().includes(worker)); waited += 200) await page.waitForTimeout(200);
      expect(running()).toEqual(expect.arrayContaining(expectedWorkers));
      // The side panels and the settings dialog (which adds a <style> element) work under the policy too.
      await page.getByRole('button', { name: 'Show History' }).click();
      await page.locator('.graphiql-history-item', { hasText: 'DistrictNames' }).first().waitFor({ state: 'visible' });
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
      await page.locator('.graphiql-doc-explorer').getByText('District', { exact: true }).waitFor({ state: 'visible' });
      await page.getByRole('button', { name: 'Open settings dialog' }).click();
      await page.getByRole('dialog').getByText('Persist headers').waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');

      // GraphiQL writes its storage half a second after a change: wait for the history entry and the tab.
      await page.waitForFunction(
        (text) => Object.keys((globalThis as any).localStorage).some((key) => (globalThis as any).localStorage.getItem(key).includes(text)),
        'DistrictNames',
        { timeout: 10_000 },
      );
      let stored = await storedEntries(page);
      // The token is kept for this tab, beside the tabs and the history, which are also in localStorage.
      expect(holding(stored.session, token).sort()).toEqual(['graphiql:headers', 'graphiql:queries', 'graphiql:tabState']);
      expect(stored.local.map(([key]) => key)).toEqual(expect.arrayContaining(['graphiql:queries', 'graphiql:tabState']));
      expect(holding(stored.local, token)).toEqual([]);

      // A reload keeps the token (sessionStorage) and the query.
      await page.reload();
      await editors(page).headers.waitFor({ state: 'visible', timeout: 30_000 });
      await expectEditorToShow(editors(page).headers, `"Authorization": "Bearer ${token}"`);
      await expectEditorToShow(editors(page).query, 'query DistrictNames');
      stored = await storedEntries(page);
      expect(holding(stored.local, token)).toEqual([]);

      expect(v.external).toEqual([]);
      expect(v.violations).toEqual([]);
      expect(v.errors.filter((text) => !unsignedIntrospection(text))).toEqual([]);

      // A new session (the browser closed and opened again: localStorage kept, sessionStorage gone) finds the query
      // but not the token: the Headers tab shows the template again.
      const next = await browser.newContext({ viewport: { width: 1400, height: 900 }, storageState: await context.storageState() });
      try {
        const later = await openGraphiql(next);
        await expectEditorToShow(editors(later.page).query, 'query DistrictNames');
        await expectEditorToShow(editors(later.page).headers, TEMPLATE_TOKEN);
        stored = await storedEntries(later.page);
        expect(holding(stored.local, token)).toEqual([]);
        expect(holding(stored.session, token)).toEqual([]);
        expect(later.violations).toEqual([]);
      } finally {
        await next.close();
      }
    } finally {
      await context.close();
    }
  });

  it('removes a token an earlier build left in localStorage', async () => {
    const token = await federation.token(CASEWORKER);
    const leftHeaders = JSON.stringify({ Authorization: `Bearer ${token}` });
    const tab = {
      id: 'left-behind',
      title: 'DistrictNames',
      query: QUERY,
      variables: null,
      headers: leftHeaders,
      operationName: 'DistrictNames',
      response: null,
    };
    const localStorage = [
      { name: 'graphiql:headers', value: leftHeaders },
      { name: 'graphiql:shouldPersistHeaders', value: 'true' },
      { name: 'graphiql:tabState', value: JSON.stringify({ tabs: [tab], activeTabIndex: 0 }) },
      { name: 'graphiql:queries', value: JSON.stringify({ queries: [{ query: QUERY, headers: leftHeaders, operationName: 'DistrictNames' }] }) },
    ];
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      storageState: { cookies: [], origins: [{ origin: federation.gatewayOrigin, localStorage }] },
    });
    try {
      const v = await openGraphiql(context);
      await expectEditorToShow(editors(v.page).query, 'query DistrictNames');
      await expectEditorToShow(editors(v.page).headers, TEMPLATE_TOKEN);
      const stored = await storedEntries(v.page);
      expect(stored.local.map(([key]) => key)).toEqual(expect.arrayContaining(['graphiql:queries', 'graphiql:tabState']));
      expect(holding(stored.local, token)).toEqual([]);
      expect(v.violations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
