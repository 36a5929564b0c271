/**
 * The decision-analysis dashboard in a real browser (Debian's Chromium driven by playwright-core): the page the
 * gateway serves at /dashboard, built only on the public /graphql endpoint with an analyst's token.
 *
 * Every request the page makes is routed through the test (test/support/browser.ts): none may leave this machine.
 * The charts are checked through window.__dashboard, which the page fills from what ECharts actually holds
 * (getOption()), so an empty chart fails the test.
 *
 * Saves test-artifacts/dashboard.png; with UPDATE_SCREENSHOT=1 also gateway/dashboard/screenshot.png (for the README).
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPair } from 'jose';
import { Browser, Page } from 'playwright-core';
import { repoRoot } from '../../subgraphs/kit/paths';
import { launchChromium, visit, Visit } from '../support/browser';
import { startTestFederation, TestFederation, tokenFor } from '../support/federation';

const PANELS = ['coverage', 'rollout', 'trends', 'origins', 'vaccination', 'spending'];
const ANALYST = { role: 'ANALYST', purpose: 'statistics' } as const;

let federation: TestFederation;
let browser: Browser;

beforeAll(async () => {
  [federation, browser] = await Promise.all([startTestFederation({ withDashboard: true }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await federation?.stop();
});

interface PanelStatus {
  state: string;
  points: number;
  charts: number[];
  marked?: string[];
  errors: string[];
  lang?: string;
}

/** Opens the dashboard in a fresh browser context (its own sessionStorage). */
async function visitDashboard(pathAndFragment: string): Promise<Visit & { close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  return { ...(await visit(context, `${federation.gatewayOrigin}${pathAndFragment}`)), close: () => context.close() };
}

// Callbacks of page.evaluate / waitForFunction run in the page: they reach its window as `globalThis` (this file is
// type-checked without the DOM library).

/** Waits until every panel has left "loading", then returns each one's state as the page reports it. */
async function settledPanels(page: Page): Promise<Record<string, PanelStatus>> {
  await page.waitForFunction(
    (names) => names.every((name) => ['ready', 'error'].includes((globalThis as any).document.querySelector(`[data-panel="${name}"]`)?.dataset.state ?? '')),
    PANELS,
    { timeout: 30_000 },
  );
  return page.evaluate(() => (globalThis as any).__dashboard.panels);
}

function save(page: Page, file: string): Promise<Buffer> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return page.screenshot({ path: file, fullPage: true });
}

describe('the dashboard page', () => {
  it('is served at /dashboard/ with a strict Content-Security-Policy, and /dashboard redirects there', async () => {
    const redirect = await fetch(`${federation.gatewayOrigin}/dashboard`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/dashboard/');
    const page = await fetch(`${federation.gatewayOrigin}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    // Only relative references: everything comes from the gateway itself.
    const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]);
    expect(refs).toEqual(['data:,', './app.css', './app.js']);
    for (const file of ['app.js', 'app.css']) expect((await fetch(`${federation.gatewayOrigin}/dashboard/${file}`)).status).toBe(200);
    expect((await fetch(`${federation.gatewayOrigin}/dashboard/nothing.js`)).status).toBe(404);
  });

  it('draws every panel from the public endpoint with an analyst token, offline, in Chinese and in English', async () => {
    const token = await federation.token(ANALYST);
    const v = await visitDashboard(`/dashboard#token=${token}`);
    try {
      const { page } = v;
      expect(await page.locator('[data-panel]').count()).toBe(PANELS.length);
      const panels = await settledPanels(page);
      for (const name of PANELS) {
        // The errors are in the expectation so that a failure says why.
        expect({ name, state: panels[name].state, errors: panels[name].errors }).toEqual({ name, state: 'ready', errors: [] });
        expect(panels[name].charts.length).toBeGreaterThan(0);
        for (const points of panels[name].charts) expect({ name, hasData: points > 0 }).toEqual({ name, hasData: true });
      }
      // One request per panel, and the place picker's list of districts.
      expect(v.graphql).toHaveLength(PANELS.length + 1);

      // One chart per district or year: the spending table has a row per district.
      const districts = (await federation.query('{ districts { code } }', undefined, ANALYST)).data.districts;
      expect(panels.spending.points).toBe(districts.length);
      await expect(page.locator('[data-panel="spending"] tbody tr').count()).resolves.toBe(districts.length);

      // The vaccination chart holds exactly the districts' figures health publishes (withheld ones as gaps).
      const vaccination = fs.readFileSync(path.join(repoRoot(), 'gateway/dashboard/queries/vaccination.graphql'), 'utf8');
      const published = (await federation.query(vaccination, undefined, ANALYST)).data.districts.flatMap((d: any) =>
        ['children', 'upToDate', 'behindSchedule', 'coverageRate'].map((field) => d.vaccinationCoverage[field]),
      );
      expect(panels.vaccination.points).toBe(published.filter((value: unknown) => value !== null).length);

      // The token left the address bar (and the history) once read.
      expect(page.url()).not.toContain('token=');
      // The Chinese page, with the suppression footnote on the panels of person counts.
      await expect(page.locator('[data-panel="coverage"] h2').textContent()).resolves.toBe('各区县覆盖情况');
      await expect(page.locator('[data-panel="coverage"] .footnote').textContent()).resolves.toContain('小于10的数不公开');

      // A tooltip (built as DOM nodes, allowed by the CSP) over the middle of the trends chart.
      const chart = page.locator('[data-panel="trends"] .chart canvas').first();
      // Below the range form the chart may start under the fold: the mouse only hovers what is in the viewport.
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.locator('[data-panel="trends"] .tip').first().waitFor({ state: 'visible', timeout: 5000 });
      await page.mouse.move(0, 0);

      await page.click('#lang-toggle');
      await page.waitForFunction((names) => names.every((name) => (globalThis as any).__dashboard.panels[name]?.lang === 'en'), PANELS, { timeout: 15_000 });
      await page.getByRole('heading', { name: 'Coverage by district' }).waitFor({ state: 'visible' });
      await page.getByRole('heading', { name: 'Monthly trends since 2013' }).waitFor({ state: 'visible' });
      await expect(page.locator('[data-panel="origins"] .footnote').textContent()).resolves.toContain('Counts of 1–9 are suppressed (<10)');
      const after = await page.evaluate(() => (globalThis as any).__dashboard.panels);
      for (const name of PANELS) expect({ name, state: after[name].state, hasData: after[name].points > 0 }).toEqual({ name, state: 'ready', hasData: true });
      // Switching language redraws from the data already fetched.
      expect(v.graphql).toHaveLength(PANELS.length + 1);

      await save(page, path.join(repoRoot(), 'test-artifacts/dashboard.png'));
      if (process.env.UPDATE_SCREENSHOT === '1') await save(page, path.join(repoRoot(), 'gateway/dashboard/screenshot.png'));

      expect(v.external).toEqual([]);
      expect(v.violations).toEqual([]);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it('rings in red exactly the roll-out years where fewer service points opened than planned, and says both numbers', async () => {
    const v = await visitDashboard(`/dashboard#token=${await federation.token(ANALYST)}`);
    try {
      const { page } = v;
      const panels = await settledPanels(page);
      expect(panels.rollout.state).toBe('ready');
      const rolloutQuery = fs.readFileSync(path.join(repoRoot(), 'gateway/dashboard/queries/rollout.graphql'), 'utf8');
      const districts = (await federation.query(rolloutQuery, undefined, ANALYST)).data.districts;
      // The oracle: the graph's opened and planned counts where the plan gives a count, not its onTarget (which
      // compares shares: 51 of 51 planned can be short of a target share); after the plan's counts, the share.
      const below = districts.flatMap((d: any) =>
        d.rollout
          .filter((y: any) => (y.plannedCumulative !== null ? y.openedCumulative < y.plannedCumulative : y.onTarget === false))
          .map((y: any) => `${d.name ?? d.code}@${y.year}`),
      );
      // Years that opened what was planned yet fall short of the target share (Xingqing's 51 of 51) occur in the
      // seeded city: a page marking by onTarget fails here.
      const metShortOfShare = districts.flatMap((d: any) =>
        d.rollout.filter((y: any) => y.plannedCumulative !== null && y.openedCumulative >= y.plannedCumulative && y.onTarget === false),
      );
      expect(metShortOfShare.length).toBeGreaterThan(0);
      expect(below.length).toBeGreaterThan(0);
      expect([...(panels.rollout.marked ?? [])].sort()).toEqual([...below].sort());

      // The tooltip of a year the plan counts gives each district's opened and planned numbers.
      const years: number[] = districts[0].rollout.map((y: any) => y.year);
      const index = years.findIndex((year) => districts.some((d: any) => d.rollout.find((y: any) => y.year === year)?.plannedCumulative != null));
      const chart = page.locator('[data-panel="rollout"] .chart canvas').first();
      const box = (await chart.boundingBox())!;
      // The years are spread over the plot between the grid's margins (left 50 px, right 30 px).
      await page.mouse.move(box.x + 50 + (index * (box.width - 80)) / (years.length - 1), box.y + box.height / 2);
      const tip = page.locator('[data-panel="rollout"] .tip').first();
      await tip.waitFor({ state: 'visible', timeout: 5000 });
      const text = (await tip.textContent()) ?? '';
      expect(text).toContain(String(years[index]));
      const counted = districts.map((d: any) => d.rollout.find((y: any) => y.year === years[index])).filter((y: any) => y?.plannedCumulative != null);
      expect(counted.length).toBeGreaterThan(0);
      for (const y of counted) expect(text).toContain(`${y.openedCumulative} / 规划 ${y.plannedCumulative}`);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it.each([390, 1920])('at %i px wide lays out without horizontal overflow', async (width) => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    try {
      const { page } = await visit(context, `${federation.gatewayOrigin}/dashboard#token=${await federation.token(ANALYST)}`);
      const panels = await settledPanels(page);
      for (const name of PANELS) expect({ name, state: panels[name].state }).toEqual({ name, state: 'ready' });
      await save(page, path.join(repoRoot(), `test-artifacts/dashboard-${width}.png`));
      const sizes = await page.evaluate(() => ({ scroll: (globalThis as any).document.documentElement.scrollWidth, inner: (globalThis as any).innerWidth }));
      expect(sizes.scroll).toBeLessThanOrEqual(sizes.inner);
    } finally {
      await context.close();
    }
  });

  it('without a token shows the token form and sends no query; a pasted token opens the dashboard', async () => {
    const v = await visitDashboard('/dashboard');
    try {
      const { page } = v;
      await page.locator('#token-form').waitFor({ state: 'visible' });
      await expect(page.locator('#token-form').textContent()).resolves.toContain('npm run -s token -- --role analyst');
      expect(await page.locator('#panels').isVisible()).toBe(false);
      await page.waitForLoadState('networkidle');
      expect(v.graphql).toEqual([]);

      await page.fill('#token-input', `Bearer ${await federation.token(ANALYST)}`);
      await page.click('#token-form button[type="submit"]');
      const panels = await settledPanels(page);
      for (const name of PANELS) expect({ name, state: panels[name].state }).toEqual({ name, state: 'ready' });
      expect(await page.locator('#token-form').isVisible()).toBe(false);
      expect(v.external).toEqual([]);
      expect(v.violations).toEqual([]);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it.each([
    ['an expired token', async () => tokenFor(federation.signingKey, ANALYST, Math.floor(Date.now() / 1000) - 60), 'The token has expired'],
    [
      'a token signed with another key',
      async () => tokenFor((await generateKeyPair('ES256')).privateKey, ANALYST),
      'The token is not valid: it names a signing key (kid) this service does not trust',
    ],
  ])(
    'with %s the page says once, in its language, that the token was refused (each panel in state error, no error box repeating it) and asks for a new one',
    async (_case, makeToken, message) => {
      const v = await visitDashboard(`/dashboard#token=${await makeToken()}`);
      try {
        const { page } = v;
        const panels = await settledPanels(page);
        for (const name of PANELS) {
          expect({ name, state: panels[name].state }).toEqual({ name, state: 'error' });
          expect(panels[name].errors).toEqual([`${message} [UNAUTHENTICATED]`]);
        }
        // Said once, for the page, in the page's language (Chinese): no panel repeats the server's English message.
        await page.locator('#token-refused').waitFor({ state: 'visible' });
        await expect(page.locator('#token-refused').textContent()).resolves.toBe('令牌被拒绝，请粘贴新的令牌。');
        await expect(page.locator('.error:visible').count()).resolves.toBe(0);
        await expect(page.getByText(message).count()).resolves.toBe(0);
        // The refused token is not kept for the next visit.
        expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('dashboard.token'))).toBeNull();
        expect(v.external).toEqual([]);
        // The only console errors are the browser's own notes on the 401 responses.
        expect(v.errors.filter((text) => !/status of 401/.test(text))).toEqual([]);
      } finally {
        await v.close();
      }
    },
  );
});
