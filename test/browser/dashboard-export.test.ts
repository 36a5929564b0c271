/**
 * The dashboard as an analyst's tool (issue 17, item 3): a time range for the monthly trends, each panel's data
 * downloaded as CSV and XLSX, and the page printed as an A4 report. In Debian's Chromium (test/support/browser.ts),
 * against the gateway's own answers to the same query.
 *
 * The report for a sending region (npm run report:origin) prints on A4 the same way.
 *
 * Saves test-artifacts/dashboard-print.png (the print layout at A4 width), the trends panel's CSV file and
 * test-artifacts/origin-report.png; with UPDATE_SCREENSHOT=1 also gateway/reports/origin-report.png (for the README).
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Browser, Download, Page } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import { addMonths } from '../../subgraphs/kit/dates';
import { monthsFrom } from '../../subgraphs/kit/monthly-series';
import { repoRoot } from '../../subgraphs/kit/paths';
import { launchChromium, visit, Visit } from '../support/browser';
import { parseCsv } from '../support/csv';
import { Caller, startTestFederation, TestFederation } from '../support/federation';

const PANELS = ['coverage', 'rollout', 'trends', 'origins', 'vaccination', 'spending'];
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };
const TRENDS = fs.readFileSync(path.join(repoRoot(), 'gateway/dashboard/queries/trends.graphql'), 'utf8');
/** The columns of the trends file on the Chinese page: the list and field of the graph each one holds. */
const TREND_COLUMNS: [string, string, string][] = [
  ['登记流动人口', 'populationByMonth', 'registeredMigrants'],
  ['有效居住证', 'populationByMonth', 'validPermits'],
  ['随迁子女在校', 'schoolingByMonth', 'enrolled'],
  ['签订劳动合同就业', 'employmentByMonth', 'withContract'],
  ['参加社会保险', 'employmentByMonth', 'insured'],
  ['批准救助（当月）', 'casesByMonth', 'reliefGranted'],
  ['调解结案（当月）', 'casesByMonth', 'disputesSettled'],
  ['调解中纠纷（月末）', 'casesByMonth', 'disputesOpen'],
];
/** How a withheld count is written on the Chinese page. */
const MARKER = '不公开（<10）';

let federation: TestFederation;
let browser: Browser;
/** The month of the release the gateway serves, its cut-off, and the 12 months up to it. */
let asOf: string;
let latest: string;
let last12: string[];

beforeAll(async () => {
  [federation, browser] = await Promise.all([startTestFederation({ withDashboard: true }), launchChromium()]);
  const result = await federation.query('{ statistics { population { asOf } } }', {}, ANALYST);
  asOf = result.data.statistics.population.asOf;
  latest = asOf.slice(0, 7);
  last12 = monthsFrom(addMonths(`${latest}-01`, -11).slice(0, 7), latest);
});

afterAll(async () => {
  await browser?.close();
  await federation?.stop();
});

// Callbacks of page.evaluate / waitForFunction run in the page: they reach its window as `globalThis` (this file is
// type-checked without the DOM library).

async function open(pathAndQuery: string, width = 1400): Promise<Visit & { close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, acceptDownloads: true });
  const opened = await visit(context, `${federation.gatewayOrigin}${pathAndQuery}#token=${await federation.token(ANALYST)}`);
  return { ...opened, close: () => context.close() };
}

async function settled(page: Page): Promise<Record<string, any>> {
  await page.waitForFunction(
    (names) => names.every((name) => ['ready', 'error'].includes((globalThis as any).__dashboard?.panels[name]?.state ?? '')),
    PANELS,
    { timeout: 30_000 },
  );
  return page.evaluate(() => (globalThis as any).__dashboard);
}

/** Waits for the trends panel to have drawn the range starting at `from`. */
async function trendsDrawn(page: Page, from: string): Promise<any> {
  await page.waitForFunction(
    (first) => {
      const dashboard = (globalThis as any).__dashboard;
      return dashboard.range.from === first && ['ready', 'error'].includes(dashboard.panels.trends?.state);
    },
    from,
    { timeout: 30_000 },
  );
  return page.evaluate(() => (globalThis as any).__dashboard.panels.trends);
}

/** The file a click on `selector` downloads. */
async function downloaded(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.click(selector)]);
  const file = await (download as Download).path();
  return { name: (download as Download).suggestedFilename(), bytes: fs.readFileSync(file!) };
}

/** The rows the trends file must hold: the gateway's answer to the panel's own query, withheld counts as the marker. */
async function expectedTrendRows(from: string, to: string): Promise<(string | number | null)[][]> {
  const result = await federation.query(TRENDS, { from, to }, ANALYST);
  expect(result.errors).toBeUndefined();
  const statistics = result.data.statistics;
  return statistics.populationByMonth.map((population: any, i: number) => [
    population.month,
    ...TREND_COLUMNS.map(([, list, field]) => {
      const record = statistics[list][i];
      expect(record.month).toBe(population.month);
      if (record[field] !== null) return record[field];
      return record.suppressed.includes(field) ? MARKER : null;
    }),
    population.lastDayCounted,
  ]);
}

describe('the dashboard as a tool', () => {
  it('draws exactly the last 12 months once "12 months" is chosen, asks the gateway for them, and keeps the choice in the link and across a language switch', async () => {
    const v = await open('/dashboard/');
    try {
      const { page } = v;
      const before = await settled(page);
      for (const name of PANELS) expect({ name, state: before.panels[name].state }).toEqual({ name, state: 'ready' });
      // Since 2013 by default, up to the release's month.
      expect(before.panels.trends.variables).toEqual({ from: '2013-01', to: null });
      expect(before.panels.trends.categories).toEqual(monthsFrom('2013-01', latest));
      expect(before.release).toBe(asOf);
      const requests = v.graphql.length;

      await page.click('[data-preset="12m"]');
      const trends = await trendsDrawn(page, last12[0]);
      expect(trends.state).toBe('ready');
      expect(trends.categories).toEqual(last12);
      // One request, the trends panel's, carrying the range as variables.
      expect(v.graphql.slice(requests).map((body) => JSON.parse(body))).toEqual([
        expect.objectContaining({ operationName: 'DashboardTrends', variables: { from: last12[0], to: latest } }),
      ]);
      const link = new URL(page.url());
      expect([link.searchParams.get('from'), link.searchParams.get('to')]).toEqual([last12[0], latest]);
      expect(link.hash).toBe('');
      await expect(page.locator('[data-panel="trends"] h2').textContent()).resolves.toBe(`月度趋势 · ${last12[0]} 至 ${latest}`);
      await expect(page.locator('#report-line').textContent()).resolves.toBe(`月度趋势 ${last12[0]} 至 ${latest} · 统计截止 ${asOf}`);

      await page.click('#lang-toggle');
      await page.waitForFunction(() => (globalThis as any).__dashboard.panels.trends.lang === 'en', undefined, { timeout: 15_000 });
      const english = await page.evaluate(() => (globalThis as any).__dashboard);
      expect(english.panels.trends.categories).toEqual(last12);
      expect(english.range).toEqual({ from: last12[0], to: latest });
      expect(page.url()).toBe(link.href);
      await expect(page.locator('[data-panel="trends"] h2').textContent()).resolves.toBe(`Monthly trends · ${last12[0]} to ${latest}`);
      expect(v.graphql.length).toBe(requests + 1);

      // "5 years": the 60 months up to the release's.
      const from5y = addMonths(`${latest}-01`, -59).slice(0, 7);
      await page.click('[data-preset="5y"]');
      const fiveYears = await trendsDrawn(page, from5y);
      expect(fiveYears.categories).toEqual(monthsFrom(from5y, latest));
      expect(fiveYears.categories).toHaveLength(60);
      expect(v.errors).toEqual([]);

      // The link reproduces the view.
      const again = await open(`${link.pathname}${link.search}`);
      try {
        const reopened = await settled(again.page);
        expect(reopened.panels.trends.categories).toEqual(last12);
        expect(reopened.panels.trends.variables).toEqual({ from: last12[0], to: latest });
      } finally {
        await again.close();
      }
    } finally {
      await v.close();
    }
  });

  it('downloads the trends panel as CSV and as XLSX: the months shown, every value as the gateway gives it, withheld ones as the marker, with the release and the range', async () => {
    const v = await open(`/dashboard/?from=${last12[0]}&to=${latest}`);
    try {
      const { page } = v;
      const dashboard = await settled(page);
      expect(dashboard.panels.trends.categories).toEqual(last12);
      const expected = await expectedTrendRows(last12[0], latest);
      expect(expected.map((row) => row[0])).toEqual(last12);
      // The test population withholds some months' small counts: the marker is exercised.
      expect(expected.flat()).toContain(MARKER);
      const header = ['月份', ...TREND_COLUMNS.map(([name]) => name), '统计至'];

      const csv = await downloaded(page, '[data-panel="trends"] [data-export="csv"]');
      fs.mkdirSync(path.join(repoRoot(), 'test-artifacts'), { recursive: true });
      fs.writeFileSync(path.join(repoRoot(), 'test-artifacts', csv.name), csv.bytes);
      expect(csv.name).toBe(`trends-${last12[0]}_${latest}-zh.csv`);
      // UTF-8 with a byte-order mark; records end with CRLF.
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = csv.bytes.toString('utf8').slice(1);
      expect(text.endsWith('\r\n')).toBe(true);
      const [stamp, csvHeader, ...csvRows] = parseCsv(text);
      expect(stamp).toHaveLength(1);
      expect(stamp[0]).toContain(`统计截止：${asOf}`);
      expect(stamp[0]).toContain(`时间范围：${last12[0]} 至 ${latest}`);
      expect(stamp[0]).toContain(`小于10的数不公开，记为：${MARKER}`);
      expect(csvHeader).toEqual(header);
      expect(csvRows).toEqual(expected.map((row) => row.map((cell) => (cell === null ? '' : String(cell)))));

      const xlsx = await downloaded(page, '[data-panel="trends"] [data-export="xlsx"]');
      expect(xlsx.name).toBe(`trends-${last12[0]}_${latest}-zh.xlsx`);
      const sheets = await readXlsxFile(xlsx.bytes);
      expect(sheets.map((sheet) => sheet.sheet)).toEqual(['月度趋势', '说明']);
      const [xlsxHeader, ...xlsxRows] = sheets[0].data;
      expect(xlsxHeader).toEqual(header);
      // Numbers stay numbers; withheld counts are the marker, never empty or 0.
      expect(xlsxRows).toEqual(expected);
      const about = Object.fromEntries(sheets[1].data.map(([key, value]) => [key, value]));
      expect(about).toEqual(expect.objectContaining({ 统计截止: asOf, 时间范围: `${last12[0]} 至 ${latest}`, '小于10的数不公开，记为': MARKER }));
      expect(v.violations).toEqual([]);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it('downloads every other panel as CSV and XLSX, in the page language, stamped with its release', async () => {
    const v = await open('/dashboard/');
    try {
      const { page } = v;
      await settled(page);
      await page.click('#lang-toggle');
      await page.waitForFunction((names) => names.every((name) => (globalThis as any).__dashboard.panels[name]?.lang === 'en'), PANELS, { timeout: 15_000 });
      const vaccination = (await federation.query(fs.readFileSync(path.join(repoRoot(), 'gateway/dashboard/queries/vaccination.graphql'), 'utf8'), {}, ANALYST))
        .data;
      for (const name of PANELS.filter((panel) => panel !== 'trends')) {
        const csv = parseCsv((await downloaded(page, `[data-panel="${name}"] [data-export="csv"]`)).bytes.toString('utf8').slice(1));
        const sheets = await readXlsxFile((await downloaded(page, `[data-panel="${name}"] [data-export="xlsx"]`)).bytes);
        expect({ name, sheets: sheets.at(-1)!.sheet }).toEqual({ name, sheets: 'About' });
        // The first sheet's rows are the CSV's (its first table's), the header included.
        expect(sheets[0].data.length).toBeGreaterThan(1);
        const csvHeaderAt = csv.findIndex((record) => record.join(',') === sheets[0].data[0].join(','));
        expect({ name, headerFound: csvHeaderAt > 0 }).toEqual({ name, headerFound: true });
        expect(csv.slice(csvHeaderAt, csvHeaderAt + sheets[0].data.length)).toEqual(
          sheets[0].data.map((row) => row.map((cell) => (cell === null ? '' : String(cell)))),
        );
        if (name === 'vaccination') {
          // One row per district and one for the city, each figure as health publishes it.
          const rows = sheets[0].data.slice(1);
          const figures = [...vaccination.districts.map((d: any) => d.vaccinationCoverage), vaccination.statistics.vaccinationCoverage];
          expect(rows.map((row) => row.slice(1, 4))).toEqual(
            figures.map((f: any) =>
              ['children', 'upToDate', 'behindSchedule'].map((field) => f[field] ?? (f.suppressed.includes(field) ? 'suppressed (<10)' : null)),
            ),
          );
          expect(csv[0][0]).toContain(`Release (figures as of): ${vaccination.statistics.vaccinationCoverage.asOf}`);
        }
      }
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it('does not send a range the form finds bad, and says once, in the page language, when the server refuses one', async () => {
    const v = await open('/dashboard/');
    try {
      const { page } = v;
      await settled(page);
      const requests = v.graphql.length;
      const tryRange = async (from: string, to: string) => {
        await page.fill('#range-from', from);
        await page.fill('#range-to', to);
        await page.click('#range-form button[type="submit"]');
        // Applying a range starts the trends panel's load at once (state "loading"): it is still the old drawing.
        return page.evaluate(() => ({
          range: (globalThis as any).__dashboard.range,
          state: (globalThis as any).__dashboard.panels.trends.state,
          valid: (globalThis as any).document.querySelector('#range-form').checkValidity(),
        }));
      };
      const previous = last12[5];
      // The first month after the last, and a month after the release's.
      for (const [from, to] of [
        [latest, previous],
        ['2013-01', addMonths(`${latest}-01`, 1).slice(0, 7)],
      ]) {
        expect(await tryRange(from, to)).toEqual({ range: { from: '2013-01', to: null }, state: 'ready', valid: false });
      }
      expect(v.graphql.length).toBe(requests);
    } finally {
      await v.close();
    }

    // A link asking for months the release does not have: the server refuses, the page says so once, in Chinese.
    const refused = await open('/dashboard/?from=2013-01&to=2099-12');
    try {
      const { page } = refused;
      const dashboard = await settled(page);
      expect(dashboard.panels.trends.state).toBe('error');
      expect(dashboard.panels.trends.errors.length).toBeGreaterThan(0);
      for (const error of dashboard.panels.trends.errors) expect(error).toMatch(/\[BAD_USER_INPUT\]$/);
      for (const name of PANELS.filter((panel) => panel !== 'trends')) expect({ name, state: dashboard.panels[name].state }).toEqual({ name, state: 'ready' });
      await expect(page.locator('#range-refused').textContent()).resolves.toBe('服务器拒绝了所选时间范围：2013-01 至 2099-12');
      await expect(page.locator('.error:visible').count()).resolves.toBe(0);
      await expect(page.getByText('must be between').count()).resolves.toBe(0);
      // Choosing a preset recovers.
      await page.click('[data-preset="12m"]');
      expect((await trendsDrawn(page, last12[0])).categories).toEqual(last12);
      expect(await page.locator('#range-refused').isVisible()).toBe(false);
    } finally {
      await refused.close();
    }
  });

  it('prints as an A4 report: controls hidden, a header with the title, range and release, panels whole, charts redrawn to the page width', async () => {
    const v = await open(`/dashboard/?from=${last12[0]}&to=${latest}`);
    try {
      const { page } = v;
      await settled(page);
      // A4 at 96 dpi is 794 px wide.
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.emulateMedia({ media: 'print' });
      await page.waitForFunction(
        () =>
          [...(globalThis as any).document.querySelectorAll('.chart')].every(
            (chart: any) => chart.querySelector('canvas').getBoundingClientRect().width <= chart.clientWidth,
          ),
        undefined,
        { timeout: 10_000 },
      );
      for (const selector of ['#lang-toggle', '#change-token', '#range-form', '[data-export="csv"]', '[data-export="xlsx"]', 'details.query']) {
        const locator = page.locator(selector);
        for (let i = 0; i < (await locator.count()); i += 1)
          expect({ selector, visible: await locator.nth(i).isVisible() }).toEqual({ selector, visible: false });
      }
      await expect(page.locator('h1').textContent()).resolves.toBe('银川市流动人口决策分析');
      await expect(page.locator('#report-line').textContent()).resolves.toBe(`月度趋势 ${last12[0]} 至 ${latest} · 统计截止 ${asOf}`);
      const layout = await page.evaluate(() => {
        const document = (globalThis as any).document;
        const width = document.documentElement.clientWidth;
        return {
          width,
          scrollWidth: document.documentElement.scrollWidth,
          wider: [...document.querySelectorAll('body *')]
            .filter((node: any) => node.getBoundingClientRect().width > 0 && node.getBoundingClientRect().right > width + 0.5)
            .map((node: any) => `${node.tagName}.${node.className}`),
          breaks: [...document.querySelectorAll('.panel')].map((panel: any) => (globalThis as any).getComputedStyle(panel).breakInside),
          charts: [...document.querySelectorAll('.chart canvas')].map((canvas: any) => canvas.getBoundingClientRect().width),
        };
      });
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
      expect(layout.wider).toEqual([]);
      expect(layout.breaks).toEqual(PANELS.map(() => 'avoid'));
      // Every chart spans most of the page (the origins charts stacked rather than side by side).
      for (const width of layout.charts) expect(width).toBeGreaterThan(layout.width * 0.8);
      const file = path.join(repoRoot(), 'test-artifacts/dashboard-print.png');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file, fullPage: true });
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });
});

describe('the report for a sending region', () => {
  it("prints Gansu's report on A4: every table within the page width, the header repeated on each page, in Chinese", async () => {
    execFileSync(process.execPath, [path.join(repoRoot(), 'scripts/ensure-built.js')], { stdio: 'ignore' });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-origin-report-'));
    const context = await browser.newContext({ viewport: { width: 794, height: 1123 }, deviceScaleFactor: 1 });
    try {
      const token = await federation.token(ANALYST);
      const { stdout } = await promisify(execFile)(process.execPath, [
        path.join(repoRoot(), 'dist/scripts/origin-report.js'),
        ...['--region', '620000', '--token', token, '--from', '2024-01', '--out', out, '--gateway', federation.gatewayUrl],
      ]);
      const html = stdout.trim().split('\n')[0];
      const v = await visit(context, `file://${html}`);
      const { page } = v;
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('h1').textContent()).resolves.toBe('流动人口服务管理协作报告：甘肃省');
      await expect(page.locator('h2').allTextContents()).resolves.toEqual([
        `截至统计截止日的情况（${asOf}）`,
        '全市逐月情况（月末数）',
        '全市逐年情况（年内发生数）',
      ]);
      const layout = await page.evaluate(() => {
        const document = (globalThis as any).document;
        const width = document.body.getBoundingClientRect().right;
        return {
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          wider: [...document.querySelectorAll('table')].filter((table: any) => table.getBoundingClientRect().right > width + 0.5).length,
          repeatedHeads: [...document.querySelectorAll('thead')].map((head: any) => (globalThis as any).getComputedStyle(head).display),
        };
      });
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
      expect(layout.wider).toBe(0);
      expect(layout.repeatedHeads).toEqual(['table-header-group', 'table-header-group', 'table-header-group']);
      const pdf = await page.pdf({ preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // A4 portrait in PDF points, from the page's own @page rule.
      const pages = pdf.toString('latin1').match(/\/MediaBox \[0 0 [\d.]+ [\d.]+\]/g) ?? [];
      expect(pages.length).toBeGreaterThan(0);
      for (const box of pages) {
        const [width, height] = box
          .slice(box.indexOf('[') + 5, -1)
          .split(' ')
          .map(Number);
        expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
      }
      const file = path.join(repoRoot(), 'test-artifacts/origin-report.png');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file, fullPage: true });
      if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: path.join(repoRoot(), 'gateway/reports/origin-report.png'), fullPage: true });
      expect(v.external).toEqual([]);
      expect(v.errors).toEqual([]);
    } finally {
      await context.close();
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
