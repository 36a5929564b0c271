import { countEmploymentRelease } from '../../subgraphs/human-resources/loaders/employment-figures';
import type { SyntheticHumanResources } from '../../subgraphs/human-resources/seed/types';
import { FIRST_MONTH, monthsFrom } from '../../subgraphs/kit/monthly-series';
import { CITY } from '../../subgraphs/kit/places';
import { loadDistricts, loadOriginRegions } from '../../subgraphs/kit/reference-data';
import { expectProtectedCounts } from '../support/checks';
import { Caller, startTestFederation, TestFederation } from '../support/federation';
import { employmentIn, generatedRecords, lastDayOf } from '../support/figures';
import { testPopulation } from '../support/population';

// Human resources' part of the report for the sending regions (流出地协作报告): the migrants registered with the
// employment service whose household registration place is the region — with a labour contract and insured, in the
// city and each district on the cut-off and month by month, and their courses completed year by year — against counts
// made here from the generator's records, each worker's origin taken from the person.

let federation: TestFederation;
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };
const REPORT = `query OriginEmployment($region: ID!) { originReport(region: $region) {
  code
  employment { asOf withContract insured suppressed }
  employmentByDistrict { district { code } asOf withContract insured suppressed }
  employmentByMonth { month partial lastDayCounted asOf withContract insured suppressed }
  trainingByYear { year partial lastDayCounted asOf trainingCompleted suppressed } } }`;

const { work } = generatedRecords();
const origins = new Map(testPopulation().map((person) => [person.id, person.originRegionCode]));

/** The generator's records of the workers from `region`: every record of theirs, so their registration is as seeded. */
const recordsFrom = (() => {
  const byRegion = new Map<string, SyntheticHumanResources>();
  return (region: string): SyntheticHumanResources => {
    if (!byRegion.has(region)) {
      const from = <T extends { personId: string }>(records: T[]) => records.filter((record) => origins.get(record.personId) === region);
      byRegion.set(region, {
        ...work,
        employments: from(work.employments),
        insurance: from(work.insurance),
        trainings: from(work.trainings),
        services: from(work.services),
        disputes: from(work.disputes),
      });
    }
    return byRegion.get(region)!;
  };
})();

/** The workers from `region` registered in `place` with a contract and insured (any scheme) on `day`. */
function employedFrom(region: string, place: string, day: string) {
  const counts = employmentIn(place, recordsFrom(region), day);
  return { withContract: counts.withContract, insured: counts.insuredInAnyScheme };
}

/** Courses completed by the workers from `region` in a year, up to `lastDay`. */
const trainedFrom = (region: string, year: number, lastDay: string) =>
  recordsFrom(region).trainings.filter((t) => t.completed && t.endDate.startsWith(`${year}-`) && t.endDate <= lastDay).length;

beforeAll(async () => {
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

async function report(region: string) {
  const result = await federation.query(REPORT, { region }, ANALYST);
  expect(result.errors).toBeUndefined();
  return result.data.originReport;
}

describe("human resources' part of the origin report", () => {
  it.each(loadOriginRegions().map((region) => [region.nameEn, region.code]))(
    'gives the workers from %s with a contract and insured in the city and each district on the cut-off and month by month, and their courses year by year, as counted from the records',
    async (_name, region) => {
      const { employment, employmentByDistrict, employmentByMonth, trainingByYear } = await report(region);
      const asOf = employment.asOf;
      expectProtectedCounts(`${region} city`, employment, employedFrom(region, CITY.code, asOf));
      expect(employment.withContract).toBeGreaterThan(0);
      expect(employmentByDistrict.map((row: any) => row.district.code)).toEqual(loadDistricts().map((district) => district.code));
      for (const row of employmentByDistrict) {
        expect(row.asOf).toBe(asOf);
        expectProtectedCounts(`${region} ${row.district.code}`, row, employedFrom(region, row.district.code, asOf));
      }
      expect(employmentByMonth.map((month: any) => month.month)).toEqual(monthsFrom(FIRST_MONTH, asOf.slice(0, 7)));
      for (const month of employmentByMonth) {
        expect(month).toMatchObject({ asOf, partial: month.lastDayCounted < lastDayOf(month.month) });
        expectProtectedCounts(`${region} ${month.month}`, month, employedFrom(region, CITY.code, month.lastDayCounted));
      }
      // The month of the cut-off is counted up to the cut-off day: the same figures as the city's on that day.
      const last = employmentByMonth[employmentByMonth.length - 1];
      expect([last.lastDayCounted, last.withContract, last.insured]).toEqual([asOf, employment.withContract, employment.insured]);
      const lastYear = Number(asOf.slice(0, 4));
      expect(trainingByYear.map((year: any) => year.year)).toEqual(Array.from({ length: lastYear - 2012 }, (_, i) => 2013 + i));
      for (const year of trainingByYear) {
        const whole = `${year.year}-12-31` <= asOf;
        expect(year).toMatchObject({ asOf, partial: !whole, lastDayCounted: whole ? `${year.year}-12-31` : asOf });
        expectProtectedCounts(`${region} ${year.year}`, year, { trainingCompleted: trainedFrom(region, year.year, year.lastDayCounted) });
      }
    },
  );

  it("adds up over the regions to human resources' own figures: the districts on the cut-off, the city month by month and its months of each year", async () => {
    const result = await federation.query(
      `{ statistics { employmentByMonth { month lastDayCounted withContract insured trainingCompleted }
        districts { code employment { withContract } employmentByMonth { month lastDayCounted insured } } } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const { statistics } = result.data;
    const regions = loadOriginRegions().map((region) => region.code);
    const reports = await Promise.all(regions.map((region) => report(region)));
    // A region's withheld figure counts here as the records say, a shown one as shown: together they make the total.
    let summed = 0;
    let shownInFull = 0;
    const addsUp = (label: string, total: number | null, parts: (number | null)[], counted: (region: string) => number) => {
      if (total === null) return;
      const sum = parts.reduce((all: number, shown, r) => all + (shown ?? counted(regions[r])), 0);
      expect([label, sum]).toEqual([label, total]);
      summed += 1;
      if (!parts.includes(null)) shownInFull += 1;
    };
    statistics.employmentByMonth.forEach((city: any, m: number) => {
      for (const measure of ['withContract', 'insured'] as const) {
        addsUp(
          `${city.month} ${measure}`,
          city[measure],
          reports.map((r) => r.employmentByMonth[m][measure]),
          (region) => employedFrom(region, CITY.code, city.lastDayCounted)[measure],
        );
      }
    });
    for (const district of statistics.districts) {
      const parts = reports.map((r) => r.employmentByDistrict.find((row: any) => row.district.code === district.code));
      const cutOff = district.employmentByMonth[district.employmentByMonth.length - 1];
      const counted = (region: string) => employedFrom(region, district.code, cutOff.lastDayCounted);
      addsUp(
        `${district.code} withContract`,
        district.employment.withContract,
        parts.map((row) => row.withContract),
        (region) => counted(region).withContract,
      );
      addsUp(
        `${district.code} insured`,
        cutOff.insured,
        parts.map((row) => row.insured),
        (region) => counted(region).insured,
      );
    }
    for (const [y, year] of reports[0].trainingByYear.entries()) {
      const months = statistics.employmentByMonth.filter((month: any) => month.month.startsWith(`${year.year}-`)).map((month: any) => month.trainingCompleted);
      if (months.includes(null)) continue;
      addsUp(
        `${year.year} trainingCompleted`,
        months.reduce((sum: number, n: number) => sum + n, 0),
        reports.map((r) => r.trainingByYear[y].trainingCompleted),
        (region) => trainedFrom(region, year.year, year.lastDayCounted),
      );
    }
    expect(summed).toBeGreaterThan(statistics.employmentByMonth.length);
    expect(shownInFull).toBeGreaterThan(0);
  });

  it('counts the workers registered before the origin was asked in no region, the regions still adding up with them to the total', async () => {
    const db = federation.subgraphs['human-resources'].database.dataSource;
    const gansu = loadOriginRegions().find((region) => region.nameEn.startsWith('Gansu'))!.code;
    const { asOf } = (await report(gansu)).employment;
    const month = asOf.slice(0, 7);
    const ids: string[] = (
      await db.query(
        `SELECT w.person_id FROM worker w WHERE w.origin_region_code = $1 AND w.registered_on <= $2 AND EXISTS (SELECT 1 FROM employment e
           WHERE e.person_id = w.person_id AND e.contract_signed AND e.start_date <= $2 AND (e.end_date IS NULL OR e.end_date >= $2))
         ORDER BY w.person_id LIMIT 12`,
        [gansu, asOf],
      )
    ).map((row: { person_id: string }) => row.person_id);
    expect(ids).toHaveLength(12);
    await db.query('UPDATE worker SET origin_region_code = NULL WHERE person_id = ANY($1)', [ids]);
    try {
      // Counted as a release is, from the database as it is now (the release served is not changed).
      const city = (await countEmploymentRelease(asOf, db)).counts[CITY.code];
      expect(Object.keys(city).filter((measure) => measure.includes('unrecorded'))).toEqual([]);
      const all = employmentIn(CITY.code, work, asOf).withContract;
      expect(city[`withContract@${month}`]).toBe(all);
      const gansuNow = employedFrom(gansu, CITY.code, asOf).withContract - ids.length;
      for (const cell of [`withContract@origin:${gansu}`, `withContract@origin:${gansu}@${month}`]) {
        if (city[cell] !== null) expect([cell, city[cell]]).toEqual([cell, gansuNow]);
      }
      const regions = loadOriginRegions().map((region) => city[`withContract@origin:${region.code}@${month}`]);
      const shown = regions.reduce((sum: number, count) => sum + (count ?? 0), 0);
      expect(shown).toBeLessThanOrEqual(all - ids.length);
      if (!regions.includes(null)) expect(shown).toBe(all - ids.length);
    } finally {
      await db.query('UPDATE worker SET origin_region_code = $1 WHERE person_id = ANY($2)', [gansu, ids]);
    }
  });

  it('refuses a new worker whose household registration place is missing or no region of origin, naming the field, and records a known one', async () => {
    const db = federation.subgraphs['human-resources'].database.dataSource;
    const [{ code: employerCode }] = await db.query('SELECT code FROM employer ORDER BY code LIMIT 1');
    const [{ community_code: communityCode }] = await db.query('SELECT community_code FROM worker ORDER BY person_id LIMIT 1');
    const input = {
      personId: 'PORIGINWORK',
      employerCode,
      jobTitle: '焊工',
      startDate: '2026-03-01',
      monthlyWage: '4200',
      weeklyHours: 40,
      contractSigned: false,
      communityCode,
    };
    const record = (values: Record<string, unknown>) =>
      federation.query(
        'mutation ($input: RecordEmploymentInput!) { recordEmployment(input: $input) { id } }',
        { input: { ...input, ...values } },
        { role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service' },
      );
    for (const originRegionCode of [undefined, '640104', '62', 'Gansu', '622901']) {
      const refused = await record({ originRegionCode });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.originRegionCode' });
    }
    expect(await db.query('SELECT 1 FROM worker WHERE person_id = $1', [input.personId])).toEqual([]);
    const linxia = loadOriginRegions().find((region) => region.nameEn.startsWith('Linxia'))!.code;
    expect((await record({ originRegionCode: linxia })).errors).toBeUndefined();
    // A later job of a registered worker needs no origin: the registration has it.
    expect((await record({ originRegionCode: undefined, jobTitle: '电工' })).errors).toBeUndefined();
    expect(await db.query('SELECT origin_region_code FROM worker WHERE person_id = $1', [input.personId])).toEqual([{ origin_region_code: linxia }]);
  });
});
