import { today } from '../../subgraphs/kit/dates';
import { SMALLEST_SHOWN_COUNT } from '../../subgraphs/kit/disclosure';
import { releaseAsOf } from '../../subgraphs/kit/releases';
import { SCHOOL_AGE_GROUPS, SchoolAgeGroup, schoolYearOf } from '../../subgraphs/kit/school-age';
import { generateEnrolments, SyntheticEnrolment } from '../../subgraphs/education/seed/enrolments';
import { generateSchools, SyntheticSchool } from '../../subgraphs/education/seed/synthetic-schools';
import { Caller, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
import { readmeQuery } from '../support/readme';
import { expectProtected, expectRate } from '../support/checks';
import { PublishedSum, recoverByDifferencing } from '../support/differencing';
import { schoolingIn } from '../support/figures';
import { currentResidenceOf, districtsByCode, permitStatusOn, placeName, testPopulation } from '../support/population';

let federation: TestFederation;
let schools: SyntheticSchool[];
let enrolments: SyntheticEnrolment[];

const ENROLMENT_OFFICER: Caller = { role: 'SCHOOL_ENROLMENT_OFFICER', purpose: 'school-enrolment' };
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };

beforeAll(async () => {
  // The seeded schools and enrolments, computed here from the same population, to check the graph against.
  schools = generateSchools(TEST_POPULATION.seed);
  enrolments = generateEnrolments(
    testPopulation().filter((p) => p.householdRole === 'CHILD'),
    schools,
    { seed: TEST_POPULATION.seed },
  );
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

const active = () => enrolments.filter((e) => e.endedOn === null);

/**
 * An enrolment rate against the true counts: each count shown or withheld as expectProtected allows (`suppressed`
 * flags both), `suppressed` exactly when one is withheld, and the rate of the two shown.
 */
function expectEnrolmentRate(label: string, row: any, registered: number, enrolled: number, suppressed: boolean = row.suppressed) {
  const flags = suppressed ? ['schoolAgeChildren', 'enrolled'] : [];
  expectProtected(label, row.schoolAgeChildren, registered, flags, 'schoolAgeChildren');
  expectProtected(label, row.enrolled, enrolled, flags, 'enrolled');
  expect([label, suppressed]).toEqual([label, row.schoolAgeChildren === null || row.enrolled === null]);
  expectRate(label, row.rate, row.enrolled, row.schoolAgeChildren);
}

describe("a family's schooling next to its residence, through the gateway", () => {
  it("shows a guardian's residence (public security) and their children's schools (education)", async () => {
    const guardianId = active()[0].guardianId;
    const guardian = testPopulation().find((p) => p.id === guardianId)!;
    const expected = active().filter((e) => e.guardianId === guardianId);
    const result = await federation.query(
      `query Family($id: ID!) {
        person(id: $id) {
          name
          currentResidence { address community { name district { name } } }
          childrenInSchool { grade status child { id name } school { code name level district { code } } }
        }
      }`,
      { id: guardianId },
    );
    expect(result.errors).toBeUndefined();
    const person = result.data.person;
    expect(person.currentResidence.address).toBe(currentResidenceOf(guardian).address);
    expect(person.childrenInSchool.map((e: any) => [e.child.id, e.school.code, e.grade, e.status]).sort()).toEqual(
      expected.map((e) => [e.childId, e.schoolCode, e.grade, 'ENROLLED']).sort(),
    );
    for (const enrolment of person.childrenInSchool) {
      const child = testPopulation().find((p) => p.id === enrolment.child.id)!;
      expect(enrolment.child.name).toBe(child.familyName + child.givenName);
      expect(enrolment.school.district.code).toBe(currentResidenceOf(child).districtCode);
    }
  });

  it("lists a child's own enrolments, past ones included, newest first", async () => {
    const childId = enrolments.find((e) => e.endReason === 'GRADUATED')!.childId;
    const expected = enrolments.filter((e) => e.childId === childId).sort((a, b) => b.enrolledOn.localeCompare(a.enrolledOn));
    const result = await federation.query(
      `query Child($id: ID!) { person(id: $id) { schoolEnrolments { status schoolYear enrolledOn endedOn school { code } guardian { id } } } }`,
      { id: childId },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.person.schoolEnrolments.map((e: any) => [e.school.code, e.status, e.enrolledOn, e.endedOn])).toEqual(
      expected.map((e) => [e.schoolCode, e.endReason ?? 'ENROLLED', e.enrolledOn, e.endedOn]),
    );
  });
});

describe('enrolment statistics per district, from two bureaus', () => {
  it('gives registered school-age children (public security), enrolled ones (education) and the rate, small counts suppressed', async () => {
    const district = '640104';
    const expected = schoolingIn(district, enrolments, releaseAsOf());
    expect(new Set(active().map((e) => e.childId)).size).toBe(active().length);

    const result = await federation.query(
      `{ district(code: "${district}") { schoolEnrolment { schoolYear byAgeGroup { ageGroup schoolAgeChildren enrolled rate suppressed } } } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const statistics = result.data.district.schoolEnrolment;
    expect(statistics.schoolYear).toBe(schoolYearOf(releaseAsOf()));
    for (const row of statistics.byAgeGroup) {
      const { registered, enrolled } = expected.get(row.ageGroup)!;
      expectEnrolmentRate(row.ageGroup, row, registered, enrolled);
    }
  });

  it('lets no enrolment count be recovered by subtraction: compulsory = primary + junior, district = its communities', async () => {
    const figures = 'schoolEnrolment { byAgeGroup { ageGroup enrolled } compulsoryEducation { enrolled } }';
    const result = await federation.query(`{ districts { code ${figures} communities { code ${figures} } } }`, {}, ANALYST);
    expect(result.errors).toBeUndefined();
    const cells = new Map<string, number | null>();
    const sums: PublishedSum[] = [];
    const groups = SCHOOL_AGE_GROUPS.map(({ group }) => group as string);
    const visit = (place: any) => {
      for (const row of place.schoolEnrolment.byAgeGroup) cells.set(`${place.code}/${row.ageGroup}`, row.enrolled);
      cells.set(`${place.code}/COMPULSORY`, place.schoolEnrolment.compulsoryEducation.enrolled);
      sums.push({ total: `${place.code}/COMPULSORY`, parts: [`${place.code}/PRIMARY_AGE`, `${place.code}/JUNIOR_SECONDARY_AGE`] });
    };
    for (const district of result.data.districts) {
      visit(district);
      district.communities.forEach(visit);
      for (const measure of [...groups, 'COMPULSORY']) {
        sums.push({ total: `${district.code}/${measure}`, parts: district.communities.map((c: any) => `${c.code}/${measure}`) });
      }
    }
    expect([...cells.values()].filter((value) => value === null).length).toBeGreaterThan(0);
    expect(recoverByDifferencing(cells, sums)).toEqual(new Map());
  });

  it('suppresses a count from 1 to 9 in every community, with the rate', async () => {
    const result = await federation.query(
      `{ district(code: "640104") { communities { code schoolEnrolment { byAgeGroup { schoolAgeChildren enrolled rate suppressed } } } } }`,
      {},
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const rows = result.data.district.communities.flatMap((c: any) => c.schoolEnrolment.byAgeGroup);
    expect(rows.some((row: any) => row.suppressed)).toBe(true);
    for (const row of rows) {
      for (const count of [row.schoolAgeChildren, row.enrolled]) if (count !== null) expect(count === 0 || count >= SMALLEST_SHOWN_COUNT).toBe(true);
      if (row.suppressed) expect(row.rate).toBeNull();
    }
  });
});

describe("the README's education examples", () => {
  it('SchoolingByDistrict gives every district its school-age children and enrolments, as the generator has them', async () => {
    const result = await federation.query(readmeQuery('SchoolingByDistrict'), {}, ANALYST);
    expect(result.errors).toBeUndefined();
    // The example asks no `suppressed` of the compulsory figures: what was withheld there, asked of the same release.
    const withheld = await federation.query(
      '{ districts { schoolEnrolment { compulsoryEducation { suppressed } } schoolAgeChildrenByMonth { compulsoryAge } } }',
      {},
      ANALYST,
    );
    const districts = districtsByCode();
    expect(result.data.districts.map((d: any) => d.name)).toEqual(districts.map((d) => d.nameZh));
    for (const [index, { code }] of districts.entries()) {
      const expected = schoolingIn(code, enrolments, releaseAsOf());
      const { schoolYear, byAgeGroup, compulsoryEducation } = result.data.districts[index].schoolEnrolment;
      expect(schoolYear).toBe(schoolYearOf(releaseAsOf()));
      expect(byAgeGroup.map((row: any) => row.ageGroup)).toEqual(SCHOOL_AGE_GROUPS.map(({ group }) => group));
      for (const row of byAgeGroup) {
        const { registered, enrolled } = expected.get(row.ageGroup)!;
        expectEnrolmentRate(`${code}/${row.ageGroup}`, row, registered, enrolled);
      }
      const compulsory = [SchoolAgeGroup.PRIMARY_AGE, SchoolAgeGroup.JUNIOR_SECONDARY_AGE];
      const sum = (count: 'registered' | 'enrolled') => compulsory.reduce((total, group) => total + expected.get(group)![count], 0);
      const suppressed = withheld.data.districts[index].schoolEnrolment.compulsoryEducation.suppressed;
      expectEnrolmentRate(`${code}/compulsory`, compulsoryEducation, sum('registered'), sum('enrolled'), suppressed);
      // The compulsory total is public security's of the cut-off day (its series' last month), protected with the two
      // groups: shown beside a withheld group only if the other is withheld too.
      const [cutOffMonth] = withheld.data.districts[index].schoolAgeChildrenByMonth.slice(-1);
      expect([code, compulsoryEducation.schoolAgeChildren]).toEqual([code, cutOffMonth.compulsoryAge]);
      const partsWithheld = byAgeGroup.filter((row: any) => compulsory.includes(row.ageGroup) && row.schoolAgeChildren === null).length;
      if (compulsoryEducation.schoolAgeChildren !== null) expect([code, partsWithheld]).not.toEqual([code, 1]);
    }
  });

  it("Family gives a relief caseworker a guardian's residence, permits and children in school, as the generator has them", async () => {
    // A guardian with several children in school and a permit, so that every list of the example has something in it.
    const guardian = testPopulation().find((p) => p.permits.length > 0 && active().filter((e) => e.guardianId === p.id).length > 1)!;
    const result = await federation.query(readmeQuery('query Family'), { id: guardian.id });
    expect(result.errors).toBeUndefined();
    const residence = currentResidenceOf(guardian);
    const school = new Map(schools.map((s) => [s.code, s]));
    const person = new Map(testPopulation().map((p) => [p.id, p]));
    expect(result.data.person).toEqual({
      name: guardian.name,
      currentResidence: { address: residence.address, community: { name: placeName(residence.communityCode) } },
      // Newest first; a status is the permit's today, not a release's.
      residencePermits: [...guardian.permits].reverse().map((p) => ({ status: permitStatusOn(p, today()), validUntil: p.validUntil })),
      childrenInSchool: active()
        .filter((e) => e.guardianId === guardian.id)
        .sort((a, b) => (a.childId < b.childId ? -1 : 1))
        .map((e) => {
          const { name, birthDate } = person.get(e.childId)!;
          const { name: schoolName, level, ownership } = school.get(e.schoolCode)!;
          return {
            grade: e.grade,
            status: 'ENROLLED',
            feesEqualToLocal: e.feesEqualToLocal,
            child: { name, birthDate },
            school: { name: schoolName, level, ownership },
          };
        }),
    });
  });
});

describe('schools and their rolls, page by page', () => {
  it('pages through the schools of a district: every school once', async () => {
    const expected = schools
      .filter((s) => s.districtCode === '640106')
      .map((s) => s.code)
      .sort();
    const codes: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await federation.query(
        `query ($after: String) { schools(filter: { districtCode: "640106" }, first: 7, after: $after) { totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        ANALYST,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.schools.totalCount).toBe(expected.length);
      codes.push(...result.data.schools.edges.map((e: any) => e.node.code));
      if (!result.data.schools.pageInfo.hasNextPage) break;
      after = result.data.schools.pageInfo.endCursor;
    }
    expect(codes).toEqual(expected);
  });

  it("pages through a school's roll: every pupil once, for the enrolment office only", async () => {
    const counts = new Map<string, number>();
    for (const e of active()) counts.set(e.schoolCode, (counts.get(e.schoolCode) ?? 0) + 1);
    const [schoolCode, pupils] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const children: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await federation.query(
        `query ($code: ID!, $after: String) { school(code: $code) { enrolments(first: 5, after: $after) { totalCount edges { node { child { id } status } } pageInfo { hasNextPage endCursor } } } }`,
        { code: schoolCode, after },
        ENROLMENT_OFFICER,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.school.enrolments.totalCount).toBe(pupils);
      children.push(...result.data.school.enrolments.edges.map((e: any) => e.node.child.id));
      if (!result.data.school.enrolments.pageInfo.hasNextPage) break;
      after = result.data.school.enrolments.pageInfo.endCursor;
    }
    expect(children.sort()).toEqual(
      active()
        .filter((e) => e.schoolCode === schoolCode)
        .map((e) => e.childId)
        .sort(),
    );
    const refused = await federation.query(`query ($code: ID!) { school(code: $code) { name enrolments { totalCount } } }`, { code: schoolCode });
    expect(refused.data.school.name).toEqual(expect.any(String));
    expect(refused.data.school.enrolments).toBeNull();
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('no N+1 across three bureaus', () => {
  const PAGE = `query Page($first: Int!) {
    persons(first: $first) {
      edges { node {
        name currentResidence { community { name } }
        schoolEnrolments { grade school { name district { name } } }
        childrenInSchool { grade school { name } }
      } }
    }
  }`;

  it('a page of 100 persons with their enrolments and schools costs the same SQL statements as a page of 10', async () => {
    const small = await federation.countStatements(async () => {
      const result = await federation.query(PAGE, { first: 10 });
      expect(result.errors).toBeUndefined();
    });
    const large = await federation.countStatements(async () => {
      const result = await federation.query(PAGE, { first: 100 });
      expect(result.errors).toBeUndefined();
      const withSchooling = result.data.persons.edges.filter((e: any) => e.node.schoolEnrolments.length + e.node.childrenInSchool.length > 0);
      expect(withSchooling.length).toBeGreaterThan(5);
    });
    console.log(`SQL statements with schooling: page of 10 → ${small}, page of 100 → ${large}`);
    expect(large).toBe(small);
  });
});

const ENROL = `mutation Enrol($input: EnrolChildInput!) { enrolChild(input: $input) { status grade schoolYear school { code } child { id } } }`;
const TRANSFER = `mutation Transfer($input: TransferChildInput!) { transferChild(input: $input) { status school { code } enrolledOn } }`;
const LEAVE = `mutation Leave($input: RecordLeavingInput!) { recordLeaving(input: $input) { status endedOn } }`;

async function enrolmentCounts(): Promise<{ all: number; active: number }> {
  const [row] = await federation.subgraphs.education.database.dataSource.query(
    'SELECT count(*) AS all, count(*) FILTER (WHERE ended_on IS NULL) AS active FROM enrolment',
  );
  return row;
}

describe('enrolment mutations', () => {
  /** A newly arrived seven-year-old, not yet known to education, and a primary school of the district with room. */
  function enrolInput(overrides: Record<string, unknown> = {}) {
    const schoolYear = schoolYearOf(today());
    const activeAt = (code: string) => active().filter((e) => e.schoolCode === code).length;
    const school = schools.find((s) => s.level === 'PRIMARY' && s.districtCode === '640104' && s.capacity > activeAt(s.code) + 1)!;
    const guardian = testPopulation().find((p) => p.householdRole === 'HEAD' && currentResidenceOf(p).districtCode === '640104')!;
    return {
      childId: 'PNEWCHILD01',
      guardianId: guardian.id,
      childBirthDate: `${schoolYear - 7}-03-01`,
      homeCommunityCode: currentResidenceOf(guardian).communityCode,
      originRegionCode: guardian.originRegionCode,
      schoolCode: school.code,
      grade: 2,
      enrolledOn: today(),
      feesEqualToLocal: true,
      ...overrides,
    };
  }

  const invalid: [string, string, () => Record<string, unknown>][] = [
    ['an unknown school', 'input.schoolCode', () => ({ schoolCode: '6401049999' })],
    ['a child too young for the level', 'input.childBirthDate', () => ({ childBirthDate: `${Number(today().slice(0, 4)) - 3}-01-01` })],
    ['a child too old for the level', 'input.childBirthDate', () => ({ childBirthDate: `${Number(today().slice(0, 4)) - 16}-01-01` })],
    ['a grade the level does not have', 'input.grade', () => ({ grade: 7 })],
    ['a malformed date', 'input.enrolledOn', () => ({ enrolledOn: '2026-02-30' })],
    ['a malformed community code', 'input.homeCommunityCode', () => ({ homeCommunityCode: '640104' })],
    ['a second active enrolment', 'input.childId', () => ({ childId: active()[0].childId })],
  ];

  it.each(invalid)('refuses %s with BAD_USER_INPUT on %s and writes nothing', async (_name, field, overrides) => {
    const before = await enrolmentCounts();
    const result = await federation.query(ENROL, { input: enrolInput(overrides()) }, ENROLMENT_OFFICER);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await enrolmentCounts()).toEqual(before);
  });

  it('refuses a school over capacity', async () => {
    const input = enrolInput();
    const db = federation.subgraphs.education.database.dataSource;
    const [{ count }] = await db.query('SELECT count(*) AS count FROM enrolment WHERE school_code = $1 AND ended_on IS NULL', [input.schoolCode]);
    const [{ capacity }] = await db.query('SELECT capacity FROM school WHERE code = $1', [input.schoolCode]);
    await db.query('UPDATE school SET capacity = $2 WHERE code = $1', [input.schoolCode, count]);
    const before = await enrolmentCounts();
    const result = await federation.query(ENROL, { input }, ENROLMENT_OFFICER);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.schoolCode' });
    expect(result.errors?.[0].message).toMatch(/full/);
    expect(await enrolmentCounts()).toEqual(before);
    await db.query('UPDATE school SET capacity = $2 WHERE code = $1', [input.schoolCode, capacity]);
  });

  it('enrols, transfers and records leaving, keeping every record', async () => {
    const input = enrolInput();
    const enrolled = await federation.query(ENROL, { input }, ENROLMENT_OFFICER);
    expect(enrolled.errors).toBeUndefined();
    expect(enrolled.data.enrolChild).toMatchObject({
      status: 'ENROLLED',
      grade: input.grade,
      school: { code: input.schoolCode },
      child: { id: input.childId },
    });

    // The enrolment office is refused to enrol the same child twice, and other roles may not write at all.
    const refused = await federation.query(ENROL, { input }, { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const other = schools.find((s) => s.level === 'PRIMARY' && s.code !== input.schoolCode)!;
    const sameSchool = await federation.query(
      TRANSFER,
      { input: { childId: input.childId, toSchoolCode: input.schoolCode, grade: input.grade, transferredOn: today() } },
      ENROLMENT_OFFICER,
    );
    expect(sameSchool.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.toSchoolCode' });
    const tooEarly = await federation.query(
      TRANSFER,
      { input: { childId: input.childId, toSchoolCode: other.code, grade: input.grade, transferredOn: today() } },
      ENROLMENT_OFFICER,
    );
    expect(tooEarly.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.transferredOn' });

    const db = federation.subgraphs.education.database.dataSource;
    // Pretend the enrolment began last month, so that a transfer today follows it.
    await db.query(`UPDATE enrolment SET enrolled_on = enrolled_on - 30 WHERE child_id = $1 AND ended_on IS NULL`, [input.childId]);
    const transferred = await federation.query(
      TRANSFER,
      { input: { childId: input.childId, toSchoolCode: other.code, grade: input.grade, transferredOn: today() } },
      ENROLMENT_OFFICER,
    );
    expect(transferred.errors).toBeUndefined();
    expect(transferred.data.transferChild).toMatchObject({ status: 'ENROLLED', school: { code: other.code }, enrolledOn: today() });

    const left = await federation.query(LEAVE, { input: { childId: input.childId, reason: 'DROPPED_OUT', leftOn: today() } }, ENROLMENT_OFFICER);
    expect(left.errors).toBeUndefined();
    expect(left.data.recordLeaving).toMatchObject({ status: 'DROPPED_OUT', endedOn: today() });
    const again = await federation.query(LEAVE, { input: { childId: input.childId, reason: 'GRADUATED', leftOn: today() } }, ENROLMENT_OFFICER);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.childId' });

    // The new child is not registered with public security yet, so their records are read from education's database.
    const history = await db.query('SELECT school_code, end_reason FROM enrolment WHERE child_id = $1 ORDER BY id', [input.childId]);
    expect(history.map((row: any) => [row.end_reason, row.school_code])).toEqual([
      ['TRANSFERRED', input.schoolCode],
      ['DROPPED_OUT', other.code],
    ]);
  });
});
