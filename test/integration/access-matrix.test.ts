import { SyntheticPerson } from '../../subgraphs/kit/population';
import { yearsBetween, today } from '../../subgraphs/kit/dates';
import { generateEnrolments } from '../../subgraphs/education/seed/enrolments';
import { generateSchools } from '../../subgraphs/education/seed/synthetic-schools';
import { generateHumanResources } from '../../subgraphs/human-resources/seed/synthetic-employment';
import { generateCivilAffairsCases } from '../../subgraphs/civil-affairs/seed/synthetic-cases';
import { getNamedType, GraphQLObjectType, GraphQLOutputType, isInputObjectType, isObjectType } from 'graphql';
import { BUREAUS } from '../../subgraphs';
import { guardedArguments } from '../../subgraphs/kit/auth/filter-reads';
import { buildFederatedSchema } from '../../subgraphs/kit/schema';
import { Caller, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
import { loadSupergraph } from '../support/supergraph';
import { currentResidenceOf, testPopulation } from '../support/population';

/**
 * Every role against every personal field of every bureau in the graph, through the gateway.
 * Each column is a role with a purpose it may declare; "community (own)" is a community worker of the person's own
 * community — where public security has them registered now, in every bureau — "community (other)" one of another
 * community.
 *   allow  – the value comes back
 *   deny   – null, with a FORBIDDEN error at that field or above it
 *   full / masked – the ID-card number in full, or with only its last four characters
 */
const MATRIX = `
field                        | police | relief | mediation | school | employment | community (own) | community (other) | analyst | auditor
Query.person                 | allow  | allow  | allow     | allow  | allow      | allow           | allow             | deny    | allow
Query.persons                | allow  | allow  | allow     | allow  | allow      | allow           | allow             | deny    | deny
Community.residents          | allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
Person.id                    | allow  | allow  | allow     | allow  | allow      | allow           | allow             | deny    | allow
Person.name                  | allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
Person.sex                   | allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
Person.originRegion          | allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
Person.arrivalDate           | allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
Person.birthDate (adult)     | allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
Person.birthDate (minor)     | deny   | allow  | allow     | allow  | deny       | deny            | deny              | deny    | deny
Person.idCardNumber          | full   | masked | masked    | masked | masked     | masked          | deny              | deny    | deny
Person.ethnicity             | allow  | allow  | deny      | deny   | deny       | allow           | deny              | deny    | deny
Person.currentResidence      | allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
ResidenceRegistration.address| allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
Person.residences            | allow  | allow  | allow     | deny   | deny       | deny            | deny              | deny    | deny
Person.residencePermits      | allow  | allow  | deny      | allow  | allow      | allow           | deny              | deny    | deny
ResidencePermit.number       | allow  | allow  | deny      | allow  | allow      | allow           | deny              | deny    | deny
Person.accessLog             | deny   | deny   | deny      | deny   | deny       | deny            | deny              | deny    | allow
Person.schoolEnrolments      | deny   | allow  | deny      | allow  | deny       | allow           | deny              | deny    | deny
Person.childrenInSchool      | deny   | allow  | deny      | allow  | deny       | allow           | deny              | deny    | deny
Enrolment.feesEqualToLocal   | deny   | allow  | deny      | allow  | deny       | deny            | deny              | deny    | deny
School.enrolments            | deny   | deny   | deny      | allow  | deny       | deny            | deny              | deny    | deny
School.name                  | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
Person.employments           | deny   | allow  | deny      | deny   | allow      | allow           | deny              | deny    | deny
Employment.monthlyWage       | deny   | allow  | deny      | deny   | allow      | deny            | deny              | deny    | deny
Person.socialInsurance       | deny   | allow  | deny      | deny   | allow      | allow           | deny              | deny    | deny
Person.labourDisputes        | deny   | allow  | deny      | deny   | allow      | deny            | deny              | deny    | deny
Person.employmentServices    | deny   | deny   | deny      | deny   | allow      | deny            | deny              | deny    | deny
Employer.employees           | deny   | deny   | deny      | deny   | allow      | deny            | deny              | deny    | deny
Employer.name                | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
District.employment          | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
Person.reliefCases           | deny   | allow  | deny      | deny   | deny       | allow           | deny              | deny    | deny
ReliefCase.amountApproved    | deny   | allow  | deny      | deny   | deny       | allow           | deny              | deny    | deny
Person.disputes              | deny   | deny   | allow     | deny   | deny       | deny            | deny              | deny    | deny
Community.disputes           | deny   | deny   | allow     | deny   | deny       | deny            | deny              | deny    | deny
Street.disputes              | deny   | deny   | allow     | deny   | deny       | deny            | deny              | deny    | deny
District.reliefAndMediation  | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
ServicePoint.activity        | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
District.schoolEnrolment     | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
District.name                | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
Community.servicePoint       | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
`;

/**
 * A filter is a read: every argument that selects persons or their records, with the same columns. A filter needs the
 * grant of the field it selects by; a community worker's geography filter stays within their own community
 * ("community (other)" is a worker of another district). Every such argument of the composed schema has a row here.
 */
const FILTER_MATRIX = `
argument                                | police | relief | mediation | school | employment | community (own) | community (other) | analyst | auditor
Query.person(id)                        | allow  | allow  | allow     | allow  | allow      | allow           | allow             | deny    | allow
Query.persons(filter.ids)               | allow  | allow  | allow     | allow  | allow      | allow           | allow             | deny    | deny
Query.persons(filter.districtCode)      | allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
Query.persons(filter.streetCode)        | allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
Query.persons(filter.communityCode)     | allow  | allow  | allow     | allow  | allow      | allow           | deny              | deny    | deny
Query.persons(filter.ethnicityCode)     | allow  | allow  | deny      | deny   | deny       | allow           | allow             | deny    | deny
Query.persons(filter.originRegionCode)  | allow  | allow  | allow     | allow  | allow      | allow           | allow             | deny    | deny
Query.persons(filter.arrivedFrom)       | allow  | allow  | allow     | allow  | allow      | allow           | allow             | deny    | deny
Query.persons(filter.arrivedTo)         | allow  | allow  | allow     | allow  | allow      | allow           | allow             | deny    | deny
Query.persons(filter.permitStatus)      | allow  | allow  | deny      | allow  | allow      | allow           | allow             | deny    | deny
Community.disputes(openOnly)            | deny   | deny   | allow     | deny   | deny       | deny            | deny              | deny    | deny
Street.disputes(openOnly)               | deny   | deny   | allow     | deny   | deny       | deny            | deny              | deny    | deny
School.enrolments(activeOnly)           | deny   | deny   | deny      | allow  | deny       | deny            | deny              | deny    | deny
`;

type Expectation = 'allow' | 'deny' | 'full' | 'masked';

function parseMatrix(matrix: string) {
  const rows = matrix.trim().split('\n').map((line) => line.split('|').map((cell) => cell.trim()));
  return { columns: rows[0].slice(1), table: rows.slice(1).map(([field, ...cells]) => ({ field, cells: cells as Expectation[] })) };
}
const { columns, table } = parseMatrix(MATRIX);
const filterMatrix = parseMatrix(FILTER_MATRIX);

let federation: TestFederation;
let adult: SyntheticPerson;
let minor: SyntheticPerson;
let schoolCode: string;
let employerCode: string;
let reliefCase: { personId: string; communityCode: string };
/** Where public security has the relief case's person registered now: their own community for relief too. */
let reliefHome: string;
let disputeCase: { partyIds: string[]; communityCode: string };

/**
 * A guardian with a residence permit and their child in school, both registered by public security in the same
 * community (their own community in every bureau).
 */
function choosePersons(): void {
  const population = testPopulation();
  const byId = new Map(population.map((p) => [p.id, p]));
  const schools = generateSchools(TEST_POPULATION.seed);
  const enrolments = generateEnrolments(population.filter((p) => p.householdRole === 'CHILD'), schools, { seed: TEST_POPULATION.seed });
  const work = generateHumanResources(population, { seed: TEST_POPULATION.seed });
  const currentJob = new Map(work.employments.filter((e) => e.endDate === null).map((e) => [e.personId, e.employerCode]));
  const family = enrolments.find((e) => {
    const guardian = byId.get(e.guardianId);
    const child = byId.get(e.childId)!;
    const home = currentResidenceOf(child).communityCode;
    return (
      e.endedOn === null && guardian !== undefined && guardian.permits.length > 0 &&
      currentJob.has(guardian.id) && guardian.residences.length === 1 &&
      currentResidenceOf(guardian).communityCode === home && child.residences.length === 1 &&
      yearsBetween(child.birthDate, today()) < 18
    );
  })!;
  adult = byId.get(family.guardianId)!;
  minor = byId.get(family.childId)!;
  schoolCode = family.schoolCode;
  employerCode = currentJob.get(adult.id)!;
  const civil = generateCivilAffairsCases(population, { seed: TEST_POPULATION.seed });
  reliefCase = civil.reliefCases.find((c) => c.amountApprovedYuan !== null && !civil.reliefCases.some((o) => o.personId === c.personId && o.appliedOn > c.appliedOn))!;
  reliefHome = currentResidenceOf(byId.get(reliefCase.personId)!).communityCode;
  disputeCase = civil.disputes.find((d) => d.partyIds.length > 0)!;
}

function callerOf(column: string, home?: string): Caller {
  const own = home ?? currentResidenceOf(adult).communityCode;
  // In another district, so that no geography filter on the person's places stays within it.
  const other = testPopulation().map((p) => currentResidenceOf(p).communityCode).find((code) => code.slice(0, 6) !== own.slice(0, 6))!;
  const callers: Record<string, Caller> = {
    police: { role: 'POLICE_REGISTRY_OFFICER', purpose: 'residence-administration' },
    relief: { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' },
    mediation: { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'dispute-mediation' },
    school: { role: 'SCHOOL_ENROLMENT_OFFICER', purpose: 'school-enrolment' },
    employment: { role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service' },
    'community (own)': { role: 'COMMUNITY_WORKER', purpose: 'community-service', community: own },
    'community (other)': { role: 'COMMUNITY_WORKER', purpose: 'community-service', community: other },
    analyst: { role: 'ANALYST', purpose: 'statistics' },
    auditor: { role: 'AUDITOR', purpose: 'audit' },
  };
  return callers[column];
}

/**
 * The query that reads one row's field, and the rows it passes through on the way: [row, path in the answer] from the
 * entry point down to the value. A refusal is expected at the first of these rows the caller may not read.
 */
function probe(field: string): { query: string; variables: Record<string, unknown>; steps: [string, string[]][]; home?: string } {
  const person = field.includes('(minor)') || field === 'Person.schoolEnrolments' || field.startsWith('Enrolment.') ? minor : adult;
  const onPerson = (selection: string, ...steps: [string, string[]][]) => ({
    query: `query Probe($id: ID!) { person(id: $id) { ${selection} } }`,
    variables: { id: person.id },
    steps: [['Query.person', ['person']], ...steps.map(([row, path]): [string, string[]] => [row, ['person', ...path]])] as [string, string[]][],
  });
  const community = { code: currentResidenceOf(person).communityCode };
  switch (field) {
    case 'Query.person':
      return onPerson('__typename');
    case 'Query.persons':
      return { query: '{ persons(first: 1) { totalCount } }', variables: {}, steps: [[field, ['persons']]] };
    case 'Community.residents':
      return {
        query: 'query Probe($code: ID!) { community(code: $code) { residents(first: 1) { totalCount } } }',
        variables: community,
        steps: [[field, ['community', 'residents']]],
      };
    case 'Person.schoolEnrolments':
    case 'Person.childrenInSchool': {
      const name = field.slice('Person.'.length);
      return onPerson(`${name} { __typename }`, [field, [name]]);
    }
    case 'Person.employments':
    case 'Person.socialInsurance':
    case 'Person.labourDisputes':
    case 'Person.employmentServices': {
      const name = field.slice('Person.'.length);
      return onPerson(`${name} { __typename }`, [field, [name]]);
    }
    case 'Employment.monthlyWage':
      return onPerson('employments { monthlyWage }', ['Person.employments', ['employments']], [field, ['employments', '0', 'monthlyWage']]);
    case 'Employer.employees':
      return {
        query: 'query Probe($code: ID!) { employer(code: $code) { employees(first: 1) { totalCount } } }',
        variables: { code: employerCode },
        steps: [[field, ['employer', 'employees']]],
      };
    case 'Employer.name':
      return { query: 'query Probe($code: ID!) { employer(code: $code) { name } }', variables: { code: employerCode }, steps: [[field, ['employer', 'name']]] };
    case 'District.employment':
      return { query: '{ district(code: "640104") { employment { registered } } }', variables: {}, steps: [[field, ['district', 'employment']]] };
    case 'Person.reliefCases':
      return {
        query: 'query Probe($id: ID!) { person(id: $id) { reliefCases { __typename } } }',
        variables: { id: reliefCase.personId },
        steps: [['Query.person', ['person']], [field, ['person', 'reliefCases']]],
        home: reliefHome,
      };
    case 'ReliefCase.amountApproved':
      return {
        query: 'query Probe($id: ID!) { person(id: $id) { reliefCases { amountApproved } } }',
        variables: { id: reliefCase.personId },
        steps: [['Query.person', ['person']], ['Person.reliefCases', ['person', 'reliefCases']], [field, ['person', 'reliefCases', '0', 'amountApproved']]],
        home: reliefHome,
      };
    case 'Person.disputes':
      return {
        query: 'query Probe($id: ID!) { person(id: $id) { disputes { __typename } } }',
        variables: { id: disputeCase.partyIds[0] },
        steps: [['Query.person', ['person']], [field, ['person', 'disputes']]],
        home: disputeCase.communityCode,
      };
    case 'Community.disputes':
      return {
        query: 'query Probe($code: ID!) { community(code: $code) { disputes(first: 1) { totalCount } } }',
        variables: { code: disputeCase.communityCode },
        steps: [[field, ['community', 'disputes']]],
        home: disputeCase.communityCode,
      };
    case 'Street.disputes':
      return {
        query: 'query Probe($code: ID!) { street(code: $code) { disputes(first: 1) { totalCount } } }',
        variables: { code: disputeCase.communityCode.slice(0, 9) },
        steps: [[field, ['street', 'disputes']]],
        home: disputeCase.communityCode,
      };
    case 'District.reliefAndMediation':
      return { query: '{ district(code: "640104") { reliefAndMediation { disputesFound } } }', variables: {}, steps: [[field, ['district', 'reliefAndMediation']]] };
    case 'ServicePoint.activity':
      return {
        query: '{ district(code: "640104") { servicePoints { activity(from: "2020-01") { month visits } } } }',
        variables: {},
        steps: [[field, ['district', 'servicePoints']]],
      };
    case 'Enrolment.feesEqualToLocal':
      return onPerson('schoolEnrolments { feesEqualToLocal }', ['Person.schoolEnrolments', ['schoolEnrolments']], [field, ['schoolEnrolments', '0', 'feesEqualToLocal']]);
    case 'School.enrolments':
      return {
        query: 'query Probe($code: ID!) { school(code: $code) { enrolments(first: 1) { totalCount } } }',
        variables: { code: schoolCode },
        steps: [[field, ['school', 'enrolments']]],
      };
    case 'School.name':
      return { query: 'query Probe($code: ID!) { school(code: $code) { name } }', variables: { code: schoolCode }, steps: [[field, ['school', 'name']]] };
    case 'District.schoolEnrolment':
      return {
        query: '{ district(code: "640104") { schoolEnrolment { schoolYear } } }',
        variables: {},
        steps: [[field, ['district', 'schoolEnrolment', 'schoolYear']]],
      };
    case 'District.name':
      return { query: '{ district(code: "640104") { name } }', variables: {}, steps: [[field, ['district', 'name']]] };
    case 'Community.servicePoint':
      return {
        query: 'query Probe($code: ID!) { community(code: $code) { code servicePoint { openedYear } } }',
        variables: community,
        steps: [[field, ['community', 'code']]],
      };
    case 'ResidenceRegistration.address':
      return onPerson('currentResidence { address }', ['Person.currentResidence', ['currentResidence']], [field, ['currentResidence', 'address']]);
    case 'ResidencePermit.number':
      return onPerson('residencePermits { number }', ['Person.residencePermits', ['residencePermits']], [field, ['residencePermits', '0', 'number']]);
    case 'Person.currentResidence':
    case 'Person.residences':
    case 'Person.residencePermits': {
      const name = field.slice('Person.'.length);
      return onPerson(`${name} { __typename }`, [field, [name]]);
    }
    case 'Person.originRegion':
      return onPerson('originRegion { code }', [field, ['originRegion']]);
    case 'Person.ethnicity':
      return onPerson('ethnicity { code }', [field, ['ethnicity']]);
    case 'Person.accessLog':
      return onPerson('accessLog { publicSecurity { subject } }', [field, ['accessLog']]);
    default: {
      const name = field.replace(/^Person\./, '').replace(/ \(.*\)$/, '');
      return onPerson(name, [field, [name]]);
    }
  }
}

/**
 * The query that uses one filter argument, the path of the list it filters (refused there) and of a value in it.
 * Person filters take the adult's own values, so the own community's worker selects within their community.
 */
function filterProbe(row: string): { query: string; variables: Record<string, unknown>; list: string[]; value: string[]; home?: string } {
  const community = currentResidenceOf(adult).communityCode;
  const personFilter: Record<string, unknown> = {
    ids: [adult.id],
    districtCode: community.slice(0, 6),
    streetCode: community.slice(0, 9),
    communityCode: community,
    ethnicityCode: adult.ethnicityCode,
    originRegionCode: adult.originRegionCode,
    arrivedFrom: adult.arrivalDate,
    arrivedTo: adult.arrivalDate,
    permitStatus: 'VALID',
  };
  const filterField = /^Query\.persons\(filter\.(\w+)\)$/.exec(row)?.[1];
  if (filterField) {
    return {
      query: 'query Probe($filter: PersonFilter) { persons(first: 1, filter: $filter) { totalCount } }',
      variables: { filter: { [filterField]: personFilter[filterField] } },
      list: ['persons'],
      value: ['persons', 'totalCount'],
    };
  }
  switch (row) {
    case 'Query.person(id)':
      return { query: 'query Probe($id: ID!) { person(id: $id) { __typename } }', variables: { id: adult.id }, list: ['person'], value: ['person'] };
    case 'Community.disputes(openOnly)':
      return {
        query: 'query Probe($code: ID!) { community(code: $code) { disputes(first: 1, openOnly: true) { totalCount } } }',
        variables: { code: disputeCase.communityCode },
        list: ['community', 'disputes'],
        value: ['community', 'disputes', 'totalCount'],
        home: disputeCase.communityCode,
      };
    case 'Street.disputes(openOnly)':
      return {
        query: 'query Probe($code: ID!) { street(code: $code) { disputes(first: 1, openOnly: true) { totalCount } } }',
        variables: { code: disputeCase.communityCode.slice(0, 9) },
        list: ['street', 'disputes'],
        value: ['street', 'disputes', 'totalCount'],
        home: disputeCase.communityCode,
      };
    case 'School.enrolments(activeOnly)':
      return {
        query: 'query Probe($code: ID!) { school(code: $code) { enrolments(first: 1, activeOnly: true) { totalCount } } }',
        variables: { code: schoolCode },
        list: ['school', 'enrolments'],
        value: ['school', 'enrolments', 'totalCount'],
      };
    default:
      throw new Error(`no probe for ${row}`);
  }
}

function valueAt(data: unknown, path: string[]): unknown {
  return path.reduce<any>((value, key) => (value === null || value === undefined ? value : value[key]), data);
}

beforeAll(async () => {
  choosePersons();
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

const cases = table.flatMap(({ field, cells }) => cells.map((expected, index) => [field, columns[index], expected] as const));

function expectation(row: string, column: string): Expectation {
  const found = table.find(({ field }) => field === row || field.startsWith(`${row} (`));
  if (!found) throw new Error(`no row ${row} in the matrix`);
  return found.cells[columns.indexOf(column)];
}

describe('who may read what', () => {
  it('the matrix covers every role', () => {
    expect(columns).toHaveLength(9);
    expect(cases).toHaveLength(table.length * 9);
  });

  it.each(cases)('%s for %s: %s', async (field, column, expected) => {
    const { query, variables, steps, home } = probe(field);
    const result = await federation.query(query, variables, callerOf(column, home));
    const valuePath = steps[steps.length - 1][1];
    const value = valueAt(result.data, valuePath);
    if (expected === 'deny') {
      // Refused exactly at the first step the caller may not read: that field is null, everything above it answered.
      const [, refusedPath] = steps.find(([row]) => row === field || expectation(row, column) === 'deny')!;
      expect(valueAt(result.data, refusedPath) ?? null).toBeNull();
      expect(result.errors?.map((error) => [error.extensions?.code, (error.path ?? []).map(String).join('.')])).toEqual(
        expect.arrayContaining([['FORBIDDEN', refusedPath.join('.')]]),
      );
      if (refusedPath.length > 1) expect(valueAt(result.data, refusedPath.slice(0, -1))).not.toBeNull();
      return;
    }
    expect(result.errors).toBeUndefined();
    expect(value).not.toBeNull();
    expect(value).not.toBeUndefined();
    if (expected === 'full') expect(value).toBe(adult.idCardNumber);
    if (expected === 'masked') expect(value).toBe(`**************${adult.idCardNumber.slice(-4)}`);
  });
});

/** The record type a field returns: its named type, or the node type of a connection. */
function recordType(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  const edges = isObjectType(named) ? named.getFields().edges : undefined;
  if (!edges) return named.name;
  return getNamedType((getNamedType(edges.type) as GraphQLObjectType).getFields().node.type).name;
}

/** Every argument of the composed schema that selects persons or their records (paging aside), as matrix rows name them. */
function filterArguments(): string[] {
  const personal = new Set(BUREAUS.flatMap((bureau) => Object.keys(bureau.access.personOf ?? {})));
  const supergraph = loadSupergraph();
  const found: string[] = [];
  for (const type of Object.values(supergraph.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type === supergraph.getMutationType()) continue;
    for (const field of Object.values(type.getFields())) {
      if (!personal.has(recordType(field.type))) continue;
      for (const arg of field.args.filter((a) => !['first', 'after'].includes(a.name))) {
        const named = getNamedType(arg.type);
        const paths = isInputObjectType(named) ? Object.keys(named.getFields()).map((name) => `${arg.name}.${name}`) : [arg.name];
        for (const path of paths) found.push(`${type.name}.${field.name}(${path})`);
      }
    }
  }
  return found.sort();
}

const filterCases = filterMatrix.table.flatMap(({ field, cells }) => cells.map((expected, index) => [field, filterMatrix.columns[index], expected] as const));

describe('a filter is a read: who may select persons by what', () => {
  it('has a row for every argument that selects persons or their records, and each is guarded in its bureau', () => {
    expect(filterMatrix.columns).toEqual(columns);
    const found = filterArguments();
    expect(filterMatrix.table.map(({ field }) => field).sort()).toEqual(found);
    const guarded = new Map(BUREAUS.flatMap((bureau) => [...guardedArguments(buildFederatedSchema(bureau))]));
    expect(found.filter((argument) => !guarded.has(argument))).toEqual([]);
    expect(found).toHaveLength(13);
  });

  it.each(filterCases)('%s for %s: %s', async (row, column, expected) => {
    const { query, variables, list, value, home } = filterProbe(row);
    const result = await federation.query(query, variables, callerOf(column, home));
    if (expected === 'deny') {
      expect(valueAt(result.data, list) ?? null).toBeNull();
      const error = result.errors?.find((e) => (e.path ?? []).map(String).join('.') === list.join('.'));
      expect(error?.extensions?.code).toBe('FORBIDDEN');
      // Where the list itself may be read, the refusal names the argument.
      const listRow = row.slice(0, row.indexOf('('));
      const argument = row.slice(row.indexOf('(') + 1, -1);
      if (expectation(listRow, column) === 'allow') expect(error?.message.startsWith(`${argument} `)).toBe(true);
      return;
    }
    expect(result.errors).toBeUndefined();
    expect(valueAt(result.data, value)).not.toBeNull();
    expect(valueAt(result.data, value)).not.toBeUndefined();
  });
});
