/**
 * The dashboard's drill-down (issue 17, item 3): a place picker (city → district → street → community) and a click on
 * a place in the coverage chart drill every panel down; each panel shows the chosen place's figures as the gateway
 * gives them for that place (read back from the panel's CSV file), or says that nothing is published at that level;
 * the link reproduces the view. The coverage panel's rates are recomputed here from the gateway's counts as the panel
 * states them (visits per 100 = 100 × visits ÷ registered migrants, to one decimal).
 *
 * Saves test-artifacts/dashboard-street.png (the page drilled down to a street).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, Download, Page } from 'playwright-core';
import { addMonths } from '../../subgraphs/kit/dates';
import { monthsFrom } from '../../subgraphs/kit/monthly-series';
import { repoRoot } from '../../subgraphs/kit/paths';
import { launchChromium, visit, Visit } from '../support/browser';
import { parseCsv } from '../support/csv';
import { Caller, startTestFederation, TestFederation } from '../support/federation';
import { SCHOOLING_YEAR_ENDS } from '../../subgraphs/education/loaders/enrolment-counts';

const PANELS = ['coverage', 'rollout', 'trends', 'origins', 'vaccination', 'spending'];
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };
/** How a withheld count is written on the Chinese page. */
const MARKER = '不公开（<10）';

let federation: TestFederation;
let browser: Browser;
let latest: string;
let last12: string[];
/** A district, one of its streets with several communities, and one of those communities with a year end shown. */
let district: { code: string; name: string };
let street: { code: string; name: string };
let community: { code: string; name: string };

beforeAll(async () => {
  [federation, browser] = await Promise.all([startTestFederation({ withDashboard: true }), launchChromium()]);
  const answer = await federation.query(
    '{ statistics { population { asOf } } districts { code name streets { code name communities { code name populationByYear { registeredMigrants } } } } }',
    {},
    ANALYST,
  );
  latest = answer.data.statistics.population.asOf.slice(0, 7);
  last12 = monthsFrom(addMonths(`${latest}-01`, -11).slice(0, 7), latest);
  const districts = answer.data.districts;
  // In the test's small population most communities' year ends are withheld: one with a year end to draw.
  const drawn = (c: any) => c.populationByYear.some((y: any) => y.registeredMigrants > 0);
  const streetOf = (d: any) => d.streets.find((s: any) => s.communities.length > 1 && s.communities.some(drawn));
  const chosen = districts.find((d: any) => d.streets.length > 1 && streetOf(d));
  const chosenStreet = streetOf(chosen);
  [district, street, community] = [chosen, chosenStreet, chosenStreet.communities.find(drawn)];
});

afterAll(async () => {
  await browser?.close();
  await federation?.stop();
});

// Callbacks of page.evaluate / waitForFunction run in the page: they reach its window as `globalThis`.

async function open(pathAndQuery: string): Promise<Visit & { close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1, acceptDownloads: true });
  const opened = await visit(context, `${federation.gatewayOrigin}${pathAndQuery}#token=${await federation.token(ANALYST)}`);
  return { ...opened, close: () => context.close() };
}

/** Waits until every panel has drawn the place at `level` and the picker knows its names; the page's report. */
async function drawnAt(page: Page, level: string): Promise<Record<string, any>> {
  await page.waitForFunction(
    ({ names, level }) => {
      const dashboard = (globalThis as any).__dashboard;
      return names.every((name) => dashboard.panels[name]?.level === level && ['ready', 'error'].includes(dashboard.panels[name]?.state));
    },
    { names: PANELS, level },
    { timeout: 30_000 },
  );
  return page.evaluate(() => (globalThis as any).__dashboard);
}

/** The tables of a panel's CSV file: its header and rows (the stamp line left out). */
async function csvOf(page: Page, panel: string): Promise<{ stamp: string; tables: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.click(`[data-panel="${panel}"] [data-export="csv"]`)]);
  const records = parseCsv(fs.readFileSync((await (download as Download).path())!, 'utf8').slice(1));
  return { stamp: records[0][0], tables: records.slice(1) };
}

/** A count as the file writes it: the number, the marker when withheld, empty when there is none. */
const countText = (value: number | null, field: string, record: { suppressed: string[] } | null) =>
  value !== null ? String(value) : record?.suppressed.includes(field) ? MARKER : '';
/** A rate 0–1 as the file writes it: a percentage to one decimal; withheld when one of its two counts is. */
const rateText = (value: number | null, counts: string[], record: { suppressed: string[] }) =>
  value !== null ? String(Math.round(value * 1000) / 10) : counts.some((count) => record.suppressed.includes(count)) ? MARKER : '';

/** The coverage rows the gateway's figures give for places (each with population, reliefAndMediation, employment?). */
function coverageRows(places: any[], withContract: boolean): string[][] {
  return places.map((p) => {
    const visits = p.reliefAndMediation.servicePointVisits;
    const registered = p.population.registeredMigrants;
    // Visits are never withheld; the count of migrants may be.
    const withheld = registered === null && p.population.suppressed.includes('registeredMigrants');
    const per100 = withheld ? MARKER : visits === null || !registered ? '' : String(Math.round((1000 * visits) / registered) / 10);
    return [
      p.name,
      per100,
      rateText(p.population.permitRate, ['validPermits', 'registeredMigrants'], p.population),
      ...(withContract ? [rateText(p.employment.contractRate, ['withContract', 'employed'], p.employment)] : []),
      visits === null ? '' : String(visits),
      countText(registered, 'registeredMigrants', p.population),
    ];
  });
}

const FIGURES = `population { registeredMigrants permitRate suppressed } reliefAndMediation { servicePointVisits }`;
const EMPLOYMENT = `employment { contractRate suppressed }`;

/** The coverage panel's file holds the gateway's figures for the places below the chosen one. */
async function expectCoverage(page: Page, level: 'city' | 'district' | 'street' | 'community'): Promise<void> {
  let places: any[];
  if (level === 'city') places = (await federation.query(`{ districts { name ${FIGURES} ${EMPLOYMENT} } }`, {}, ANALYST)).data.districts;
  else if (level === 'district')
    places = (await federation.query(`query ($c: ID!) { district(code: $c) { streets { name ${FIGURES} } } }`, { c: district.code }, ANALYST)).data.district
      .streets;
  else if (level === 'street')
    places = (await federation.query(`query ($c: ID!) { street(code: $c) { communities { name ${FIGURES} ${EMPLOYMENT} } } }`, { c: street.code }, ANALYST))
      .data.street.communities;
  else
    places = [
      (await federation.query(`query ($c: ID!) { community(code: $c) { name ${FIGURES} ${EMPLOYMENT} } }`, { c: community.code }, ANALYST)).data.community,
    ];
  // Streets have no employment figures: the file has no contract-rate column there.
  const withContract = level !== 'district';
  const { tables } = await csvOf(page, 'coverage');
  const [header, ...rows] = tables;
  expect(header).toEqual([
    { city: '区县', district: '街道', street: '社区', community: '社区' }[level],
    '每百人到访次数（近12个月）',
    '居住证持有率 (%)',
    ...(withContract ? ['劳动合同签订率 (%)'] : []),
    '服务站到访次数（近12个月）',
    '登记流动人口',
  ]);
  expect(rows).toEqual(coverageRows(places, withContract));
}

/** The trends file holds the district's own monthly series, as the gateway gives them. */
async function expectDistrictTrends(page: Page): Promise<void> {
  const answer = await federation.query(
    `query ($c: ID!, $from: String!, $to: String) { district(code: $c) {
      populationByMonth(from: $from, to: $to) { month registeredMigrants validPermits lastDayCounted suppressed }
      schoolingByMonth(from: $from, to: $to) { enrolled suppressed }
      employmentByMonth(from: $from, to: $to) { withContract insured suppressed }
      casesByMonth(from: $from, to: $to) { reliefGranted disputesSettled disputesOpen suppressed } } }`,
    { c: district.code, from: last12[0], to: latest },
    ANALYST,
  );
  const d = answer.data.district;
  const expected = d.populationByMonth.map((p: any, i: number) => [
    p.month,
    countText(p.registeredMigrants, 'registeredMigrants', p),
    countText(p.validPermits, 'validPermits', p),
    countText(d.schoolingByMonth[i].enrolled, 'enrolled', d.schoolingByMonth[i]),
    countText(d.employmentByMonth[i].withContract, 'withContract', d.employmentByMonth[i]),
    countText(d.employmentByMonth[i].insured, 'insured', d.employmentByMonth[i]),
    countText(d.casesByMonth[i].reliefGranted, 'reliefGranted', d.casesByMonth[i]),
    countText(d.casesByMonth[i].disputesSettled, 'disputesSettled', d.casesByMonth[i]),
    countText(d.casesByMonth[i].disputesOpen, 'disputesOpen', d.casesByMonth[i]),
    p.lastDayCounted,
  ]);
  expect(expected.map((row: string[]) => row[0])).toEqual(last12);
  const { stamp, tables } = await csvOf(page, 'trends');
  expect(stamp).toContain(district.name);
  expect(tables.slice(1)).toEqual(expected);
}

/** The trends file of a street holds its stocks at each month's end, the only series published for a street: registrations and open disputes. */
async function expectStreetTrends(page: Page): Promise<void> {
  const answer = await federation.query(
    `query ($c: ID!, $from: String!, $to: String) { street(code: $c) {
      populationByMonth(from: $from, to: $to) { month registeredMigrants validPermits lastDayCounted suppressed }
      casesByMonth(from: $from, to: $to) { month disputesOpen suppressed } } }`,
    { c: street.code, from: last12[0], to: latest },
    ANALYST,
  );
  const cases = answer.data.street.casesByMonth;
  const expected = answer.data.street.populationByMonth.map((p: any, i: number) => [
    p.month,
    countText(p.registeredMigrants, 'registeredMigrants', p),
    countText(p.validPermits, 'validPermits', p),
    countText(cases[i].disputesOpen, 'disputesOpen', cases[i]),
    p.lastDayCounted,
  ]);
  expect(cases.map((m: any) => m.month)).toEqual(last12);
  expect(expected.map((row: string[]) => row[0])).toEqual(last12);
  const { stamp, tables } = await csvOf(page, 'trends');
  expect(stamp).toContain(street.name);
  expect(tables[0]).toEqual(['月份', '登记流动人口', '有效居住证', '调解中纠纷（月末）', '统计至']);
  expect(tables.slice(1)).toEqual(expected);
}

/**
 * The trends file of a community holds its stocks at each year's end since 2013, whatever the range of months:
 * registrations, employment with a contract and insurance, disputes open.
 */
async function expectCommunityTrends(page: Page): Promise<void> {
  const answer = await federation.query(
    `query ($c: ID!) { community(code: $c) {
      populationByYear { year registeredMigrants validPermits lastDayCounted suppressed }
      schoolingByYear { year enrolled suppressed }
      employmentByYear { year withContract insured suppressed }
      casesByYear { year disputesOpen suppressed } } }`,
    { c: community.code },
    ANALYST,
  );
  const { populationByYear, schoolingByYear, employmentByYear, casesByYear } = answer.data.community;
  // Education gives the cut-off's year and the five before: the earlier years' cells are empty.
  const schooling = new Map(schoolingByYear.map((y: any) => [y.year, y]));
  expect(schoolingByYear.map((y: any) => y.year)).toEqual(populationByYear.slice(-SCHOOLING_YEAR_ENDS).map((y: any) => y.year));
  expect([employmentByYear.map((y: any) => y.year), casesByYear.map((y: any) => y.year)]).toEqual([
    populationByYear.map((y: any) => y.year),
    populationByYear.map((y: any) => y.year),
  ]);
  const expected = populationByYear.map((p: any, i: number) => [
    String(p.year),
    countText(p.registeredMigrants, 'registeredMigrants', p),
    countText(p.validPermits, 'validPermits', p),
    countText((schooling.get(p.year) as any)?.enrolled ?? null, 'enrolled', (schooling.get(p.year) as any) ?? null),
    countText(employmentByYear[i].withContract, 'withContract', employmentByYear[i]),
    countText(employmentByYear[i].insured, 'insured', employmentByYear[i]),
    countText(casesByYear[i].disputesOpen, 'disputesOpen', casesByYear[i]),
    p.lastDayCounted,
  ]);
  expect(expected[0][0]).toBe('2013');
  const { stamp, tables } = await csvOf(page, 'trends');
  expect(stamp).toContain(community.name);
  expect(tables[0]).toEqual(['年份', '登记流动人口', '有效居住证', '随迁子女在校', '签订劳动合同就业', '参加社会保险', '调解中纠纷（月末）', '统计至']);
  expect(tables.slice(1)).toEqual(expected);
}

/** The origins file holds the district's own origins. */
async function expectDistrictOrigins(page: Page): Promise<void> {
  const answer = await federation.query(
    'query ($c: ID!) { district(code: $c) { populationByOrigin { region { name } registeredMigrants validPermits suppressed } } }',
    { c: district.code },
    ANALYST,
  );
  const { tables } = await csvOf(page, 'origins');
  // The file holds two tables, each after an empty line and its name, then its header.
  expect(tables.slice(0, 2)).toEqual([[''], ['按来源地（本区县）']]);
  const rows = tables.slice(3, 3 + answer.data.district.populationByOrigin.length);
  expect(rows).toEqual(
    answer.data.district.populationByOrigin.map((o: any) => [
      o.region.name,
      countText(o.registeredMigrants, 'registeredMigrants', o),
      countText(o.validPermits, 'validPermits', o),
    ]),
  );
}

/** At a street or community: the panels with nothing published there say so, in the page's language, and draw nothing. */
async function expectUnpublished(page: Page, dashboard: Record<string, any>, names: string[], texts: Record<string, RegExp>): Promise<void> {
  for (const name of names) {
    const status = dashboard.panels[name];
    expect({ name, state: status.state, unpublished: status.unpublished, points: status.points }).toEqual({
      name,
      state: 'ready',
      unpublished: true,
      points: 0,
    });
    const note = page.locator(`[data-panel="${name}"] .unpublished`);
    expect(await note.isVisible()).toBe(true);
    expect({ name, text: await note.textContent() }).toEqual({ name, text: expect.stringMatching(texts[name] ?? texts.any) });
    await expect(page.locator(`[data-panel="${name}"] canvas, [data-panel="${name}"] table`).count()).resolves.toBe(0);
    await expect(page.locator(`[data-panel="${name}"] .error:visible`).count()).resolves.toBe(0);
  }
}

describe('drilling the dashboard down from the city to a community', () => {
  it('drills every panel down with the picker, each showing the gateway’s figures for the place, and the link reproduces the view', async () => {
    const v = await open(`/dashboard/?from=${last12[0]}&to=${latest}`);
    try {
      const { page } = v;
      await drawnAt(page, 'city');
      await expectCoverage(page, 'city');

      await page.selectOption('#place-district', district.code);
      let dashboard = await drawnAt(page, 'district');
      for (const name of PANELS)
        expect({ name, state: dashboard.panels[name].state, errors: dashboard.panels[name].errors }).toEqual({ name, state: 'ready', errors: [] });
      expect(dashboard.place).toEqual({ district: district.code, street: null, community: null });
      await expectCoverage(page, 'district');
      await expectDistrictTrends(page);
      await expectDistrictOrigins(page);
      // Published per district only: the district's row alone.
      expect(dashboard.panels.spending.points).toBe(1);
      await expect(page.locator('[data-panel="coverage"] h2').textContent()).resolves.toBe(`各街道覆盖情况 · ${district.name}`);

      await page.waitForFunction((code) => (globalThis as any).document.querySelector(`#place-street option[value="${code}"]`), street.code);
      await page.selectOption('#place-street', street.code);
      dashboard = await drawnAt(page, 'street');
      await expectCoverage(page, 'street');
      await expectUnpublished(page, dashboard, ['rollout', 'origins', 'vaccination', 'spending'], { any: /只按.*公布/ });
      expect(dashboard.panels.trends).toMatchObject({ state: 'ready', unpublished: false });
      expect(dashboard.panels.trends.points).toBeGreaterThan(0);
      await expectStreetTrends(page);
      await expect(page.locator('#report-line').textContent()).resolves.toContain(`地点 ${district.name} › ${street.name}`);
      fs.mkdirSync(path.join(repoRoot(), 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: path.join(repoRoot(), 'test-artifacts/dashboard-street.png'), fullPage: true });
      if (process.env.UPDATE_SCREENSHOT === '1')
        await page.screenshot({
          path: path.join(repoRoot(), 'gateway/dashboard/screenshot-street.png'),
          fullPage: true,
          clip: { x: 0, y: 0, width: 1400, height: 1330 },
        });

      await page.waitForFunction((code) => (globalThis as any).document.querySelector(`#place-community option[value="${code}"]`), community.code);
      await page.selectOption('#place-community', community.code);
      dashboard = await drawnAt(page, 'community');
      await expectCoverage(page, 'community');
      await expectUnpublished(page, dashboard, ['rollout', 'origins', 'vaccination', 'spending'], { any: /只按.*公布/ });
      // A community's year ends instead of months: its months would be mostly withheld.
      expect(dashboard.panels.trends).toMatchObject({ state: 'ready', unpublished: false });
      expect(dashboard.panels.trends.points).toBeGreaterThan(0);
      await expect(page.locator('[data-panel="trends"] h2').textContent()).resolves.toContain('2013年以来年末趋势');
      await expectCommunityTrends(page);
      await page.screenshot({ path: path.join(repoRoot(), 'test-artifacts/dashboard-community.png'), fullPage: true });
      const link = new URL(page.url());
      expect(Object.fromEntries(link.searchParams)).toEqual({
        from: last12[0],
        to: latest,
        district: district.code,
        street: street.code,
        community: community.code,
      });

      // The language switch keeps the place, and says the same in English.
      await page.click('#lang-toggle');
      await page.waitForFunction((names) => names.every((name) => (globalThis as any).__dashboard.panels[name]?.lang === 'en'), PANELS, { timeout: 15_000 });
      expect(page.url()).toBe(link.href);
      await expect(page.locator('[data-panel="trends"] h2').textContent()).resolves.toContain('Year-end trends since 2013');
      await expect(page.locator('#place-community').inputValue()).resolves.toBe(community.code);
      expect(v.errors).toEqual([]);
      expect(v.violations).toEqual([]);

      // The link opens the same view (in a new browser, in Chinese): the community, its street and district chosen in the picker.
      const again = await open(`${link.pathname}${link.search}`);
      try {
        const reopened = await drawnAt(again.page, 'community');
        expect(reopened.place).toEqual({ district: district.code, street: street.code, community: community.code });
        expect(reopened.panels.coverage.variables).toEqual({ community: community.code });
        await expectCoverage(again.page, 'community');
        await again.page.waitForFunction((code) => (globalThis as any).document.querySelector(`#place-community option[value="${code}"]`), community.code);
        await expect(again.page.locator('#place-district').inputValue()).resolves.toBe(district.code);
        await expect(again.page.locator('#place-street').inputValue()).resolves.toBe(street.code);
        await expect(again.page.locator('#place-community').inputValue()).resolves.toBe(community.code);
      } finally {
        await again.close();
      }

      // Back up to the whole city.
      await page.selectOption('#place-district', '');
      dashboard = await drawnAt(page, 'city');
      expect(dashboard.place).toEqual({ district: null, street: null, community: null });
      expect(new URL(page.url()).searchParams.has('district')).toBe(false);
    } finally {
      await v.close();
    }
  });

  it('drills into a district by clicking its column in the vaccination chart or its bar in the ethnic-group chart, then into a street in the coverage chart', async () => {
    const v = await open('/dashboard/');
    try {
      const { page } = v;
      const clickPlace = async (panel: string, code: string, level: string) => {
        const dashboard = await page.evaluate(() => (globalThis as any).__dashboard);
        const target = dashboard.panels[panel].drillTargets.find((t: any) => t.code === code);
        expect({ panel, code, target: target !== undefined }).toEqual({ panel, code, target: true });
        const canvas = page.locator(`[data-panel="${panel}"] .chart`).nth(target.chart).locator('canvas').first();
        await canvas.scrollIntoViewIfNeeded();
        const box = (await canvas.boundingBox())!;
        await page.mouse.click(box.x + target.x, box.y + target.y);
        return drawnAt(page, level);
      };
      await drawnAt(page, 'city');
      let dashboard = await clickPlace('vaccination', district.code, 'district');
      expect(dashboard.place).toEqual({ district: district.code, street: null, community: null });
      await expectCoverage(page, 'district');
      // Narrowed to the district, the vaccination chart offers nothing further to drill into, nor the ethnic groups.
      expect(dashboard.panels.vaccination.drillTargets).toEqual([]);
      expect(dashboard.panels.origins.drillTargets).toEqual([]);
      await page.selectOption('#place-district', '');
      await drawnAt(page, 'city');
      // The origins panel's second chart: the districts' ethnic groups, one horizontal bar per district.
      dashboard = await clickPlace('origins', district.code, 'district');
      expect(dashboard.place).toEqual({ district: district.code, street: null, community: null });
      dashboard = await clickPlace('coverage', street.code, 'street');
      expect(dashboard.place).toEqual({ district: district.code, street: street.code, community: null });
      expect(new URL(page.url()).searchParams.get('street')).toBe(street.code);
      await expectCoverage(page, 'street');
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });
});
