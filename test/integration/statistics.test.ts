import { today } from '../../subgraphs/kit/dates';
import { releaseAsOf } from '../../subgraphs/kit/releases';
import type { SyntheticPerson } from '../../subgraphs/kit/population';
import { generateEnrolments, SyntheticEnrolment } from '../../subgraphs/education/seed/enrolments';
import { generateSchools } from '../../subgraphs/education/seed/synthetic-schools';
import { generateHumanResources } from '../../subgraphs/human-resources/seed/synthetic-employment';
import type { SyntheticHumanResources } from '../../subgraphs/human-resources/seed/types';
import { generateCivilAffairsCases } from '../../subgraphs/civil-affairs/seed/synthetic-cases';
import type { SyntheticCivilAffairsCases } from '../../subgraphs/civil-affairs/seed/case-types';
import { Caller, REGISTRY_OFFICER, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
import { readmeQuery } from '../support/readme';
import { idCardCheckCharacter } from '../../subgraphs/kit/population';
import { expectProtected } from '../support/checks';
import { PublishedSum, recoverByDifferencing } from '../support/differencing';
import { currentResidenceOf, testPopulation } from '../support/population';

// The statistics graph against counts computed here from the generator's population, and its disclosure control
// against an attacker who subtracts what is published.

let federation: TestFederation;
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };

let enrolments: SyntheticEnrolment[];
let work: SyntheticHumanResources;
let cases: SyntheticCivilAffairsCases;

beforeAll(async () => {
  // Every bureau's seeded records, generated here from the same population, to count independently of the SQL.
  const children = testPopulation().filter((p) => p.householdRole === 'CHILD');
  enrolments = generateEnrolments(children, generateSchools(TEST_POPULATION.seed), { seed: TEST_POPULATION.seed });
  work = generateHumanResources(testPopulation(), { seed: TEST_POPULATION.seed });
  cases = generateCivilAffairsCases(testPopulation(), { seed: TEST_POPULATION.seed });
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

async function analystQuery(query: string, variables?: Record<string, unknown>) {
  const result = await federation.query(query, variables, ANALYST);
  expect(result.errors).toBeUndefined();
  return result.data;
}

/** Whether a permit was valid on a day, by the permit office's rules. */
function validOn(person: SyntheticPerson, day: string): boolean {
  return person.permits.some((p) => p.issuedOn <= day && p.validUntil >= day && (p.revokedOn === null || p.revokedOn > day));
}

const residents = () => testPopulation().filter((p) => currentResidenceOf(p).toDate === null);
function expectFigure(label: string, record: Record<string, any>, field: string, trueCount: number) {
  expectProtected(label, record[field], trueCount, record.suppressed, field);
}

describe('registration figures (public security) against the seeded population', () => {
  it('gives the city and each district their registered migrants and valid permits', async () => {
    const data = await analystQuery(`{
      statistics { code name population { registeredMigrants validPermits permitRate suppressed }
        districts { code population { registeredMigrants validPermits permitRate suppressed } } }
    }`);
    const city = residents();
    const valid = city.filter((p) => validOn(p, today()));
    expect(data.statistics.code).toBe('640100');
    expect(data.statistics.population).toEqual({
      registeredMigrants: city.length,
      validPermits: valid.length,
      permitRate: Math.round((valid.length / city.length) * 10_000) / 10_000,
      suppressed: [],
    });
    for (const district of data.statistics.districts) {
      const here = city.filter((p) => currentResidenceOf(p).districtCode === district.code);
      expectFigure(district.code, district.population, 'registeredMigrants', here.length);
      expectFigure(district.code, district.population, 'validPermits', here.filter((p) => validOn(p, today())).length);
    }
  });

  it('breaks the districts down by origin and ethnic group, with the small cells withheld', async () => {
    const data = await analystQuery(`{
      statistics { districts { code
        populationByOrigin { region { code } registeredMigrants suppressed }
        populationByEthnicity { ethnicity { code name } registeredMigrants suppressed } } }
    }`);
    for (const district of data.statistics.districts) {
      const here = residents().filter((p) => currentResidenceOf(p).districtCode === district.code);
      for (const cell of district.populationByOrigin) {
        const count = here.filter((p) => p.originRegionCode === cell.region.code).length;
        expectFigure(`${district.code}/${cell.region.code}`, cell, 'registeredMigrants', count);
      }
      const hui = district.populationByEthnicity.find((cell: any) => cell.ethnicity.code === '03');
      expect(hui.ethnicity.name).toBe('回族');
    }
  });

  it('counts the registered migrants and valid permits at the end of each month', async () => {
    const data = await analystQuery(`{
      statistics { populationByMonth(from: "2016-01", to: "2016-12") { month registeredMigrants newRegistrations validPermits suppressed } }
    }`);
    const months = data.statistics.populationByMonth;
    expect(months.filter((m: any) => m.registeredMigrants > 0 && m.validPermits > 0)).toHaveLength(12);
    expect(months.map((m: any) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2016-${String(i + 1).padStart(2, '0')}`));
    for (const figures of months) {
      const lastDay = new Date(Date.UTC(Number(figures.month.slice(0, 4)), Number(figures.month.slice(5)), 0)).toISOString().slice(0, 10);
      const living = testPopulation().filter((p) =>
        p.residences.some((r) => r.fromDate <= lastDay && (r.toDate === null || r.toDate > lastDay)),
      );
      const started = testPopulation().flatMap((p) => p.residences).filter((r) => r.fromDate.startsWith(figures.month));
      expectFigure(figures.month, figures, 'registeredMigrants', living.length);
      expectFigure(figures.month, figures, 'validPermits', living.filter((p) => validOn(p, lastDay)).length);
      expectFigure(figures.month, figures, 'newRegistrations', started.length);
    }
  });

  it('refuses a month range that is not YYYY-MM, naming the argument', async () => {
    const result = await federation.query('{ statistics { populationByMonth(from: "2016-13") { month } } }', {}, ANALYST);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });
});

/** The last day of a month "YYYY-MM": stocks are counted on it. */
const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).toISOString().slice(0, 10);
/** Held on a day: started on or before it and not ended by it. */
const heldOn = (day: string, start: string, end: string | null) => start <= day && (end === null || end > day);

describe("every bureau's month-by-month figures for the city, against the seeded records", () => {
  const YEAR = 'from: "2019-01", to: "2019-12"';

  it('education: children enrolled at the end of each month and new enrolments', async () => {
    const data = await analystQuery(`{ statistics { schoolingByMonth(${YEAR}) { month enrolled newEnrolments suppressed } } }`);
    expect(data.statistics.schoolingByMonth).toHaveLength(12);
    for (const figures of data.statistics.schoolingByMonth) {
      const day = lastDayOf(figures.month);
      expectFigure(figures.month, figures, 'enrolled', enrolments.filter((e) => heldOn(day, e.enrolledOn, e.endedOn)).length);
      expectFigure(figures.month, figures, 'newEnrolments', enrolments.filter((e) => e.enrolledOn.startsWith(figures.month)).length);
    }
    expect(data.statistics.schoolingByMonth.every((m: any) => m.enrolled > 0)).toBe(true);
  });

  it('human resources: jobs with a contract and insured migrants at the end of each month, courses completed', async () => {
    const data = await analystQuery(`{ statistics { employmentByMonth(${YEAR}) { month employedWithContract insured trainingCompleted suppressed } } }`);
    for (const figures of data.statistics.employmentByMonth) {
      const day = lastDayOf(figures.month);
      const withContract = work.employments.filter((e) => e.contractSigned && heldOn(day, e.startDate, e.endDate));
      const insured = new Set(work.insurance.filter((i) => heldOn(day, i.startDate, i.endDate)).map((i) => i.personId));
      const completed = work.trainings.filter((t) => t.completed && t.endDate.startsWith(figures.month));
      expectFigure(figures.month, figures, 'employedWithContract', withContract.length);
      expectFigure(figures.month, figures, 'insured', insured.size);
      expectFigure(figures.month, figures, 'trainingCompleted', completed.length);
    }
    expect(data.statistics.employmentByMonth.every((m: any) => m.employedWithContract > 0 && m.insured > 0)).toBe(true);
  });

  it('civil affairs: relief granted, disputes found and settled in each month, disputes open at its end', async () => {
    const data = await analystQuery(`{ statistics { casesByMonth(${YEAR}) { month reliefGranted disputesFound disputesSettled disputesOpen suppressed } } }`);
    const closedOn = (d: SyntheticCivilAffairsCases['disputes'][number]) => d.events.find((e) => e.kind === 'CLOSED')?.on ?? null;
    for (const figures of data.statistics.casesByMonth) {
      const day = lastDayOf(figures.month);
      const granted = cases.reliefCases.filter((c) => c.decision === 'APPROVED' && c.decidedOn!.startsWith(figures.month));
      expectFigure(figures.month, figures, 'reliefGranted', granted.length);
      expectFigure(figures.month, figures, 'disputesFound', cases.disputes.filter((d) => d.foundOn.startsWith(figures.month)).length);
      expectFigure(figures.month, figures, 'disputesSettled', cases.disputes.filter((d) => closedOn(d)?.startsWith(figures.month)).length);
      expectFigure(figures.month, figures, 'disputesOpen', cases.disputes.filter((d) => heldOn(day, d.foundOn, closedOn(d))).length);
    }
  });

  it('lets no district month be recovered from the city month (districts sum to the city)', async () => {
    const series = `populationByMonth(${YEAR}) { month registeredMigrants newRegistrations validPermits }`;
    const data = await analystQuery(`{ statistics { ${series} districts { code ${series} } } }`);
    const cells = new Map<string, number | null>();
    const sums: PublishedSum[] = [];
    for (const measure of ['registeredMigrants', 'newRegistrations', 'validPermits']) {
      for (const [index, month] of data.statistics.populationByMonth.entries()) {
        cells.set(`city/${month.month}/${measure}`, month[measure]);
        for (const district of data.statistics.districts) cells.set(`${district.code}/${month.month}/${measure}`, district.populationByMonth[index][measure]);
        sums.push({ total: `city/${month.month}/${measure}`, parts: data.statistics.districts.map((d: any) => `${d.code}/${month.month}/${measure}`) });
      }
    }
    expect([...cells.values()].filter((value) => value === null).length).toBeGreaterThan(0);
    expect(recoverByDifferencing(cells, sums)).toEqual(new Map());
  });
});

describe('disclosure control across the hierarchy of places', () => {
  it('lets no community count be recovered from its street or district total by subtraction', async () => {
    const data = await analystQuery(`{
      statistics { population { registeredMigrants validPermits }
        districts { code population { registeredMigrants validPermits }
          streets { code population { registeredMigrants validPermits } communities { code population { registeredMigrants validPermits } } } } }
    }`);
    for (const measure of ['registeredMigrants', 'validPermits']) {
      const cells = new Map<string, number | null>([['city', data.statistics.population[measure]]]);
      const sums: PublishedSum[] = [{ total: 'city', parts: data.statistics.districts.map((d: any) => d.code) }];
      let withheld = 0;
      for (const district of data.statistics.districts) {
        cells.set(district.code, district.population[measure]);
        sums.push({ total: district.code, parts: district.streets.map((s: any) => s.code) });
        for (const street of district.streets) {
          cells.set(street.code, street.population[measure]);
          sums.push({ total: street.code, parts: street.communities.map((c: any) => c.code) });
          for (const community of street.communities) {
            cells.set(community.code, community.population[measure]);
            if (community.population[measure] === null) withheld += 1;
          }
        }
      }
      expect(withheld).toBeGreaterThan(0);
      expect(recoverByDifferencing(cells, sums)).toEqual(new Map());
    }
  });

  it('lets no district-by-origin cell be recovered from the district total or from the city by origin', async () => {
    const data = await analystQuery(`{
      statistics { population { registeredMigrants } populationByOrigin { region { code } registeredMigrants }
        districts { code population { registeredMigrants } populationByOrigin { region { code } registeredMigrants } } }
    }`);
    const cells = new Map<string, number | null>();
    const sums: PublishedSum[] = [];
    const places = [{ code: 'city', ...data.statistics }, ...data.statistics.districts];
    for (const place of places) {
      cells.set(place.code, place.population.registeredMigrants);
      for (const cell of place.populationByOrigin) cells.set(`${place.code}/${cell.region.code}`, cell.registeredMigrants);
      sums.push({ total: place.code, parts: place.populationByOrigin.map((cell: any) => `${place.code}/${cell.region.code}`) });
    }
    for (const cell of data.statistics.populationByOrigin) {
      sums.push({ total: `city/${cell.region.code}`, parts: data.statistics.districts.map((d: any) => `${d.code}/${cell.region.code}`) });
    }
    expect([...cells.values()].filter((v) => v === null).length).toBeGreaterThan(0);
    expect(recoverByDifferencing(cells, sums)).toEqual(new Map());
  });
});

describe("the README's decision-analysis examples, as an analyst", () => {
  it.each(['query CityAtAGlance', 'query MonthlyTrends', 'query OriginsByDistrict'])('%s runs and gives figures', async (marker) => {
    const data = await analystQuery(readmeQuery(marker));
    expect(JSON.stringify(data)).toMatch(/"registeredMigrants":[1-9]|"enrolled":[1-9]/);
  });
});

describe('figures are published, not live', () => {
  // Every figure of every bureau a diffing analyst would read: all levels, breakdowns, monthly series, per school and employer.
  const EVERY_FIGURE = `{
    statistics {
      population { asOf registeredMigrants validPermits suppressed }
      populationByOrigin { asOf region { code } registeredMigrants validPermits }
      populationByEthnicity { asOf ethnicity { code } registeredMigrants validPermits }
      populationByMonth(from: "2026-01") { asOf month registeredMigrants newRegistrations validPermits }
      schoolAgeChildren { asOf ageGroup count }
      reliefAndMediation { asOf reliefCases disputesFound disputesOpen }
      casesByMonth(from: "2026-01") { asOf month reliefGranted disputesFound disputesOpen }
      employment { asOf registered employed }
      employmentByMonth(from: "2026-01") { asOf month employedWithContract insured }
      schoolEnrolment { asOf schoolYear compulsoryEducation { enrolled } }
      schoolingByMonth(from: "2026-01") { asOf month enrolled newEnrolments }
    }
    districts {
      code
      population { asOf registeredMigrants validPermits }
      populationByOrigin { region { code } registeredMigrants }
      populationByEthnicity { ethnicity { code } registeredMigrants }
      streets { code population { asOf registeredMigrants } communities { code population { registeredMigrants validPermits } } }
      schools { code enrolledPupils }
    }
  }`;

  it('stamps every figure record with the release it comes from: the last day of the last complete month', async () => {
    const figures = await analystQuery(EVERY_FIGURE);
    const stamps = new Set<string>();
    JSON.stringify(figures, (key, value) => (key === 'asOf' && stamps.add(value), value));
    expect([...stamps]).toEqual([releaseAsOf()]);
    expect(releaseAsOf()).toMatch(/^\d{4}-\d{2}-(28|29|30|31)$/);
    // The latest month of a series is the month of the cut-off, complete.
    expect(figures.statistics.populationByMonth.at(-1).month).toBe(releaseAsOf().slice(0, 7));
  });

  it('serves the same numbers after a registration and a record corrected in the database, until the next release', async () => {
    const before = await analystQuery(EVERY_FIGURE);
    const [resident, corrected] = residents();
    const first17 = '62000019900517004';
    const registered = await federation.query(
      'mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }',
      {
        input: {
          familyName: '马', givenName: '小兰', sex: 'FEMALE', birthDate: '1990-05-17', ethnicityCode: '03', originRegionCode: '622900',
          idCardNumber: first17 + idCardCheckCharacter(first17), arrivalDate: today(),
          residence: { communityCode: currentResidenceOf(resident).communityCode, address: '丽景路 17号' },
        },
      },
      REGISTRY_OFFICER,
    );
    expect(registered.errors).toBeUndefined();
    // An old record corrected straight in the database (another ethnic group and origin): the release does not move.
    const db = federation.subgraphs['public-security'].database.dataSource;
    await db.query(`UPDATE person SET ethnicity_code = '01', origin_region_code = '640000' WHERE id = $1`, [corrected.id]);
    expect(await analystQuery(EVERY_FIGURE)).toEqual(before);
  });

  it('keeps each release in the bureau database, so every instance serves the same one', async () => {
    for (const [bureau, subgraph] of Object.entries(federation.subgraphs)) {
      const rows = await subgraph.database.dataSource.query('SELECT name, to_char(as_of, \'YYYY-MM-DD\') AS as_of FROM statistics_release');
      expect([bureau, rows]).toEqual([bureau, [{ name: bureau, as_of: releaseAsOf() }]]);
    }
  });
});
