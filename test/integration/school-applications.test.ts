import { AUDIT_COLUMNS, AuditRecord, auditRecordFromRow } from '../../subgraphs/kit/auth/audit';
import { parseDate, today, yearsBetween } from '../../subgraphs/kit/dates';
import { schoolAgeGroupOf, schoolYearOf, schoolYearStart } from '../../subgraphs/kit/school-age';
import { LEVELS } from '../../subgraphs/education/entities/school-levels';
import { generateApplications, SyntheticApplication } from '../../subgraphs/education/seed/applications';
import { generateEnrolments, SyntheticEnrolment } from '../../subgraphs/education/seed/enrolments';
import { generateSchools, SyntheticSchool } from '../../subgraphs/education/seed/synthetic-schools';
import type { SyntheticPerson } from '../../subgraphs/synthetic';
import { Caller, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
import { readmeQuery } from '../support/readme';
import { testPopulation } from '../support/population';

// The enrolment officer's list of children awaiting a school place (待安置随迁子女): `Community.childrenAwaitingSchoolPlace`,
// education's register of applications read against the generator the bureau seeds from.

let federation: TestFederation;
let schools: SyntheticSchool[];
let enrolments: SyntheticEnrolment[];
let applications: SyntheticApplication[];
let byId: Map<string, SyntheticPerson>;
/** The children this test enrols, off the list since. */
const enrolledHere = new Set<string>();

const OFFICER: Caller = { role: 'SCHOOL_ENROLMENT_OFFICER', purpose: 'school-enrolment' };

beforeAll(async () => {
  const children = new Map(
    testPopulation()
      .filter((p) => p.householdRole === 'CHILD')
      .map((p) => [p.id, p]),
  );
  byId = new Map(testPopulation().map((p) => [p.id, p]));
  schools = generateSchools(TEST_POPULATION.seed);
  enrolments = generateEnrolments(children.values(), schools, { seed: TEST_POPULATION.seed });
  applications = generateApplications(children, enrolments, schools, { seed: TEST_POPULATION.seed });
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

/**
 * The children awaiting a place, by community, as the generator made them: a waiting application of a child of school
 * age this school year with no active enrolment, in the order the register was filled (filing order), less the children
 * this test enrolled.
 */
function awaiting(): Map<string, SyntheticApplication[]> {
  const inSchool = new Set(enrolments.filter((e) => e.endedOn === null).map((e) => e.childId));
  const year = schoolYearOf(today());
  const byCommunity = new Map<string, SyntheticApplication[]>();
  for (const application of applications) {
    if (application.outcome !== 'WAITING' || inSchool.has(application.childId) || enrolledHere.has(application.childId)) continue;
    if (schoolAgeGroupOf(application.childBirthDate, year) === null) continue;
    byCommunity.set(application.communityCode, [...(byCommunity.get(application.communityCode) ?? []), application]);
  }
  return byCommunity;
}

/** The community with the most children awaiting a place (ties: the lowest code), and its list. */
function busiest(lists: Map<string, SyntheticApplication[]>): [string, SyntheticApplication[]] {
  return [...lists].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0];
}

const daysWaiting = (application: SyntheticApplication) => parseDate(today()) - parseDate(application.filedOn);
const expectedNodes = (list: SyntheticApplication[]) =>
  list.map((a) => ({ childId: a.childId, filedOn: a.filedOn, level: a.level, schoolYear: a.schoolYear, daysWaiting: daysWaiting(a) }));
const nodesOf = (connection: any) =>
  connection.edges.map(({ node }: any) => ({
    childId: node.child.id,
    filedOn: node.filedOn,
    level: node.level,
    schoolYear: node.schoolYear,
    daysWaiting: node.daysWaiting,
  }));

async function auditRecordsOf(bureau: string, subject: string): Promise<AuditRecord[]> {
  const rows = await federation.subgraphs[bureau].database.dataSource.query(`SELECT ${AUDIT_COLUMNS} FROM audit_record ORDER BY seq`);
  return rows.map(auditRecordFromRow).filter((record: AuditRecord) => record.subject === subject);
}

const AWAITING = `query Awaiting($code: ID!, $first: Int = 100, $after: String) {
  community(code: $code) {
    childrenAwaitingSchoolPlace(first: $first, after: $after) {
      totalCount
      edges { node { id filedOn level schoolYear outcome daysWaiting community { code } child { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

describe('children awaiting a school place (待安置随迁子女)', () => {
  it('lists the community with the most waiting children exactly as the generator has them, audited against the children', async () => {
    const [code, list] = busiest(awaiting());
    console.log(`community ${code}: ${list.length} children awaiting a place; ${[...awaiting().values()].flat().length} in the city`);
    expect(list.length).toBeGreaterThan(1);
    const caller: Caller = { ...OFFICER, subject: 'officer-awaiting' };
    const result = await federation.query(AWAITING, { code }, caller);
    expect(result.errors).toBeUndefined();
    const connection = result.data.community.childrenAwaitingSchoolPlace;
    expect(connection.totalCount).toBe(list.length);
    expect(connection.pageInfo.hasNextPage).toBe(false);
    expect(nodesOf(connection)).toEqual(expectedNodes(list));
    for (const { node } of connection.edges) expect([node.outcome, node.community.code]).toEqual(['WAITING', code]);
    expect(await auditRecordsOf('education', 'officer-awaiting')).toEqual([
      expect.objectContaining({
        personIds: list.map((a) => a.childId).sort(),
        fields: expect.arrayContaining(['Community.childrenAwaitingSchoolPlace']),
        refusedFields: [],
      }),
    ]);
  });

  it('pages through the list with after: every child once, in order, totalCount the whole list', async () => {
    const [code, list] = busiest(awaiting());
    const first = Math.max(1, Math.ceil(list.length / 3));
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 1; ; pages += 1) {
      expect(pages).toBeLessThanOrEqual(list.length + 1);
      const result: any = await federation.query(AWAITING, { code, first, after }, OFFICER);
      expect(result.errors).toBeUndefined();
      const connection = result.data.community.childrenAwaitingSchoolPlace;
      expect(connection.totalCount).toBe(list.length);
      expect(connection.edges.length).toBeLessThanOrEqual(first);
      seen.push(...connection.edges.map((edge: any) => edge.node.child.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(list.map((a) => a.childId));
  });

  it("gives the officer each child's name from public security, which serves the enrolment office, and audits that read there", async () => {
    const [code, list] = busiest(awaiting());
    // Granted by the graph's design: public security lets every role that serves migrants in person read the identity
    // core (its grant IDENTITY_CORE), the enrolment office included; the gateway fetches the names from it.
    const caller: Caller = { ...OFFICER, subject: 'officer-names' };
    const result = await federation.query(
      `query ($code: ID!) { community(code: $code) { childrenAwaitingSchoolPlace(first: 100) { edges { node { child { id name } } } } } }`,
      { code },
      caller,
    );
    expect(result.errors).toBeUndefined();
    const named = result.data.community.childrenAwaitingSchoolPlace.edges.map(({ node }: any) => [node.child.id, node.child.name]);
    expect(named).toEqual(list.map((a) => [a.childId, byId.get(a.childId)!.familyName + byId.get(a.childId)!.givenName]));
    const [record] = await auditRecordsOf('public-security', 'officer-names');
    expect(record).toEqual(expect.objectContaining({ personIds: list.map((a) => a.childId).sort(), fields: expect.arrayContaining(['Person.name']) }));
  });

  it('refuses every other role with FORBIDDEN, not an empty list, and records the refusal', async () => {
    const [code] = busiest(awaiting());
    const refused: Caller[] = [
      { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance', subject: 'relief-awaiting' },
      { role: 'COMMUNITY_WORKER', purpose: 'community-service', community: code, subject: 'worker-awaiting' },
      { role: 'POLICE_REGISTRY_OFFICER', purpose: 'residence-administration', subject: 'registry-awaiting' },
      { role: 'ANALYST', purpose: 'statistics', subject: 'analyst-awaiting' },
    ];
    for (const caller of refused) {
      const result = await federation.query(AWAITING, { code }, caller);
      expect([caller.subject, result.data?.community?.childrenAwaitingSchoolPlace ?? null, result.errors?.map((e) => e.extensions?.code)]).toEqual([
        caller.subject,
        null,
        ['FORBIDDEN'],
      ]);
      expect(await auditRecordsOf('education', caller.subject!)).toEqual([
        expect.objectContaining({ personIds: [], refusedFields: ['Community.childrenAwaitingSchoolPlace'] }),
      ]);
    }
  });

  it('reads a page, and the pages of all the communities of a district, in the same SQL statements whatever the page size (no N+1)', async () => {
    const [code, list] = busiest(awaiting());
    const district = code.slice(0, 6);
    const waitingInDistrict = [...awaiting()].filter(([community]) => community.startsWith(district));
    const LIST = (first: number) => `childrenAwaitingSchoolPlace(first: ${first}) { totalCount edges { node { filedOn child { id } } } }`;
    const one = (list: string) => `{ community(code: "${code}") { code ${list} } }`;
    const all = (list: string) => `{ district(code: "${district}") { communities { code ${list} } } }`;
    let answer: any;
    const statements = (query: string) =>
      federation.countStatements(async () => {
        answer = await federation.query(query, {}, OFFICER);
        expect(answer.errors).toBeUndefined();
      });
    // The statements the list adds to the same request without it: education's part.
    const listed = async (query: (list: string) => string, first: number) => (await statements(query(LIST(first)))) - (await statements(query('')));
    const small = await listed(one, 1);
    const large = await listed(one, 100);
    const many = await listed(all, 5);
    await statements(all(LIST(5)));
    const communities = answer.data.district.communities;
    console.log(`SQL statements of children awaiting a place: page of 1 → ${small}, page of 100 → ${large}, ${communities.length} communities → ${many}`);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
    expect(many).toBe(small);
    // And each community of the district got its own list.
    const counts = Object.fromEntries(communities.map((community: any) => [community.code, community.childrenAwaitingSchoolPlace.totalCount]));
    expect(Object.fromEntries(Object.entries(counts).filter(([, count]) => count !== 0))).toEqual(
      Object.fromEntries(waitingInDistrict.map(([community, waiting]) => [community, waiting.length])),
    );
    expect(counts[code]).toBe(list.length);
  });

  it("enrolling a waiting child (enrolChild) takes the child off the list and places the child's application", async () => {
    const [code, list] = busiest(awaiting());
    // A child with a guardian to enrol them.
    const application = list.find((a) => byId.get(a.childId)!.guardianId !== null)!;
    const child = byId.get(application.childId)!;
    const { startAge, grades } = LEVELS[application.level];
    const age = yearsBetween(child.birthDate, schoolYearStart(schoolYearOf(today())));
    const pupils = (schoolCode: string) => enrolments.filter((e) => e.endedOn === null && e.schoolCode === schoolCode).length;
    const school = schools.find((s) => s.level === application.level && s.districtCode === code.slice(0, 6) && s.capacity > pupils(s.code))!;
    const enrolled = await federation.query(
      `mutation Enrol($input: EnrolChildInput!) { enrolChild(input: $input) { id status } }`,
      {
        input: {
          childId: child.id,
          guardianId: child.guardianId,
          childBirthDate: child.birthDate,
          homeCommunityCode: code,
          originRegionCode: child.originRegionCode,
          schoolCode: school.code,
          grade: Math.min(grades, Math.max(1, age - startAge + 1)),
          enrolledOn: today(),
          feesEqualToLocal: true,
        },
      },
      OFFICER,
    );
    expect(enrolled.errors).toBeUndefined();
    expect(enrolled.data.enrolChild.status).toBe('ENROLLED');
    enrolledHere.add(child.id);

    const remaining = awaiting().get(code) ?? [];
    expect(remaining.length).toBe(list.length - 1);
    const result = await federation.query(AWAITING, { code }, OFFICER);
    expect(result.errors).toBeUndefined();
    expect(result.data.community.childrenAwaitingSchoolPlace.totalCount).toBe(remaining.length);
    expect(nodesOf(result.data.community.childrenAwaitingSchoolPlace)).toEqual(expectedNodes(remaining));
    const rows = await federation.subgraphs.education.database.dataSource.query(
      'SELECT outcome, enrolment_id, decided_on::text AS decided_on FROM school_application WHERE child_id = $1 ORDER BY id',
      [child.id],
    );
    expect(rows.at(-1)).toEqual({ outcome: 'PLACED', enrolment_id: Number(enrolled.data.enrolChild.id), decided_on: today() });
  });
});

describe("the README's example", () => {
  it('ChildrenAwaitingSchoolPlace gives the enrolment officer the children the generator has waiting in the community', async () => {
    const lists = awaiting();
    const [code] = [...lists.keys()].sort();
    const result = await federation.query(readmeQuery('ChildrenAwaitingSchoolPlace'), { code }, OFFICER);
    expect(result.errors).toBeUndefined();
    const connection = result.data.community.childrenAwaitingSchoolPlace;
    expect(connection.totalCount).toBe(lists.get(code)!.length);
    expect(connection.edges.map(({ node }: any) => [node.child.id, node.filedOn, node.daysWaiting])).toEqual(
      lists
        .get(code)!
        .slice(0, 50)
        .map((a) => [a.childId, a.filedOn, daysWaiting(a)]),
    );
  });
});
