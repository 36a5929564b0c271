import { SyntheticPerson } from '../../subgraphs/kit/population';
import { yearsBetween, today } from '../../subgraphs/kit/dates';
import { generateEnrolments, generateSchools } from '../../subgraphs/education/seed/synthetic-schools';
import { generateHumanResources } from '../../subgraphs/human-resources/seed/synthetic-employment';
import { generateCivilAffairsCases } from '../../subgraphs/civil-affairs/seed/synthetic-cases';
import { Caller, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
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
District.reliefAndMediation  | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
ServicePoint.activity        | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
District.schoolEnrolment     | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
District.name                | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
Community.servicePoint       | allow  | allow  | allow     | allow  | allow      | allow           | allow             | allow   | allow
`;

type Expectation = 'allow' | 'deny' | 'full' | 'masked';

const rows = MATRIX.trim().split('\n').map((line) => line.split('|').map((cell) => cell.trim()));
const columns = rows[0].slice(1);
const table = rows.slice(1).map(([field, ...cells]) => ({ field, cells: cells as Expectation[] }));

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
  const other = testPopulation().map((p) => currentResidenceOf(p).communityCode).find((code) => code !== own)!;
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
