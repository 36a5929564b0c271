import { addDays, today } from '../../subgraphs/kit/dates';
import { FIRST_MONTH, monthsFrom } from '../../subgraphs/kit/monthly-series';
import { CITY } from '../../subgraphs/kit/places';
import { loadDistricts, loadOriginRegions } from '../../subgraphs/kit/reference-data';
import { schoolYearOf } from '../../subgraphs/kit/school-age';
import { homeCommunityOn } from '../../subgraphs/education/seed/applications';
import { countEnrolmentRelease } from '../../subgraphs/education/loaders/enrolment-counts';
import { expectProtectedCounts } from '../support/checks';
import { Caller, startTestFederation, TestFederation } from '../support/federation';
import { generatedRecords, inPlace, lastDayOf } from '../support/figures';
import { currentResidenceOf, heldOn, testPopulation } from '../support/population';

// Education's part of the report for the sending regions (流出地协作报告): the children enrolled whose household
// registration place is the region, in the city and each district on the cut-off and month by month, against counts
// made here from the generator's enrolments.

let federation: TestFederation;
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };
const OFFICER: Caller = { role: 'SCHOOL_ENROLMENT_OFFICER', purpose: 'school-enrolment' };
const REPORT = `query OriginSchooling($region: ID!, $from: String!) { originReport(region: $region) {
  code
  schooling { asOf enrolled suppressed }
  schoolingByDistrict { district { code } asOf enrolled suppressed }
  schoolingByMonth(from: $from) { month partial lastDayCounted asOf enrolled suppressed } } }`;

const { enrolments } = generatedRecords();
const children = new Map(testPopulation().map((person) => [person.id, person]));

beforeAll(async () => {
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

/** The children from `region` enrolled on `day` whose family lived in `place` when they enrolled (the enrolment's home). */
function enrolledFrom(region: string, place: string, day: string): number {
  return enrolments.filter((enrolment) => {
    const child = children.get(enrolment.childId)!;
    return (
      child.originRegionCode === region && heldOn(day, enrolment.enrolledOn, enrolment.endedOn) && inPlace(place, homeCommunityOn(child, enrolment.enrolledOn))
    );
  }).length;
}

async function report(region: string, from = FIRST_MONTH) {
  const result = await federation.query(REPORT, { region, from }, ANALYST);
  expect(result.errors).toBeUndefined();
  return result.data.originReport;
}

describe("education's part of the origin report", () => {
  it.each(loadOriginRegions().map((region) => [region.nameEn, region.code]))(
    'gives the children from %s enrolled in the city and in each district on the cut-off, and month by month, as counted from the enrolments',
    async (_name, region) => {
      const { schooling, schoolingByDistrict, schoolingByMonth } = await report(region);
      const asOf = schooling.asOf;
      expectProtectedCounts(`${region} city`, schooling, { enrolled: enrolledFrom(region, CITY.code, asOf) });
      expect(schooling.enrolled).toBeGreaterThan(0);
      expect(schoolingByDistrict.map((row: any) => row.district.code)).toEqual(loadDistricts().map((district) => district.code));
      for (const row of schoolingByDistrict) {
        expect(row.asOf).toBe(asOf);
        expectProtectedCounts(`${region} ${row.district.code}`, row, { enrolled: enrolledFrom(region, row.district.code, asOf) });
      }
      expect(schoolingByMonth.map((month: any) => month.month)).toEqual(monthsFrom(FIRST_MONTH, asOf.slice(0, 7)));
      for (const month of schoolingByMonth) {
        expect(month).toMatchObject({ asOf, partial: month.lastDayCounted < lastDayOf(month.month) });
        expectProtectedCounts(`${region} ${month.month}`, month, { enrolled: enrolledFrom(region, CITY.code, month.lastDayCounted) });
      }
      // The month of the cut-off is counted up to the cut-off day: the same figure as the city's on that day.
      const last = schoolingByMonth[schoolingByMonth.length - 1];
      expect([last.lastDayCounted, last.enrolled]).toEqual([asOf, schooling.enrolled]);
    },
  );

  it("adds up over the regions to education's own children enrolled, in each district on the cut-off and in the city month by month", async () => {
    const result = await federation.query(
      `{ statistics { schoolingByMonth { month lastDayCounted enrolled } districts { code schoolingByMonth(from: "2013-01") { month lastDayCounted enrolled } } } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const { statistics } = result.data;
    const regions = loadOriginRegions().map((region) => region.code);
    const reports = await Promise.all(regions.map((region) => report(region)));
    // Each month a region or two of few children are withheld, and one more to protect them: those count here as the
    // enrolments say, the shown ones as shown, and together they make education's total.
    let summed = 0;
    let shownInFull = 0;
    const addsUp = (label: string, place: string, total: number | null, day: string, parts: (number | null)[]) => {
      if (total === null) return;
      const sum = parts.reduce((all: number, shown, r) => all + (shown ?? enrolledFrom(regions[r], place, day)), 0);
      expect([label, sum]).toEqual([label, total]);
      summed += 1;
      if (!parts.includes(null)) shownInFull += 1;
    };
    statistics.schoolingByMonth.forEach((city: any, m: number) =>
      addsUp(
        city.month,
        CITY.code,
        city.enrolled,
        city.lastDayCounted,
        reports.map((r) => r.schoolingByMonth[m].enrolled),
      ),
    );
    for (const district of statistics.districts) {
      const cutOff = district.schoolingByMonth[district.schoolingByMonth.length - 1];
      addsUp(
        district.code,
        district.code,
        cutOff.enrolled,
        cutOff.lastDayCounted,
        reports.map((r) => r.schoolingByDistrict.find((row: any) => row.district.code === district.code).enrolled),
      );
    }
    expect(summed).toBeGreaterThan(statistics.schoolingByMonth.length / 2);
    expect(shownInFull).toBeGreaterThan(0);
  });

  it('counts the enrolments recorded before the origin was asked in no region, the regions still adding up with them to the total', async () => {
    const db = federation.subgraphs.education.database.dataSource;
    const gansu = loadOriginRegions().find((region) => region.nameEn.startsWith('Gansu'))!.code;
    const { asOf } = (await report(gansu)).schooling;
    const month = asOf.slice(0, 7);
    const current = 'enrolled_on <= $2 AND (ended_on IS NULL OR ended_on >= $2)';
    const ids = (await db.query(`SELECT id FROM enrolment WHERE origin_region_code = $1 AND ${current} ORDER BY id LIMIT 12`, [gansu, asOf])).map(
      (row: { id: number }) => row.id,
    );
    expect(ids).toHaveLength(12);
    await db.query('UPDATE enrolment SET origin_region_code = NULL WHERE id = ANY($1)', [ids]);
    try {
      // Counted as a release is, from the database as it is now (the release served is not changed).
      const city = (await countEnrolmentRelease(asOf, db)).places[CITY.code];
      expect(Object.keys(city).filter((measure) => measure.includes('unrecorded'))).toEqual([]);
      const all = enrolments.filter((enrolment) => heldOn(asOf, enrolment.enrolledOn, enrolment.endedOn)).length;
      expect(city[`enrolled@${month}`]).toBe(all);
      const gansuNow = enrolledFrom(gansu, CITY.code, asOf) - ids.length;
      for (const cell of [`enrolled@origin:${gansu}`, `enrolled@origin:${gansu}@${month}`]) {
        if (city[cell] !== null) expect([cell, city[cell]]).toEqual([cell, gansuNow]);
      }
      const regions = loadOriginRegions().map((region) => city[`enrolled@origin:${region.code}@${month}`]);
      const shown = regions.reduce((sum: number, count) => sum + (count ?? 0), 0);
      expect(shown).toBeLessThanOrEqual(all - ids.length);
      if (!regions.includes(null)) expect(shown).toBe(all - ids.length);
    } finally {
      await db.query('UPDATE enrolment SET origin_region_code = $1 WHERE id = ANY($2)', [gansu, ids]);
    }
  });

  it('refuses an enrolment whose origin is no region of origin, naming the field, and keeps the origin through a transfer', async () => {
    const db = federation.subgraphs.education.database.dataSource;
    const guardian = testPopulation().find((p) => p.householdRole === 'HEAD' && currentResidenceOf(p).districtCode === '640104')!;
    const [school, other] = await db.query(
      `SELECT s.code FROM school s WHERE s.level = 'PRIMARY' AND s.district_code = '640104'
         AND s.capacity > (SELECT count(*) FROM enrolment e WHERE e.school_code = s.code AND e.ended_on IS NULL) + 1
       ORDER BY s.code LIMIT 2`,
    );
    const input = {
      childId: 'PORIGINKID1',
      guardianId: guardian.id,
      childBirthDate: `${schoolYearOf(today()) - 7}-03-01`,
      homeCommunityCode: currentResidenceOf(guardian).communityCode,
      originRegionCode: '620000',
      schoolCode: school.code,
      grade: 2,
      enrolledOn: addDays(today(), -1),
      feesEqualToLocal: true,
    };
    const enrol = (values: Record<string, unknown>) =>
      federation.query('mutation ($input: EnrolChildInput!) { enrolChild(input: $input) { id } }', { input: { ...input, ...values } }, OFFICER);
    for (const originRegionCode of ['640104', '62', 'Gansu', '622901']) {
      const refused = await enrol({ originRegionCode });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.originRegionCode' });
    }
    expect(await db.query('SELECT 1 FROM enrolment WHERE child_id = $1', [input.childId])).toEqual([]);

    const linxia = loadOriginRegions().find((region) => region.nameEn.startsWith('Linxia'))!.code;
    const enrolled = await enrol({ originRegionCode: linxia });
    expect(enrolled.errors).toBeUndefined();
    const moved = await federation.query(
      'mutation ($input: TransferChildInput!) { transferChild(input: $input) { id } }',
      { input: { childId: input.childId, toSchoolCode: other.code, grade: 2, transferredOn: today() } },
      OFFICER,
    );
    expect(moved.errors).toBeUndefined();
    const rows = await db.query('SELECT school_code, origin_region_code FROM enrolment WHERE child_id = $1 ORDER BY id', [input.childId]);
    expect(rows).toEqual([
      { school_code: school.code, origin_region_code: linxia },
      { school_code: other.code, origin_region_code: linxia },
    ]);
  });
});
