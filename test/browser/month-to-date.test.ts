import { addDays, today } from '../../subgraphs/kit/dates';
import { monthsFrom } from '../../subgraphs/kit/monthly-series';
import { releaseAsOf } from '../../subgraphs/kit/releases';
import { expectProtectedCounts } from '../support/checks';
import type { Browser } from 'playwright-core';
import { launchChromium, visit } from '../support/browser';
import { Caller, startTestFederation, TestFederation } from '../support/federation';
import { cityMonth, generatedRecords, GeneratedRecords, lastDayOf } from '../support/figures';

// Daily releases (STATISTICS_RELEASE=day) cut the figures off yesterday, so a monthly series ends with the month to
// date. It must say so and count it up to the cut-off — read as a whole month, its stocks would drop and its flows
// fall short — and the dashboard's trend chart must show it as such. A file of its own: the release period is set
// per process, and the other files run monthly releases.

let federation: TestFederation;
let browser: Browser;
let records: GeneratedRecords;
/** The day this file started: a run may cross midnight, when the federation counts the next daily release. */
const startDay = today();
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };
const SERIES = {
  populationByMonth: ['population', 'registeredMigrants newRegistrations validPermits'],
  schoolingByMonth: ['schooling', 'enrolled newEnrolments'],
  employmentByMonth: ['employment', 'registered employed withContract employedWithContract insured trainingCompleted'],
  casesByMonth: ['cases', 'reliefGranted disputesFound disputesSettled disputesOpen'],
} as const;

// A daily release is counted at the start, not taken from the seeded template: every bureau protects a release of its
// own before the first test, minutes on a busy machine.
const TEN_MINUTES = 600_000;

beforeAll(async () => {
  records = generatedRecords();
  [federation, browser] = await Promise.all([startTestFederation({ settings: { STATISTICS_RELEASE: 'day' }, withDashboard: true }), launchChromium()]);
}, TEN_MINUTES);

afterAll(async () => {
  await browser?.close();
  await federation?.stop();
});

/**
 * The cut-off of the daily release served now: yesterday, by the day this file started or by today — whichever the
 * federation has counted — as the kit computes it too.
 */
async function servedCutOff(): Promise<{ asOf: string; month: string }> {
  const result = await federation.query('{ statistics { population { asOf } } }', {}, ANALYST);
  expect(result.errors).toBeUndefined();
  const asOf: string = result.data.statistics.population.asOf;
  expect([addDays(startDay, -1), addDays(today(), -1)]).toContain(asOf);
  expect([releaseAsOf(startDay), releaseAsOf()]).toContain(asOf);
  return { asOf, month: asOf.slice(0, 7) };
}

describe('a daily release', () => {
  it('ends every monthly series with the month of its cut-off, yesterday, marked partial unless yesterday closed the month', async () => {
    const { asOf, month } = await servedCutOff();
    const firstMonth = addDays(`${month}-01`, -1).slice(0, 7);
    const result = await federation.query(
      `{ statistics { population { asOf } ${Object.keys(SERIES)
        .map((list) => `${list}(from: "${firstMonth}") { asOf month partial lastDayCounted }`)
        .join(' ')} } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const { statistics } = result.data;
    expect(statistics.population.asOf).toBe(asOf);
    const partial = asOf !== lastDayOf(month);
    for (const list of Object.keys(SERIES)) {
      expect([list, statistics[list]]).toEqual([
        list,
        monthsFrom(firstMonth, month).map((m) =>
          m === month ? { asOf, month, partial, lastDayCounted: asOf } : { asOf, month: m, partial: false, lastDayCounted: lastDayOf(m) },
        ),
      ]);
    }
  });

  it('counts the month to date up to the cut-off: stocks held on it, flows from the first of the month to it', async () => {
    const { asOf, month } = await servedCutOff();
    const result = await federation.query(
      `{ statistics {
        population { registeredMigrants validPermits suppressed }
        ${Object.entries(SERIES)
          .map(([list, [, fields]]) => `${list}(from: "${month}") { ${fields} suppressed }`)
          .join(' ')} } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const { statistics } = result.data;
    const counted = cityMonth(month, records, asOf);
    for (const [list, [bureau]] of Object.entries(SERIES)) {
      const [figures] = statistics[list];
      expectProtectedCounts(`${list} ${month}`, figures, counted[bureau]);
    }
    // The registered migrants of the month to date are those of the release: no drop at the end of the line.
    expect(statistics.populationByMonth[0].registeredMigrants).toBe(statistics.population.registeredMigrants);
    expect(statistics.population.registeredMigrants).toBeGreaterThan(0);
  });

  it('is shaded on the trend chart and named by its last day, in Chinese and in English', async () => {
    const { asOf, month } = await servedCutOff();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const { page, errors } = await visit(context, `${federation.gatewayOrigin}/dashboard#token=${await federation.token(ANALYST)}`);
      const trendsMarked = async (lang: string) => {
        await page.waitForFunction(
          (want) => (globalThis as any).__dashboard.panels.trends?.state === 'ready' && (globalThis as any).__dashboard.panels.trends.lang === want,
          lang,
          {
            timeout: 30_000,
          },
        );
        return page.evaluate(() => (globalThis as any).__dashboard.panels.trends.marked as string[]);
      };
      const partial = asOf !== lastDayOf(month);
      expect(await trendsMarked('zh')).toEqual(partial ? [`本月截至 ${asOf.slice(5)}@${month}`] : []);
      await page.click('#lang-toggle');
      expect(await trendsMarked('en')).toEqual(partial ? [`Month to date, up to ${asOf.slice(5)}@${month}`] : []);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
