import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FIRST_MONTH, monthsFrom } from '../../subgraphs/kit/monthly-series';
import { repoRoot } from '../../subgraphs/kit/paths';
import { missingBureaus, originReportCsv, OriginReportAnswer } from '../../gateway/reports/origin-report';
import { parseCsv } from '../support/csv';
import { loadDistricts, loadOriginRegions } from '../../subgraphs/kit/reference-data';
import { expectProtectedCounts, expectRate } from '../support/checks';
import { Caller, startTestFederation, TestFederation } from '../support/federation';
import { lastDayOf, registeredIn, validOn } from '../support/figures';
import { CITY } from '../../subgraphs/kit/places';

// The report for the sending regions (流出地协作报告), against counts made here from the generator's population: the
// migrants from one region registered in the city and in each district on the cut-off, and month by month.

let federation: TestFederation;
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };
const FIGURES = 'asOf registeredMigrants validPermits permitRate suppressed';
const REPORT = `query OriginReport($region: ID!, $from: String!) { originReport(region: $region) {
  code region { code name nameEn }
  population { ${FIGURES} }
  populationByDistrict { district { code name } ${FIGURES} }
  populationByMonth(from: $from) { month partial lastDayCounted ${FIGURES} } } }`;

beforeAll(async () => {
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

/** The migrants from `region` registered in `place` on `day`, and those of them holding a valid permit. */
function fromRegion(region: string, place: string, day: string) {
  const registered = registeredIn(place, day).filter((person) => person.originRegionCode === region);
  return { registeredMigrants: registered.length, validPermits: registered.filter((person) => validOn(person, day)).length };
}

async function report(region: string, from = FIRST_MONTH) {
  const result = await federation.query(REPORT, { region, from }, ANALYST);
  expect(result.errors).toBeUndefined();
  return result.data.originReport;
}

describe('the origin report', () => {
  it.each(loadOriginRegions().map((region) => [region.nameEn, region.code]))(
    'gives the migrants from %s registered in the city and in each district on the cut-off, as counted from the population',
    async (_name, region) => {
      const { code, region: named, population, populationByDistrict } = await report(region);
      const names = loadOriginRegions().find((row) => row.code === region)!;
      expect({ code, named }).toEqual({ code: region, named: { code: region, name: names.nameZh, nameEn: names.nameEn } });
      const asOf = population.asOf;
      expectProtectedCounts(`${region} city`, population, fromRegion(region, CITY.code, asOf));
      expectRate(`${region} city`, population.permitRate, population.validPermits, population.registeredMigrants);
      expect(population.registeredMigrants).toBeGreaterThan(0);
      expect(populationByDistrict.map((row: any) => row.district.code)).toEqual(loadDistricts().map((district) => district.code));
      for (const row of populationByDistrict) {
        expect(row.asOf).toBe(asOf);
        expect(row.district.name).toBe(loadDistricts().find((district) => district.code === row.district.code)!.nameZh);
        expectProtectedCounts(`${region} ${row.district.code}`, row, fromRegion(region, row.district.code, asOf));
        expectRate(`${region} ${row.district.code}`, row.permitRate, row.validPermits, row.registeredMigrants);
      }
    },
  );

  it("counts Gansu's migrants month by month since 2013, each month's stocks on its last day, the last month the cut-off's", async () => {
    const gansu = loadOriginRegions().find((region) => region.nameEn.startsWith('Gansu'))!.code;
    const { population, populationByMonth } = await report(gansu);
    const months = monthsFrom(FIRST_MONTH, population.asOf.slice(0, 7));
    expect(populationByMonth.map((month: any) => month.month)).toEqual(months);
    for (const month of populationByMonth) {
      expect(month).toMatchObject({ asOf: population.asOf, partial: false, lastDayCounted: lastDayOf(month.month) });
      expectProtectedCounts(`Gansu ${month.month}`, month, fromRegion(gansu, CITY.code, month.lastDayCounted));
      expectRate(`Gansu ${month.month}`, month.permitRate, month.validPermits, month.registeredMigrants);
    }
    // The last month is the cut-off day's count, the same figure wherever it is read.
    const last = populationByMonth[populationByMonth.length - 1];
    expect([last.registeredMigrants, last.validPermits]).toEqual([population.registeredMigrants, population.validPermits]);
    expect(populationByMonth.filter((month: any) => month.registeredMigrants !== null).length).toBeGreaterThan(months.length / 2);
  });

  it("publishes the same counts as the districts' breakdown by origin, and the regions' months add up to the city's", async () => {
    const result = await federation.query(
      `query ($from: String!) { statistics { populationByMonth(from: $from) { month registeredMigrants validPermits }
        districts { code populationByOrigin { region { code } registeredMigrants validPermits } } } }`,
      { from: '2024-01' },
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const reports = await Promise.all(loadOriginRegions().map((region) => report(region.code, '2024-01')));
    for (const district of result.data.statistics.districts) {
      for (const breakdown of district.populationByOrigin) {
        const row = reports.find((r) => r.code === breakdown.region.code).populationByDistrict.find((d: any) => d.district.code === district.code);
        expect([district.code, breakdown.region.code, row.registeredMigrants, row.validPermits]).toEqual([
          district.code,
          breakdown.region.code,
          breakdown.registeredMigrants,
          breakdown.validPermits,
        ]);
      }
    }
    let summed = 0;
    result.data.statistics.populationByMonth.forEach((city: any, m: number) => {
      for (const measure of ['registeredMigrants', 'validPermits']) {
        const parts = reports.map((r) => r.populationByMonth[m][measure]);
        if (parts.includes(null) || city[measure] === null) continue;
        expect([city.month, measure, parts.reduce((sum: number, n: number) => sum + n, 0)]).toEqual([city.month, measure, city[measure]]);
        summed += 1;
      }
    });
    expect(summed).toBeGreaterThan(0);
  });

  it('refuses a region that is no region of origin, naming the argument and the regions there are', async () => {
    for (const region of ['640100', '62', 'Gansu']) {
      const result = await federation.query('query ($region: ID!) { originReport(region: $region) { code } }', { region }, ANALYST);
      expect(result.data?.originReport ?? null).toBeNull();
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region' });
      expect(result.errors?.[0].message).toContain('620000 (Gansu Province)');
    }
  });

  it('checks its month range like every monthly series', async () => {
    const result = await federation.query('{ originReport(region: "620000") { populationByMonth(from: "2012-12") { month } } }', {}, ANALYST);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });
});

describe('npm run report:origin', () => {
  const run = (args: string[]) => promisify(execFile)(process.execPath, [path.join(repoRoot(), 'dist/scripts/origin-report.js'), ...args]);

  beforeAll(() => {
    execFileSync(process.execPath, [path.join(repoRoot(), 'scripts/ensure-built.js')], { stdio: 'ignore' });
  });

  /** The gateway's answer to the query the command sends, as the analyst. */
  async function exchangeReport(region: string, from: string): Promise<OriginReportAnswer> {
    const query = fs.readFileSync(path.join(repoRoot(), 'gateway/reports/origin-report.graphql'), 'utf8');
    const result = await federation.query(query, { region, from, to: null }, ANALYST);
    expect(result.errors).toBeUndefined();
    return result.data.originReport;
  }

  /** A figure as the report writes it: the marker when withheld, empty when there is none. */
  const shown = (record: any, field: string) => (record[field] === null ? (record.suppressed.includes(field) ? '不公开（<10）' : '') : String(record[field]));
  const shownRate = (record: any) =>
    record.permitRate !== null
      ? `${(record.permitRate * 100).toFixed(1)}%`
      : ['validPermits', 'registeredMigrants'].some((field) => record.suppressed.includes(field))
        ? '不公开（<10）'
        : '';
  const population = (record: any) => [shown(record, 'registeredMigrants'), shown(record, 'validPermits'), shownRate(record)];

  it("writes Gansu's report as a page to print and as CSV, holding every bureau's figures and marking the withheld ones", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-origin-report-'));
    try {
      const token = await federation.token(ANALYST);
      const { stdout, stderr } = await run(['--region', '620000', '--token', token, '--from', '2024-01', '--out', out, '--gateway', federation.gatewayUrl]);
      const answer = await exchangeReport('620000', '2024-01');
      const base = path.join(out, `origin-report-620000-${answer.population.asOf}`);
      expect(stdout.trim().split('\n')).toEqual([`${base}.html`, `${base}.csv`]);
      expect(stderr).toBe('');

      const csv = fs.readFileSync(`${base}.csv`, 'utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const lines = parseCsv(csv.slice(1));
      expect(lines).toContainEqual(['统计截止', answer.population.asOf]);
      expect(lines).toContainEqual(['来源地', '甘肃省（620000）']);
      // Linxia, a prefecture of Gansu, is a region of its own: its migrants are not in Gansu's figures (fromRegion below).
      expect(lines).toContainEqual(['统计口径', '户籍所在地在甘肃省的流动人口，不含临夏回族自治州（622900，另有报告）']);
      const sources = lines.find((line) => line[0] === '数据来源')![1];
      for (const bureau of ['银川市公安局', '银川市教育局', '银川市人力资源和社会保障局', '银川市民政局']) expect(sources).toContain(bureau);
      expect(lines.find((line) => line[0] === '数据暂缺')).toBeUndefined();

      const rowOf = (first: string) => lines.find((line) => line[0] === first)!;
      const employment = (record: any) => [shown(record, 'withContract'), shown(record, 'insured')];
      expect(lines[lines.indexOf(rowOf('银川市')) - 1]).toEqual([
        '地区',
        '登记流动人口',
        '有效居住证',
        '持证率',
        '在校随迁子女',
        '签订劳动合同',
        '参加社会保险',
        '未结矛盾纠纷',
      ]);
      expect(rowOf('银川市')).toEqual([
        '银川市',
        ...population(answer.population),
        shown(answer.schooling, 'enrolled'),
        ...employment(answer.employment),
        shown(answer.cases, 'disputesOpen'),
      ]);
      for (const row of answer.populationByDistrict!) {
        const inDistrict = <R extends { district: { code: string } }>(records: R[] | null) => records!.find((d) => d.district.code === row.district.code);
        expect(rowOf(row.district.name)).toEqual([
          row.district.name,
          ...population(row),
          shown(inDistrict(answer.schoolingByDistrict), 'enrolled'),
          ...employment(inDistrict(answer.employmentByDistrict)),
          shown(inDistrict(answer.casesByDistrict), 'disputesOpen'),
        ]);
      }
      const months = answer.populationByMonth!;
      expect(months.map((month) => month.month)).toEqual(monthsFrom('2024-01', answer.population.asOf.slice(0, 7)));
      for (const month of months) {
        const schooling = answer.schoolingByMonth!.find((m) => m.month === month.month);
        const employed = answer.employmentByMonth!.find((m) => m.month === month.month);
        const note = month.partial ? `本月截至 ${month.lastDayCounted}` : '';
        expect(rowOf(month.month)).toEqual([month.month, ...population(month), shown(schooling, 'enrolled'), ...employment(employed), note]);
      }
      const years = answer.casesByYear!.filter((year) => year.year >= 2024);
      expect(years.length).toBeGreaterThan(0);
      for (const year of years) {
        const note = year.partial ? `本年截至 ${year.lastDayCounted}` : '';
        const flows = ['reliefGranted', 'disputesFound', 'disputesSettled'].map((field) => shown(year, field));
        const training = answer.trainingByYear!.find((y) => y.year === year.year);
        expect(rowOf(String(year.year))).toEqual([String(year.year), ...flows, shown(training, 'trainingCompleted'), note]);
      }
      // And the figures are the population's: Gansu's registered migrants in the city on the cut-off.
      expect(Number(rowOf('银川市')[1])).toBe(fromRegion('620000', CITY.code, answer.population.asOf).registeredMigrants);

      const html = fs.readFileSync(`${base}.html`, 'utf8');
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain('@page { size: A4;');
      expect(html).toContain(`<td>${answer.population.registeredMigrants}</td>`);
      for (const row of answer.populationByDistrict!) expect(html).toContain(`<td>${row.district.name}</td>`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('names a bureau that did not answer and marks its columns as missing, neither withheld nor 0', async () => {
    // The gateway nulls a bureau's fields when it is down (test/integration/outages.test.ts): the report as rendered then.
    const answer = await exchangeReport('620000', '2024-01');
    const withoutEducation = { ...answer, schooling: null, schoolingByDistrict: null, schoolingByMonth: null };
    expect(missingBureaus(withoutEducation)).toEqual(['银川市教育局']);
    const lines = parseCsv(originReportCsv(withoutEducation).slice(1));
    expect(lines.find((line) => line[0] === '数据暂缺')![1]).toContain('银川市教育局');
    expect(lines.find((line) => line[0] === '数据来源')![1]).not.toContain('银川市教育局');
    const city = lines.find((line) => line[0] === '银川市')!;
    expect(city[4]).toBe('暂缺');
    expect(city.slice(5, 7)).toEqual([shown(answer.employment, 'withContract'), shown(answer.employment, 'insured')]);
    expect(city.slice(1, 3)).toEqual(population(answer.population).slice(0, 2));
    expect(lines.find((line) => line[0] === answer.populationByMonth![0].month)![4]).toBe('暂缺');
  });

  it('says what is wrong with a region that is none, and exits with 2', async () => {
    const token = await federation.token(ANALYST);
    const failed = await run(['--region', '640100', '--token', token, '--gateway', federation.gatewayUrl]).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('region must be the code of a region of origin');
  });
});
