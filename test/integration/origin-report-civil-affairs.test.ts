import type { SyntheticDisputeCase } from '../../subgraphs/civil-affairs/seed/case-types';
import { CITY } from '../../subgraphs/kit/places';
import { loadDistricts, loadOriginRegions } from '../../subgraphs/kit/reference-data';
import { expectProtectedCounts } from '../support/checks';
import { Caller, startTestFederation, TestFederation } from '../support/federation';
import { closedOn, generatedRecords, GeneratedRecords, inPlace } from '../support/figures';
import { currentResidenceOf, testPopulation } from '../support/population';

// Civil affairs' part of the report for the sending regions (流出地协作报告), against counts made here from the generator's
// records, each case's origin taken from its person: the applicant of a relief case, the first party of a dispute.

let federation: TestFederation;
let records: GeneratedRecords;
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };
const RELIEF_WORKER: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' };
const MEDIATOR: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'dispute-mediation' };

const REPORT = `query OriginCases($region: ID!) { originReport(region: $region) {
  code
  cases { asOf disputesOpen suppressed }
  casesByDistrict { district { code name } asOf disputesOpen suppressed }
  casesByYear { year partial lastDayCounted asOf reliefGranted disputesFound disputesSettled suppressed } } }`;

beforeAll(async () => {
  records = generatedRecords();
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

const originOf = (() => {
  let origins: Map<string, string> | undefined;
  return (personId: string) => (origins ??= new Map(testPopulation().map((person) => [person.id, person.originRegionCode]))).get(personId);
})();

const disputeFrom = (region: string) => (d: SyntheticDisputeCase) => originOf(d.partyIds[0]) === region;

/** Disputes from `region` open in `place` on the cut-off day. */
function openFrom(region: string, place: string, asOf: string) {
  const open = records.cases.disputes.filter((d) => disputeFrom(region)(d) && inPlace(place, d.communityCode) && d.foundOn <= asOf);
  return { disputesOpen: open.filter((d) => closedOn(d) === null || closedOn(d)! > asOf).length };
}

/** The flows from `region` in the city in a year, up to `lastDay`. */
function flowsFrom(region: string, year: number, lastDay: string) {
  const inYear = (day: string | null) => day !== null && day.startsWith(`${year}-`) && day <= lastDay;
  const disputes = records.cases.disputes.filter(disputeFrom(region));
  return {
    reliefGranted: records.cases.reliefCases.filter((c) => originOf(c.personId) === region && c.decision === 'APPROVED' && inYear(c.decidedOn)).length,
    disputesFound: disputes.filter((d) => inYear(d.foundOn)).length,
    disputesSettled: disputes.filter((d) => inYear(closedOn(d))).length,
  };
}

describe("civil affairs' part of the origin report", () => {
  it.each(loadOriginRegions().map((region) => [region.nameEn, region.code]))(
    'gives the disputes of the migrants from %s open on the cut-off, and their relief and disputes year by year, as counted from the records',
    async (_name, region) => {
      const { cases, casesByDistrict, casesByYear } = await report(region);
      const asOf = cases.asOf;
      expectProtectedCounts(`${region} city`, cases, openFrom(region, CITY.code, asOf));
      expect(casesByDistrict.map((row: any) => row.district.code)).toEqual(loadDistricts().map((district) => district.code));
      for (const row of casesByDistrict) {
        expect(row.asOf).toBe(asOf);
        expect(row.district.name).toBe(loadDistricts().find((district) => district.code === row.district.code)!.nameZh);
        expectProtectedCounts(`${region} ${row.district.code}`, row, openFrom(region, row.district.code, asOf));
      }
      const lastYear = Number(asOf.slice(0, 4));
      expect(casesByYear.map((year: any) => year.year)).toEqual(Array.from({ length: lastYear - 2012 }, (_, i) => 2013 + i));
      for (const year of casesByYear) {
        const whole = `${year.year}-12-31` <= asOf;
        expect(year).toMatchObject({ asOf, partial: !whole, lastDayCounted: whole ? `${year.year}-12-31` : asOf });
        expectProtectedCounts(`${region} ${year.year}`, year, flowsFrom(region, year.year, year.lastDayCounted));
      }
    },
  );

  it("adds up over the regions to civil affairs' own figures: the districts' open disputes, and the city's months of each year", async () => {
    const result = await federation.query(
      `{ statistics { reliefAndMediation { disputesOpen } casesByMonth { month reliefGranted disputesFound disputesSettled }
        districts { code reliefAndMediation { disputesOpen } } } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const { statistics } = result.data;
    const reports = await Promise.all(loadOriginRegions().map((region) => report(region.code)));
    const sum = (parts: (number | null)[]) => (parts.includes(null) ? null : parts.reduce((total: number, n) => total + n!, 0));
    let compared = 0;
    const same = (label: string, parts: (number | null)[], whole: number | null) => {
      const summed = sum(parts);
      if (summed === null || whole === null) return;
      expect([label, summed]).toEqual([label, whole]);
      compared += 1;
    };
    same(
      'city open',
      reports.map((r) => r.cases.disputesOpen),
      statistics.reliefAndMediation.disputesOpen,
    );
    for (const district of statistics.districts) {
      const parts = reports.map((r) => r.casesByDistrict.find((row: any) => row.district.code === district.code).disputesOpen);
      same(`${district.code} open`, parts, district.reliefAndMediation.disputesOpen);
    }
    for (const [y, year] of reports[0].casesByYear.entries()) {
      const months = statistics.casesByMonth.filter((month: any) => month.month.startsWith(`${year.year}-`));
      for (const measure of ['reliefGranted', 'disputesFound', 'disputesSettled']) {
        same(
          `${year.year} ${measure}`,
          reports.map((r) => r.casesByYear[y][measure]),
          sum(months.map((month: any) => month[measure])),
        );
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('records the region of origin a caseworker gives when opening a case, and refuses a code that is no region of origin', async () => {
    const person = testPopulation()[11];
    const communityCode = currentResidenceOf(person).communityCode;
    const db = federation.subgraphs['civil-affairs'].database.dataSource;
    const relief = { personId: person.id, kind: 'TEMPORARY_HARDSHIP', communityCode, appliedOn: '2026-10-01', amountRequested: '800' };
    const dispute = { kind: 'NEIGHBOURHOOD', communityCode, foundOn: '2026-10-01', partyIds: [person.id] };
    const APPLY = 'mutation ($input: ApplyForReliefInput!) { applyForRelief(input: $input) { id } }';
    const OPEN = 'mutation ($input: OpenDisputeInput!) { openDispute(input: $input) { caseNumber } }';
    const [{ count: before }] = await db.query('SELECT (SELECT count(*) FROM relief_case) + (SELECT count(*) FROM dispute_case) AS count');
    for (const code of ['640100', '62', 'Gansu']) {
      for (const [mutation, input, caller] of [
        [APPLY, relief, RELIEF_WORKER],
        [OPEN, dispute, MEDIATOR],
      ] as const) {
        const refused = await federation.query(mutation, { input: { ...input, originRegionCode: code } }, caller);
        expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.originRegionCode' });
      }
    }
    const [{ count: after }] = await db.query('SELECT (SELECT count(*) FROM relief_case) + (SELECT count(*) FROM dispute_case) AS count');
    expect(after).toBe(before);

    const applied = await federation.query(APPLY, { input: { ...relief, originRegionCode: person.originRegionCode } }, RELIEF_WORKER);
    const opened = await federation.query(OPEN, { input: { ...dispute, originRegionCode: person.originRegionCode } }, MEDIATOR);
    expect([applied.errors, opened.errors]).toEqual([undefined, undefined]);
    const [reliefRow] = await db.query('SELECT origin_region_code FROM relief_case WHERE id = $1', [Number(applied.data.applyForRelief.id)]);
    const [disputeRow] = await db.query('SELECT origin_region_code FROM dispute_case WHERE case_number = $1', [opened.data.openDispute.caseNumber]);
    expect([reliefRow.origin_region_code, disputeRow.origin_region_code]).toEqual([person.originRegionCode, person.originRegionCode]);
  });
});
