import type { SyntheticEnrolment } from '../../subgraphs/education/seed/enrolments';
import { countEnrolmentRelease } from '../../subgraphs/education/loaders/enrolment-counts';
import { countSchoolAge } from '../../subgraphs/public-security/loaders/school-age-counts';
import { FIRST_MONTH, monthsFrom } from '../../subgraphs/kit/monthly-series';
import { CITY } from '../../subgraphs/kit/places';
import { releaseAsOf, releasedMonth } from '../../subgraphs/kit/releases';
import { Caller, startTestFederation, TestFederation } from '../support/federation';
import { expectProtectedCounts, expectRate } from '../support/checks';
import { compulsorySchoolingOn, generatedRecords, lastDayOf } from '../support/figures';

// The compulsory-education enrolment rate month by month: public security's children of compulsory-school age
// registered at each month's end, education's enrolled, and the rate of the two, against counts made here from the
// generator's records.

let federation: TestFederation;
let enrolments: SyntheticEnrolment[];
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };

beforeAll(async () => {
  ({ enrolments } = generatedRecords());
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

async function analystQuery(query: string) {
  const result = await federation.query(query, {}, ANALYST);
  expect(result.errors).toBeUndefined();
  return result.data;
}

const RATE_FIELDS = 'asOf month partial lastDayCounted enrolled registered rate suppressed';
const SERIES = (range: string) =>
  `schoolAgeChildrenByMonth { asOf month partial lastDayCounted compulsoryAge suppressed } enrolmentRateByMonth${range} { ${RATE_FIELDS} }`;

/** The day a month is counted on: its last day, or the cut-off for the month to date. */
const dayCounted = (month: string) => (lastDayOf(month) < releaseAsOf() ? lastDayOf(month) : releaseAsOf());

describe('the compulsory-education enrolment rate month by month (city and districts)', () => {
  let places: { code: string; schoolAgeChildrenByMonth: any[]; enrolmentRateByMonth: any[] }[];
  beforeAll(async () => {
    const { statistics } = await analystQuery(`{ statistics { code ${SERIES('')} districts { code ${SERIES('')} } } }`);
    places = [statistics, ...statistics.districts];
  });

  it('gives every month since 2013 up to the release, each counted on its last day (the cut-off for the month to date)', () => {
    const months = monthsFrom(FIRST_MONTH, releasedMonth());
    for (const place of places) {
      for (const series of [place.schoolAgeChildrenByMonth, place.enrolmentRateByMonth]) {
        expect(series.map((m: any) => m.month)).toEqual(months);
        for (const month of series) {
          expect([place.code, month.month, month.lastDayCounted, month.partial, month.asOf]).toEqual([
            place.code,
            month.month,
            dayCounted(month.month),
            dayCounted(month.month) < lastDayOf(month.month),
            releaseAsOf(),
          ]);
        }
      }
    }
  });

  it("counts the children registered and enrolled as the generator has them, in months either side of September's ageing", () => {
    const sampled = ['2014-06', '2018-08', '2018-09', '2022-12', releasedMonth()];
    let shown = 0;
    for (const place of places) {
      for (const month of sampled) {
        const label = `${place.code} ${month}`;
        const truth = compulsorySchoolingOn(place.code, enrolments, dayCounted(month));
        const registered = place.schoolAgeChildrenByMonth.find((m: any) => m.month === month);
        expectProtectedCounts(label, registered, { compulsoryAge: truth.registered });
        const rate = place.enrolmentRateByMonth.find((m: any) => m.month === month);
        expectProtectedCounts(label, rate, truth);
        expectRate(label, rate.rate, rate.enrolled, rate.registered);
        if (rate.rate !== null) shown += 1;
      }
    }
    // The city's and most districts' rates are shown: counts there are large.
    expect(shown).toBeGreaterThan(places.length * 2);
    const city = places.find((place) => place.code === CITY.code)!;
    expect(city.enrolmentRateByMonth.filter((m: any) => m.rate !== null && m.rate > 0 && m.rate <= 1).length).toBeGreaterThan(100);
  });

  it("divides by public security's published figure of the same month, withheld where it is", () => {
    for (const place of places) {
      place.enrolmentRateByMonth.forEach((month: any, m: number) => {
        const published = place.schoolAgeChildrenByMonth[m];
        expect([place.code, month.month, month.registered, month.suppressed.includes('registered')]).toEqual([
          place.code,
          published.month,
          published.compulsoryAge,
          published.suppressed.includes('compulsoryAge'),
        ]);
      });
    }
  });

  it('adds the districts up to the city every month: exactly where none is withheld, else leaving at least 1 to each withheld', () => {
    const [city, ...districts] = places;
    let exact = 0;
    city.schoolAgeChildrenByMonth.forEach((month: any, m: number) => {
      const parts = districts.map((district) => district.schoolAgeChildrenByMonth[m].compulsoryAge);
      const shown = parts.filter((n: number | null) => n !== null).reduce((sum: number, n: number) => sum + n, 0);
      const withheld = parts.filter((n: number | null) => n === null).length;
      if (month.compulsoryAge === null) return;
      if (withheld === 0) {
        expect([month.month, shown]).toEqual([month.month, month.compulsoryAge]);
        exact += 1;
      } else expect([month.month, month.compulsoryAge - shown >= withheld]).toEqual([month.month, true]);
    });
    const withheldMonths = districts.map(
      (district) => `${district.code} ${district.schoolAgeChildrenByMonth.filter((m: any) => m.compulsoryAge === null).length}`,
    );
    console.log(
      `compulsory-age children: months with every district shown ${exact}; withheld months: city ${city.schoolAgeChildrenByMonth.filter((m: any) => m.compulsoryAge === null).length}, by district ${withheldMonths.join(', ')}`,
    );
    expect(exact).toBeGreaterThan(0);
    expect(city.schoolAgeChildrenByMonth.filter((m: any) => m.compulsoryAge !== null).length).toBeGreaterThan(100);
  });

  it('takes a month range like every monthly series, refusing one it does not publish with BAD_USER_INPUT', async () => {
    const { statistics } = await analystQuery(`{ statistics { enrolmentRateByMonth(from: "2018-08", to: "2018-09") { ${RATE_FIELDS} } } }`);
    const city = places.find((place) => place.code === CITY.code)!;
    expect(statistics.enrolmentRateByMonth).toEqual(city.enrolmentRateByMonth.filter((m: any) => m.month === '2018-08' || m.month === '2018-09'));
    for (const [range, field] of [
      ['(from: "2012-12")', 'from'],
      ['(from: "2018-13")', 'from'],
      ['(to: "2099-01")', 'to'],
      ['(from: "2019-01", to: "2018-01")', 'from'],
    ]) {
      const result = await federation.query(`{ statistics { enrolmentRateByMonth${range} { month } } }`, {}, ANALYST);
      expect([range, result.errors?.[0].extensions]).toEqual([range, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
  });
});

describe('no statement per month', () => {
  it('reads a month or every month since 2013 with the same SQL statements', async () => {
    const query = (range: string) => `{ statistics { enrolmentRateByMonth${range} { month rate } districts { enrolmentRateByMonth${range} { month rate } } } }`;
    const one = await federation.countStatements(() => analystQuery(query(`(from: "${releasedMonth()}")`)));
    const all = await federation.countStatements(() => analystQuery(query('')));
    console.log(`SQL statements of the enrolment rate: one month → ${one}, ${monthsFrom(FIRST_MONTH, releasedMonth()).length} months → ${all}`);
    expect(all).toBe(one);
  });

  it("counts each bureau's series in the same statements for a release of 2013 as for the latest", async () => {
    const early = '2013-02-28';
    const count = async (work: (asOf: string) => Promise<unknown>) => [
      await federation.countStatements(() => work(early)),
      await federation.countStatements(() => work(releaseAsOf())),
    ];
    const publicSecurity = federation.subgraphs['public-security'].database.dataSource;
    const education = federation.subgraphs.education.database.dataSource;
    const [publicSecurityEarly, publicSecurityLatest] = await count((asOf) => countSchoolAge(publicSecurity, asOf));
    const [educationEarly, educationLatest] = await count((asOf) => countEnrolmentRelease(asOf, education));
    console.log(
      `statements counting the series: public security ${publicSecurityEarly} (2 months) and ${publicSecurityLatest} (to ${releasedMonth()}), education ${educationEarly} and ${educationLatest}`,
    );
    expect(publicSecurityLatest).toBe(publicSecurityEarly);
    expect(educationLatest).toBe(educationEarly);
  }, 300_000);
});
