import { today } from '../../subgraphs/kit/dates';
import { FIRST_MONTH, firstStreetMonth, monthsFrom, STREET_SERIES_MONTHS } from '../../subgraphs/kit/monthly-series';
import { CITY } from '../../subgraphs/kit/places';
import { releaseAsOf, releasedMonth } from '../../subgraphs/kit/releases';
import { loadEthnicGroups, loadOriginRegions } from '../../subgraphs/kit/reference-data';
import { SchoolAgeGroup } from '../../subgraphs/kit/school-age';
import type { SyntheticEnrolment } from '../../subgraphs/education/seed/enrolments';
import { SCHOOLING_YEAR_ENDS } from '../../subgraphs/education/loaders/enrolment-counts';
import type { SyntheticHumanResources } from '../../subgraphs/human-resources/seed/types';
import type { SyntheticCivilAffairsCases } from '../../subgraphs/civil-affairs/seed/case-types';
import { Caller, REGISTRY_OFFICER, startTestFederation, TestFederation } from '../support/federation';
import { readmeQuery } from '../support/readme';
import { idCardCheckCharacter } from '../../subgraphs/kit/idcard';
import { expectProtected, expectProtectedCounts, expectRate } from '../support/checks';
import { PublishedSum, recoverByDifferencing } from '../support/differencing';
import { cityMonth, employmentIn, enrolledIn, generatedRecords, lastDayOf, registeredIn, reliefAndMediationIn, schoolingIn, validOn } from '../support/figures';
import { currentResidenceOf, districtsByCode, heldOn, testPopulation } from '../support/population';

// The statistics graph against counts computed here from the generator's population, and its disclosure control
// against an attacker who subtracts what is published.

let federation: TestFederation;
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };

let enrolments: SyntheticEnrolment[];
let work: SyntheticHumanResources;
let cases: SyntheticCivilAffairsCases;

beforeAll(async () => {
  ({ enrolments, work, cases } = generatedRecords());
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

function expectFigure(label: string, record: Record<string, any>, field: string, trueCount: number) {
  expectProtected(label, record[field], trueCount, record.suppressed, field);
}

const records = () => ({ enrolments, work, cases });
const populationMonth = (month: string) => cityMonth(month, records()).population;
const schoolingMonth = (month: string) => cityMonth(month, records()).schooling;
const employmentMonth = (month: string) => cityMonth(month, records()).employment;
const casesMonth = (month: string) => cityMonth(month, records()).cases;

/** A community's year ends, one for each of `years`: each held on 31 December, the last (the year to date) on the cut-off. */
function expectYearsCounted(community: string, byYear: any[], years: number[], asOf: string) {
  expect(byYear.map((y: any) => y.year)).toEqual(years);
  for (const year of byYear) {
    const last = year.year === years[years.length - 1];
    expect([community, year.year, year.partial, year.lastDayCounted]).toEqual([
      community,
      year.year,
      last && !asOf.endsWith('-12-31'),
      last ? asOf : `${year.year}-12-31`,
    ]);
  }
}

/**
 * A year's end is December's (the cut-off month's for the year to date): where every community's is shown, a
 * district's communities add up to their street's month of `series`, or before the street's months (or for a bureau
 * without street months, whose answer lists the district's communities and no streets) to their district's.
 */
function expectYearEndsAddUp(district: any, series: string, yearEnds: string, measures: string[], years: number[]) {
  const streets: any[] = district.streets ?? [];
  const communities = district.streets ? streets.flatMap((street: any) => street.communities) : district.communities;
  for (const year of years) {
    const month = year === years[years.length - 1] ? releasedMonth() : `${year}-12`;
    const wholes: [string, any, any[]][] = streets.map((street: any) => [street.code, street[series].find((m: any) => m.month === month), street.communities]);
    const byStreet = wholes.length > 0 && wholes.every(([, whole]) => whole !== undefined);
    for (const [place, whole, parts] of byStreet ? wholes : [[district.code, district[series].find((m: any) => m.month === month), communities]]) {
      for (const measure of measures) {
        const counts = parts.map((community: any) => community[yearEnds].find((y: any) => y.year === year)[measure]);
        if (!counts.includes(null) && whole[measure] !== null)
          expect([place, year, measure, counts.reduce((a: number, b: number) => a + b, 0)]).toEqual([place, year, measure, whole[measure]]);
      }
    }
  }
}

describe('registration figures (public security) against the seeded population', () => {
  it('gives the city and each district their registered migrants and valid permits', async () => {
    const data = await analystQuery(`{
      statistics { code name population { registeredMigrants validPermits permitRate suppressed }
        districts { code population { registeredMigrants validPermits permitRate suppressed } } }
    }`);
    const city = registeredIn(CITY.code, releaseAsOf());
    const valid = city.filter((p) => validOn(p, releaseAsOf()));
    expect(data.statistics.code).toBe('640100');
    expect(data.statistics.population).toEqual({
      registeredMigrants: city.length,
      validPermits: valid.length,
      permitRate: Math.round((valid.length / city.length) * 10_000) / 10_000,
      suppressed: [],
    });
    for (const district of data.statistics.districts) {
      const here = registeredIn(district.code, releaseAsOf());
      expectFigure(district.code, district.population, 'registeredMigrants', here.length);
      expectFigure(district.code, district.population, 'validPermits', here.filter((p) => validOn(p, releaseAsOf())).length);
    }
  });

  it('breaks the districts down by origin and ethnic group, with the small cells withheld', async () => {
    const data = await analystQuery(`{
      statistics { districts { code
        populationByOrigin { region { code } registeredMigrants suppressed }
        populationByEthnicity { ethnicity { code name } registeredMigrants suppressed } } }
    }`);
    for (const district of data.statistics.districts) {
      const here = registeredIn(district.code, releaseAsOf());
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
    for (const figures of months) expectProtectedCounts(figures.month, figures, populationMonth(figures.month));
  });

  it("counts each street's registered migrants and valid permits at the end of each month, the streets adding up to their district", async () => {
    const { statistics } = await analystQuery(`{ statistics { districts { code
      populationByMonth(from: "2024-01", to: "2024-12") { month registeredMigrants validPermits }
      streets { code population { registeredMigrants validPermits }
        populationByMonth(from: "2024-01") { asOf month partial lastDayCounted registeredMigrants validPermits permitRate suppressed } } } } }`);
    let shown = 0;
    for (const district of statistics.districts) {
      for (const street of district.streets) {
        const months = street.populationByMonth;
        expect(months.map((m: any) => m.month)).toEqual(monthsFrom('2024-01', releasedMonth()));
        for (const month of months) {
          const registered = registeredIn(street.code, month.lastDayCounted);
          expectProtectedCounts(`${street.code} ${month.month}`, month, {
            registeredMigrants: registered.length,
            validPermits: registered.filter((p) => validOn(p, month.lastDayCounted)).length,
          });
          expectRate(`${street.code} ${month.month}`, month.permitRate, month.validPermits, month.registeredMigrants);
          if (month.suppressed.length === 0) shown += 1;
        }
        // The cut-off month is the street's figure of the cut-off day.
        const last = months[months.length - 1];
        expect([street.code, last.registeredMigrants, last.validPermits]).toEqual([
          street.code,
          street.population.registeredMigrants,
          street.population.validPermits,
        ]);
      }
      district.populationByMonth.forEach((month: any, m: number) => {
        const parts = district.streets.map((street: any) => street.populationByMonth[m].registeredMigrants);
        if (!parts.includes(null))
          expect([district.code, month.month, parts.reduce((a: number, b: number) => a + b, 0)]).toEqual([
            district.code,
            month.month,
            month.registeredMigrants,
          ]);
      });
    }
    expect(shown).toBeGreaterThan(0);
    // Asked from 2013, a street gives the months of its series only: the last STREET_SERIES_MONTHS.
    const street = statistics.districts[0].streets[0].code;
    const { street: whole } = await analystQuery(`{ street(code: "${street}") { populationByMonth(from: "2013-01") { month } } }`);
    const asOf = statistics.districts[0].streets[0].populationByMonth[0].asOf;
    expect(whole.populationByMonth.map((m: any) => m.month)).toEqual(monthsFrom(firstStreetMonth(asOf), releasedMonth()));
    expect(whole.populationByMonth).toHaveLength(STREET_SERIES_MONTHS);
  });

  it("counts each community's registered migrants and valid permits at each year's end, the communities adding up to their street's December", async () => {
    const { statistics } = await analystQuery(`{ statistics { districts { code
      populationByMonth(from: "2013-01") { month registeredMigrants validPermits }
      streets { code populationByMonth { month registeredMigrants validPermits }
        communities { code population { registeredMigrants validPermits }
          populationByYear { asOf year partial lastDayCounted registeredMigrants validPermits permitRate suppressed } } } } } }`);
    const asOf = releaseAsOf();
    const years = Array.from({ length: Number(asOf.slice(0, 4)) - 2012 }, (_, i) => 2013 + i);
    let shown = 0;
    for (const district of statistics.districts) {
      for (const street of district.streets) {
        for (const community of street.communities) {
          const byYear = community.populationByYear;
          expectYearsCounted(community.code, byYear, years, asOf);
          for (const year of byYear) {
            const registered = registeredIn(community.code, year.lastDayCounted);
            expectProtectedCounts(`${community.code} ${year.year}`, year, {
              registeredMigrants: registered.length,
              validPermits: registered.filter((p) => validOn(p, year.lastDayCounted)).length,
            });
            expectRate(`${community.code} ${year.year}`, year.permitRate, year.validPermits, year.registeredMigrants);
            if (year.suppressed.length === 0 && year.registeredMigrants > 0) shown += 1;
          }
          // The year to date is the community's figure of the cut-off day.
          const last = byYear[byYear.length - 1];
          expect([community.code, last.registeredMigrants, last.validPermits]).toEqual([
            community.code,
            community.population.registeredMigrants,
            community.population.validPermits,
          ]);
        }
      }
      expectYearEndsAddUp(district, 'populationByMonth', 'populationByYear', ['registeredMigrants', 'validPermits'], years);
    }
    expect(shown).toBeGreaterThan(0);
  });

  it('counts a registration on its last day: a person moving to another district at a month end is counted once, where they left', async () => {
    // From the generator: people whose registration ended on a month's last day and who registered in another district the next day.
    const movesByMonth = new Map<string, number>();
    for (const person of testPopulation()) {
      person.residences.slice(1).forEach((next, i) => {
        const left = person.residences[i];
        const month = left.toDate!.slice(0, 7);
        if (left.toDate === lastDayOf(month) && next.districtCode !== left.districtCode && month >= FIRST_MONTH && month <= releasedMonth()) {
          movesByMonth.set(month, (movesByMonth.get(month) ?? 0) + 1);
        }
      });
    }
    const [month, moves] = [...movesByMonth].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    const day = lastDayOf(month);
    const series = `populationByMonth(from: "${month}", to: "${month}") { registeredMigrants suppressed }`;
    const data = await analystQuery(`{ statistics { ${series} districts { code ${series} } } }`);

    // On the day no one holds two registrations, so a count of registrations is one of people.
    expect(testPopulation().filter((p) => p.residences.filter((r) => heldOn(day, r.fromDate, r.toDate)).length > 1)).toEqual([]);
    const city = registeredIn(CITY.code, day);
    expect(data.statistics.populationByMonth[0].registeredMigrants).toBe(city.length);
    for (const district of data.statistics.districts) {
      expectProtectedCounts(`${district.code} ${month}`, district.populationByMonth[0], { registeredMigrants: registeredIn(district.code, day).length });
    }
    // Read as the first day off, the end dates would leave the movers (and every registration ending that day) uncounted.
    const firstDayOff = testPopulation().filter((p) => p.residences.some((r) => r.fromDate <= day && (r.toDate === null || r.toDate > day)));
    expect(moves).toBeGreaterThan(0);
    expect(city.length - firstDayOff.length).toBeGreaterThanOrEqual(moves);
  });

  it('refuses a month range that is not YYYY-MM, naming the argument', async () => {
    const result = await federation.query('{ statistics { populationByMonth(from: "2016-13") { month } } }', {}, ANALYST);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });
});

describe("every bureau's month-by-month figures for the city, against the seeded records", () => {
  const YEAR = 'from: "2019-01", to: "2019-12"';

  it('education: children enrolled at the end of each month and new enrolments', async () => {
    const data = await analystQuery(`{ statistics { schoolingByMonth(${YEAR}) { month enrolled newEnrolments suppressed } } }`);
    expect(data.statistics.schoolingByMonth).toHaveLength(12);
    for (const figures of data.statistics.schoolingByMonth) expectProtectedCounts(figures.month, figures, schoolingMonth(figures.month));
    expect(data.statistics.schoolingByMonth.every((m: any) => m.enrolled > 0)).toBe(true);
  });

  it("education: each community's children enrolled at each year's end, the communities adding up to their district's December", async () => {
    const { statistics } = await analystQuery(`{ statistics { districts { code schoolingByMonth(from: "2013-01") { month enrolled }
      communities { code schoolEnrolment { byAgeGroup { ageGroup enrolled } }
        schoolingByYear { asOf year partial lastDayCounted enrolled suppressed } } } } }`);
    const asOf = releaseAsOf();
    const years = Array.from({ length: SCHOOLING_YEAR_ENDS }, (_, i) => Number(asOf.slice(0, 4)) - SCHOOLING_YEAR_ENDS + 1 + i);
    // In the test's small population a community holds fewer than 10 children enrolled: its year ends are shown where
    // it held none and withheld where it held some.
    let [shown, withheld] = [0, 0];
    for (const district of statistics.districts) {
      for (const community of district.communities) {
        const byYear = community.schoolingByYear;
        expectYearsCounted(community.code, byYear, years, asOf);
        for (const year of byYear) {
          expect([community.code, year.year, year.asOf]).toEqual([community.code, year.year, asOf]);
          expectProtectedCounts(`${community.code} ${year.year}`, year, { enrolled: enrolledIn(community.code, enrolments, year.lastDayCounted) });
          if (year.enrolled === null) withheld += 1;
          else shown += 1;
        }
        // The year to date is the community's children enrolled on the cut-off day: its school-age groups and the
        // children of other ages (none published), where all are shown.
        const groups = community.schoolEnrolment.byAgeGroup.map((group: any) => group.enrolled);
        const yearToDate = byYear[byYear.length - 1].enrolled;
        const ofSchoolAge = [...schoolingIn(community.code, enrolments, asOf).values()].reduce((sum, group) => sum + group.enrolled, 0);
        const otherAges = enrolledIn(community.code, enrolments, asOf) - ofSchoolAge;
        if (yearToDate !== null && !groups.includes(null))
          expect([community.code, yearToDate]).toEqual([community.code, groups.reduce((a: number, b: number) => a + b, otherAges)]);
      }
      // Education publishes no street months: the communities add up to their district's.
      expectYearEndsAddUp(district, 'schoolingByMonth', 'schoolingByYear', ['enrolled'], years);
    }
    expect([shown > 0, withheld > 0]).toEqual([true, true]);
  });

  it('human resources: jobs with a contract and insured migrants at the end of each month, courses completed', async () => {
    const data = await analystQuery(`{ statistics { employmentByMonth(${YEAR}) { month employedWithContract insured trainingCompleted suppressed } } }`);
    for (const figures of data.statistics.employmentByMonth) {
      const { employedWithContract, insured, trainingCompleted } = employmentMonth(figures.month);
      expectProtectedCounts(figures.month, figures, { employedWithContract, insured, trainingCompleted });
    }
    // Insured migrants are shown at the city every month. Jobs with a contract may be withheld there in a small
    // population: they are nearly always the migrants holding one, so the two are protected together (partOfStock).
    expect(
      data.statistics.employmentByMonth.every((m: any) => m.insured > 0 && (m.employedWithContract > 0 || m.suppressed.includes('employedWithContract'))),
    ).toBe(true);
  });

  it('human resources: the contract and insurance rates of each month with their denominators, at the city and each district', async () => {
    const series = `employmentByMonth(${YEAR}) { month registered employed withContract contractRate insured insuranceRate suppressed }`;
    const { statistics } = await analystQuery(`{ statistics { code ${series} districts { code ${series} } } }`);
    const places = [statistics, ...statistics.districts];
    expect(statistics.districts.map((d: any) => d.code)).toEqual(districtsByCode().map((d) => d.code));
    for (const place of places) {
      expect(place.employmentByMonth.map((m: any) => m.month)).toEqual(monthsFrom('2019-01', '2019-12'));
      for (const figures of place.employmentByMonth) {
        const label = `${place.code} ${figures.month}`;
        const { registered, employed, withContract, insuredInAnyScheme } = employmentIn(place.code, work, lastDayOf(figures.month));
        expectProtectedCounts(label, figures, { registered, employed, withContract, insured: insuredInAnyScheme });
        expectRate(`${label} contractRate`, figures.contractRate, figures.withContract, figures.employed);
        expectRate(`${label} insuranceRate`, figures.insuranceRate, figures.insured, figures.registered);
      }
    }
    // Rates of people among people: between 0 and 1; the city's insurance rate is shown every month.
    for (const figures of statistics.employmentByMonth) {
      expect([figures.month, figures.insuranceRate > 0 && figures.insuranceRate <= 1]).toEqual([figures.month, true]);
      expect([figures.month, figures.contractRate === null || (figures.contractRate > 0 && figures.contractRate <= 1)]).toEqual([figures.month, true]);
    }
  });

  it("human resources: the cut-off month of the series is the cut-off day's figures, withheld or shown alike", async () => {
    const month = releasedMonth();
    const counts = ['registered', 'employed', 'withContract'];
    const fields = `${counts.join(' ')} contractRate suppressed`;
    const query = `employment { ${fields} } employmentByMonth(from: "${month}") { month ${fields} }`;
    const { statistics } = await analystQuery(`{ statistics { code ${query} districts { code ${query} } } }`);
    for (const place of [statistics, ...statistics.districts]) {
      const [last] = place.employmentByMonth;
      expect(last.month).toBe(month);
      const named = (record: any) => record.suppressed.filter((field: string) => counts.includes(field)).sort();
      expect([place.code, { ...last, month: undefined, suppressed: named(last) }]).toEqual([
        place.code,
        { ...place.employment, month: undefined, suppressed: named(place.employment) },
      ]);
      const { registered, employed, withContract } = employmentIn(place.code, work, releaseAsOf());
      expectProtectedCounts(place.code, last, { registered, employed, withContract });
    }
  });

  it("human resources: each community's registered, employed, with a contract and insured at each year's end, the communities adding up to their district's December", async () => {
    const stocks = ['registered', 'employed', 'withContract', 'insured'];
    const atCutOff = ['registered', 'employed', 'withContract'];
    const { statistics } = await analystQuery(`{ statistics { districts { code
      employmentByMonth(from: "${FIRST_MONTH}") { month ${stocks.join(' ')} }
      communities { code employment { ${atCutOff.join(' ')} }
        employmentByYear { asOf year partial lastDayCounted ${stocks.join(' ')} contractRate insuranceRate suppressed } } } } }`);
    const asOf = releaseAsOf();
    const years = Array.from({ length: Number(asOf.slice(0, 4)) - 2012 }, (_, i) => 2013 + i);
    let shown = 0;
    for (const district of statistics.districts) {
      for (const community of district.communities) {
        const byYear = community.employmentByYear;
        expectYearsCounted(community.code, byYear, years, asOf);
        for (const year of byYear) {
          const label = `${community.code} ${year.year}`;
          const { registered, employed, withContract, insuredInAnyScheme } = employmentIn(community.code, work, year.lastDayCounted);
          expectProtectedCounts(label, year, { registered, employed, withContract, insured: insuredInAnyScheme });
          expectRate(`${label} contractRate`, year.contractRate, year.withContract, year.employed);
          expectRate(`${label} insuranceRate`, year.insuranceRate, year.insured, year.registered);
          shown += stocks.filter((measure) => year[measure] > 0).length;
        }
        // The year to date is the community's figure of the cut-off day, withheld or shown alike.
        const last = byYear[byYear.length - 1];
        for (const measure of atCutOff) expect([community.code, measure, last[measure]]).toEqual([community.code, measure, community.employment[measure]]);
      }
      // Human resources publishes no street months: the communities add up to their district's.
      expectYearEndsAddUp(district, 'employmentByMonth', 'employmentByYear', stocks, years);
    }
    expect(shown).toBeGreaterThan(0);
  });

  it('civil affairs: relief granted, disputes found and settled in each month, disputes open at its end', async () => {
    const data = await analystQuery(`{ statistics { casesByMonth(${YEAR}) { month reliefGranted disputesFound disputesSettled disputesOpen suppressed } } }`);
    for (const figures of data.statistics.casesByMonth) expectProtectedCounts(figures.month, figures, casesMonth(figures.month));
  });

  it("civil affairs: each street's disputes open at the end of each month of its series, the streets adding up to their district", async () => {
    const { statistics } = await analystQuery(`{ statistics { districts { code
      casesByMonth(from: "2013-01") { month disputesOpen }
      streets { code reliefAndMediation { disputesOpen }
        casesByMonth(from: "2013-01") { asOf month partial lastDayCounted disputesOpen suppressed } } } } }`);
    // Open disputes are few: in a small population a street's are mostly withheld, yet not all nothing.
    let counted = 0;
    for (const district of statistics.districts) {
      for (const street of district.streets) {
        const months = street.casesByMonth;
        expect(months.map((m: any) => m.month)).toEqual(monthsFrom(firstStreetMonth(months[0].asOf), releasedMonth()));
        for (const month of months) {
          expectProtectedCounts(`${street.code} ${month.month}`, month, {
            disputesOpen: reliefAndMediationIn(street.code, cases, month.lastDayCounted).disputesOpen,
          });
          if (month.disputesOpen !== 0) counted += 1;
        }
        // The cut-off month is the street's figure of the cut-off day.
        expect([street.code, months[months.length - 1].disputesOpen]).toEqual([street.code, street.reliefAndMediation.disputesOpen]);
      }
      for (const month of district.casesByMonth.filter((m: any) => m.month >= district.streets[0].casesByMonth[0].month)) {
        const parts = district.streets.map((street: any) => street.casesByMonth.find((m: any) => m.month === month.month).disputesOpen);
        if (!parts.includes(null) && month.disputesOpen !== null)
          expect([district.code, month.month, parts.reduce((a: number, b: number) => a + b, 0)]).toEqual([district.code, month.month, month.disputesOpen]);
      }
    }
    expect(counted).toBeGreaterThan(0);
  });

  it("civil affairs: each community's disputes open at each year's end, the communities adding up to their street's December", async () => {
    const { statistics } = await analystQuery(`{ statistics { districts { code
      casesByMonth(from: "2013-01") { month disputesOpen }
      streets { code casesByMonth { month disputesOpen }
        communities { code reliefAndMediation { disputesOpen }
          casesByYear { asOf year partial lastDayCounted disputesOpen suppressed } } } } } }`);
    const asOf = releaseAsOf();
    const years = Array.from({ length: Number(asOf.slice(0, 4)) - 2012 }, (_, i) => 2013 + i);
    // Open disputes are few: in a small population a community's year ends are nothing or withheld, yet not all nothing.
    let counted = 0;
    for (const district of statistics.districts) {
      for (const street of district.streets) {
        for (const community of street.communities) {
          const byYear = community.casesByYear;
          expectYearsCounted(community.code, byYear, years, asOf);
          for (const year of byYear) {
            expectProtectedCounts(`${community.code} ${year.year}`, year, {
              disputesOpen: reliefAndMediationIn(community.code, cases, year.lastDayCounted).disputesOpen,
            });
            if (year.disputesOpen !== 0) counted += 1;
          }
          // The year to date is the community's figure of the cut-off day.
          expect([community.code, byYear[byYear.length - 1].disputesOpen]).toEqual([community.code, community.reliefAndMediation.disputesOpen]);
        }
      }
      expectYearEndsAddUp(district, 'casesByMonth', 'casesByYear', ['disputesOpen'], years);
    }
    expect(counted).toBeGreaterThan(0);
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
  it('CityAtAGlance gives the city and its districts the figures of every bureau, as the generator has them', async () => {
    const asOf = releaseAsOf();
    const { statistics } = await analystQuery(readmeQuery('query CityAtAGlance'));
    // The example asks no `suppressed` of the compulsory figures: what was withheld there, asked of the same release.
    const withheld = await analystQuery('{ statistics { schoolEnrolment { compulsoryEducation { suppressed } } } }');
    expect(statistics.name).toBe(CITY.name);

    const city = registeredIn(CITY.code, asOf);
    expectProtectedCounts('city', statistics.population, { registeredMigrants: city.length, validPermits: city.filter((p) => validOn(p, asOf)).length });
    expectRate('city', statistics.population.permitRate, statistics.population.validPermits, statistics.population.registeredMigrants);

    const schooling = schoolingIn(CITY.code, enrolments, asOf);
    const parts = [SchoolAgeGroup.PRIMARY_AGE, SchoolAgeGroup.JUNIOR_SECONDARY_AGE].map((group) => schooling.get(group)!);
    const compulsory = statistics.schoolEnrolment.compulsoryEducation;
    const flags = withheld.statistics.schoolEnrolment.compulsoryEducation.suppressed ? ['schoolAgeChildren', 'enrolled'] : [];
    expectProtectedCounts(
      'city compulsory',
      compulsory,
      { schoolAgeChildren: parts.reduce((sum, part) => sum + part.registered, 0), enrolled: parts.reduce((sum, part) => sum + part.enrolled, 0) },
      flags,
    );
    expectRate('city compulsory', compulsory.rate, compulsory.enrolled, compulsory.schoolAgeChildren);

    const employment = employmentIn(CITY.code, work, asOf);
    const { registered, withContract, trained } = employment;
    expectProtectedCounts('city', statistics.employment, { registered, withContract, trained });
    // The rate's base, the employed, is not asked: shown unless the record lists it as withheld.
    const employed = statistics.employment.suppressed.includes('employed') ? null : employment.employed;
    expectRate('city', statistics.employment.contractRate, statistics.employment.withContract, employed);

    const { reliefPaid, disputesFound, disputesOpen } = reliefAndMediationIn(CITY.code, cases, asOf);
    expectProtectedCounts('city', statistics.reliefAndMediation, { reliefPaid, disputesFound, disputesOpen });

    const districts = districtsByCode();
    expect(statistics.districts.map((d: any) => d.name)).toEqual(districts.map((d) => d.nameZh));
    for (const [index, { code }] of districts.entries()) {
      const { population } = statistics.districts[index];
      const here = registeredIn(code, asOf);
      expectProtectedCounts(code, population, { registeredMigrants: here.length });
      const valid = population.suppressed.includes('validPermits') ? null : here.filter((p) => validOn(p, asOf)).length;
      expectRate(code, population.permitRate, valid, population.registeredMigrants);
    }
  });

  it("MonthlyTrends gives every month since 2013 of the four bureaus' series, as the generator has them", async () => {
    const { statistics } = await analystQuery(readmeQuery('query MonthlyTrends'));
    const months = monthsFrom(FIRST_MONTH, releasedMonth());
    for (const series of ['populationByMonth', 'schoolingByMonth', 'employmentByMonth', 'casesByMonth']) {
      expect([series, statistics[series].map((m: any) => m.month)]).toEqual([series, months]);
    }
    for (const figures of statistics.populationByMonth) {
      const { registeredMigrants, validPermits } = populationMonth(figures.month);
      expectProtectedCounts(figures.month, figures, { registeredMigrants, validPermits });
      expectRate(figures.month, figures.permitRate, figures.validPermits, figures.registeredMigrants);
    }
    for (const figures of statistics.schoolingByMonth) expectProtectedCounts(figures.month, figures, { enrolled: schoolingMonth(figures.month).enrolled });
    for (const figures of statistics.employmentByMonth) {
      expectProtectedCounts(figures.month, figures, employmentMonth(figures.month));
      expectRate(figures.month, figures.contractRate, figures.withContract, figures.employed);
      expectRate(figures.month, figures.insuranceRate, figures.insured, figures.registered);
    }
    for (const figures of statistics.casesByMonth) {
      const { reliefGranted, disputesSettled, disputesOpen } = casesMonth(figures.month);
      expectProtectedCounts(figures.month, figures, { reliefGranted, disputesSettled, disputesOpen });
    }
  });

  it('OriginsByDistrict gives every district its migrants by origin and by ethnic group, as the generator has them', async () => {
    const { statistics } = await analystQuery(readmeQuery('query OriginsByDistrict'));
    // The example asks no `suppressed` of a district's total: what was withheld there, asked of the same release.
    const withheld = await analystQuery('{ statistics { districts { population { suppressed } } } }');
    const districts = districtsByCode();
    expect(statistics.districts.map((d: any) => d.name)).toEqual(districts.map((d) => d.nameZh));
    for (const [index, { code }] of districts.entries()) {
      const { population, populationByOrigin, populationByEthnicity } = statistics.districts[index];
      const here = registeredIn(code, releaseAsOf());
      expectProtectedCounts(code, population, { registeredMigrants: here.length }, withheld.statistics.districts[index].population.suppressed);
      // Every region of origin, in the reference's order.
      expect(populationByOrigin.map((cell: any) => cell.region)).toEqual(loadOriginRegions().map((r) => ({ name: r.nameZh, nameEn: r.nameEn })));
      for (const [at, region] of loadOriginRegions().entries()) {
        const from = here.filter((p) => p.originRegionCode === region.code);
        expectProtectedCounts(`${code}/${region.code}`, populationByOrigin[at], {
          registeredMigrants: from.length,
          validPermits: from.filter((p) => validOn(p, releaseAsOf())).length,
        });
      }
      // The ethnic groups present, in the reference's order.
      const present = loadEthnicGroups().filter((group) => here.some((p) => p.ethnicityCode === group.code));
      expect(populationByEthnicity.map((cell: any) => cell.ethnicity)).toEqual(present.map((g) => ({ name: g.nameZh, nameEn: g.nameEn })));
      for (const [at, group] of present.entries()) {
        expectProtectedCounts(`${code}/${group.code}`, populationByEthnicity[at], {
          registeredMigrants: here.filter((p) => p.ethnicityCode === group.code).length,
        });
      }
    }
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
      schools { code pupils { asOf enrolledPupils suppressed } }
    }
  }`;

  it('stamps every figure record with the release it comes from: the last day of the last complete month', async () => {
    const figures = await analystQuery(EVERY_FIGURE);
    const stamps = new Set<string>();
    JSON.stringify(figures, (key, value) => (key === 'asOf' && stamps.add(value), value));
    expect([...stamps]).toEqual([releaseAsOf()]);
    expect(releaseAsOf()).toMatch(/^\d{4}-\d{2}-(28|29|30|31)$/);
    // The latest month of a series is the month of the cut-off, complete: every month is counted to its last day.
    expect(figures.statistics.populationByMonth.at(-1).month).toBe(releaseAsOf().slice(0, 7));
    const series = ['populationByMonth', 'schoolingByMonth', 'employmentByMonth', 'casesByMonth'];
    const { statistics } = await analystQuery(
      `{ statistics { ${series.map((list) => `${list}(from: "2025-01") { month partial lastDayCounted }`).join(' ')} } }`,
    );
    for (const list of series) {
      expect([list, statistics[list]]).toEqual([
        list,
        monthsFrom('2025-01', releasedMonth()).map((month) => ({ month, partial: false, lastDayCounted: lastDayOf(month) })),
      ]);
    }
  });

  it('serves the same numbers after a registration and a record corrected in the database, until the next release', async () => {
    const before = await analystQuery(EVERY_FIGURE);
    const [resident, corrected] = testPopulation();
    const first17 = '62000019900517004';
    const registered = await federation.query(
      'mutation Register($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }',
      {
        input: {
          familyName: '马',
          givenName: '小兰',
          sex: 'FEMALE',
          birthDate: '1990-05-17',
          ethnicityCode: '03',
          originRegionCode: '622900',
          idCardNumber: first17 + idCardCheckCharacter(first17),
          arrivalDate: today(),
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
      const rows = await subgraph.database.dataSource.query("SELECT name, to_char(as_of, 'YYYY-MM-DD') AS as_of FROM statistics_release");
      expect([bureau, rows]).toEqual([bureau, [{ name: bureau, as_of: releaseAsOf() }]]);
    }
  });
});
