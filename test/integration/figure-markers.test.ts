import { getNamedType, GraphQLObjectType, GraphQLSchema, isListType, isNonNullType, isObjectType } from 'graphql';
import { protectCount } from '../../subgraphs/kit/disclosure';
import { loadOriginRegions } from '../../subgraphs/kit/reference-data';
import { Caller, startTestFederation, TestFederation } from '../support/federation';
import { figureFieldsOf, isFigureRecord, markerProblems } from '../support/figure-records';
import { readmeQuery } from '../support/readme';
import { loadSupergraph } from '../support/supergraph';

// Every null of a figure the analyst reads through the gateway is a withheld count named in its record's
// `suppressed` (or a rate over one): the city, each district, street and community, each school and employer, each
// region's origin report, every figure record the schema hangs on them, asked with every field. See
// test/support/figure-records.ts for the naming.

let federation: TestFederation;
const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };
const schema: GraphQLSchema = loadSupergraph();
const typeOf = (name: string) => schema.getType(name) as GraphQLObjectType;

beforeAll(async () => {
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

interface ReadRecord {
  label: string;
  type: GraphQLObjectType;
  record: Record<string, any>;
}

/** Every figure record in an answer to a selection on `type`, labelled by its path. */
function recordsIn(type: GraphQLObjectType, answer: Record<string, any>, label: string): ReadRecord[] {
  const found: ReadRecord[] = [];
  for (const [name, value] of Object.entries(answer)) {
    const field = type.getFields()[name];
    const named = getNamedType(field.type);
    if (!isObjectType(named) || value === null) continue;
    const list = isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
    const items: Record<string, any>[] = list ? value : [value];
    items.forEach((item, i) => {
      const at = `${label}.${name}${list ? `[${item.code ?? item.month ?? i}]` : ''}`;
      if (isFigureRecord(named)) found.push({ label: at, type: named, record: item });
      else found.push(...recordsIn(named, item, at));
    });
  }
  return found;
}

const CITY_AND_DISTRICTS = `{ statistics { code ${figureFieldsOf(typeOf('CityStatistics'))} districts { code ${figureFieldsOf(typeOf('District'))} } } }`;
const STREETS_AND_COMMUNITIES = `query Places($code: ID!) { district(code: $code) { code
  streets { code ${figureFieldsOf(typeOf('Street'))} } communities { code ${figureFieldsOf(typeOf('Community'))} } } }`;
const ORIGIN_REPORT = `query Origin($region: ID!) { originReport(region: $region) { code ${figureFieldsOf(typeOf('OriginReport'))} } }`;
const SCHOOLS = `{ districts { code schools { code enrolledPupils ${figureFieldsOf(typeOf('School'))} } } }`;
const EMPLOYERS = `query Employers($after: String) { employers(first: 100, after: $after) {
  edges { node { code migrantEmployees ${figureFieldsOf(typeOf('Employer'))} } } pageInfo { hasNextPage endCursor } } }`;

describe('every figure record the analyst can read', () => {
  let records: ReadRecord[];
  let schools: { code: string; enrolledPupils: number | null; pupils: Record<string, any> }[];
  let employers: { code: string; migrantEmployees: number | null; workforce: Record<string, any> }[];

  beforeAll(async () => {
    const city = await analystQuery(CITY_AND_DISTRICTS);
    records = recordsIn(schema.getQueryType()!, city, 'Query');
    for (const { code } of city.statistics.districts)
      records.push(...recordsIn(schema.getQueryType()!, await analystQuery(STREETS_AND_COMMUNITIES, { code }), 'Query'));
    for (const { code } of loadOriginRegions())
      records.push(...recordsIn(schema.getQueryType()!, await analystQuery(ORIGIN_REPORT, { region: code }), 'Query'));
    const bySchool = await analystQuery(SCHOOLS);
    records.push(...recordsIn(schema.getQueryType()!, bySchool, 'Query'));
    schools = bySchool.districts.flatMap((district: any) => district.schools);
    employers = [];
    for (let after: string | null = null; ;) {
      const page = await analystQuery(EMPLOYERS, { after });
      records.push(...recordsIn(schema.getQueryType()!, page, 'Query'));
      employers.push(...page.employers.edges.map((edge: any) => edge.node));
      if (!page.employers.pageInfo.hasNextPage) break;
      after = page.employers.pageInfo.endCursor;
    }
  });

  it('reads the records of every figure type at every place, some of them withheld', () => {
    const types = new Set(records.map(({ type }) => type.name));
    const published = Object.values(schema.getTypeMap())
      .filter(isFigureRecord)
      .map((type) => type.name);
    expect([...types].sort()).toEqual(published.sort());
    for (const place of ['.streets[', '.communities[', '.schools[', '.employers.', 'originReport.'])
      expect([place, records.some(({ label }) => label.includes(place))]).toEqual([place, true]);
    const withheld = records.filter(({ record }) => Array.isArray(record.suppressed) && record.suppressed.length > 0);
    expect(withheld.length).toBeGreaterThan(0);
    expect(schools.some((school) => school.pupils.suppressed.length > 0)).toBe(true);
    expect(employers.some((employer) => employer.workforce.suppressed.length > 0)).toBe(true);
  });

  it('names every null count in suppressed, names nothing else, and nulls a rate or median only beside a withheld or zero count', () => {
    expect(records.flatMap(({ label, type, record }) => markerProblems(label, type, record)).slice(0, 10)).toEqual([]);
  });

  it('would catch a figure nulled without a marker, a shown one named, a rate nulled beside shown counts, an item flagged wrongly', () => {
    const shown = records.find(({ type, record }) => type.name === 'PopulationFigures' && record.suppressed.length === 0 && record.validPermits > 0)!;
    expect(markerProblems('doctored', shown.type, { ...shown.record, validPermits: null })).toEqual([
      'doctored: validPermits is null but not named in suppressed',
    ]);
    expect(markerProblems('doctored', shown.type, { ...shown.record, permitRate: null })).toEqual([
      expect.stringMatching(/^doctored: permitRate is null although every count of the record is shown/),
    ]);
    expect(markerProblems('doctored', shown.type, { ...shown.record, suppressed: ['validPermits'] })).toEqual([
      `doctored: validPermits is named in suppressed but shown (${shown.record.validPermits})`,
    ]);
    const enrolment = records.find(({ type, record }) => type.name === 'SchoolEnrolmentStatistics' && record.byAgeGroup.some((rate: any) => !rate.suppressed))!;
    const shownRate = enrolment.record.byAgeGroup.findIndex((rate: any) => !rate.suppressed);
    const flagged = enrolment.record.byAgeGroup.map((rate: any, i: number) => (i === shownRate ? { ...rate, suppressed: true } : rate));
    expect(markerProblems('doctored', enrolment.type, { ...enrolment.record, byAgeGroup: flagged })).toEqual([
      `doctored: byAgeGroup.${flagged[shownRate].ageGroup} flags suppressed unlike its counts`,
    ]);
    const pupils = schools.find((school) => school.pupils.suppressed.length > 0)!;
    expect(markerProblems('doctored', typeOf('SchoolPupilFigures'), { ...pupils.pupils, suppressed: [] })).toEqual([
      'doctored: enrolledPupils is null but not named in suppressed',
    ]);
  });

  it("gives each school's and employer's count as the release publishes it: the deprecated field's value, against the database", async () => {
    const asOf = schools[0].pupils.asOf;
    const education = federation.subgraphs.education.database.dataSource;
    const pupils: { code: string; n: number }[] = await education.query(
      `SELECT s.code, count(e.id)::int AS n FROM school s
       LEFT JOIN enrolment e ON e.school_code = s.code AND e.enrolled_on <= $1 AND (e.ended_on IS NULL OR e.ended_on >= $1) GROUP BY s.code`,
      [asOf],
    );
    const truePupils = new Map(pupils.map((row) => [row.code, row.n]));
    expect(schools.length).toBe(truePupils.size);
    for (const school of schools) {
      expect([school.code, school.pupils.enrolledPupils]).toEqual([school.code, school.enrolledPupils]);
      expect([school.code, school.pupils.enrolledPupils]).toEqual([school.code, protectCount(truePupils.get(school.code)!).count]);
    }
    const humanResources = federation.subgraphs['human-resources'].database.dataSource;
    const employees: { code: string; n: number }[] = await humanResources.query(
      `SELECT x.code, count(e.id)::int AS n FROM employer x
       LEFT JOIN employment e ON e.employer_code = x.code AND e.start_date <= $1 AND (e.end_date IS NULL OR e.end_date >= $1) GROUP BY x.code`,
      [employers[0].workforce.asOf],
    );
    const trueEmployees = new Map(employees.map((row) => [row.code, row.n]));
    expect(employers.length).toBe(trueEmployees.size);
    for (const employer of employers) {
      expect([employer.code, employer.workforce.migrantEmployees]).toEqual([employer.code, employer.migrantEmployees]);
      expect([employer.code, employer.workforce.migrantEmployees]).toEqual([employer.code, protectCount(trueEmployees.get(employer.code)!).count]);
    }
  });

  it("answers the README's SchoolsAndEmployers with the same records, each null named", async () => {
    const example = await analystQuery(readmeQuery('query SchoolsAndEmployers'));
    const read = recordsIn(schema.getQueryType()!, example, 'README');
    expect(read.length).toBe(example.schools.edges.length + example.employers.edges.length);
    expect(read.flatMap(({ label, type, record }) => markerProblems(label, type, record))).toEqual([]);
    const pupilsBySchool = new Map(schools.map((school) => [school.code, school.pupils]));
    for (const { node } of example.schools.edges) expect(node.pupils).toEqual(pupilsBySchool.get(node.code));
    const workforceByEmployer = new Map(employers.map((employer) => [employer.code, employer.workforce]));
    for (const { node } of example.employers.edges) expect(node.workforce).toEqual(workforceByEmployer.get(node.code));
  });

  it('reads the figures of a page of 100 schools or employers in the same SQL statements as a page of 10', async () => {
    const statementsFor = (query: string, first: number) =>
      federation.countStatements(async () => {
        const data = await analystQuery(query, { first });
        expect(Object.values(data as Record<string, any>)[0].edges.length).toBe(first);
      });
    const schoolPage = `query Page($first: Int!) { schools(first: $first) { edges { node { code pupils { asOf enrolledPupils suppressed } } } } }`;
    expect(await statementsFor(schoolPage, 100)).toBe(await statementsFor(schoolPage, 10));
    const employerPage = `query Page($first: Int!) { employers(first: $first) { edges { node { code workforce { asOf migrantEmployees suppressed } } } } }`;
    expect(await statementsFor(employerPage, 100)).toBe(await statementsFor(employerPage, 10));
  });
});
