import { generateKeyPairSync, sign } from 'node:crypto';
import { issueResidenceStatement } from '../../subgraphs/kit/auth/residence-statement';
import { BUREAU_NAMES } from '../../subgraphs/kit/bureau-identity';
import { today } from '../../subgraphs/kit/dates';
import type { SyntheticPerson } from '../../subgraphs/synthetic';
import { loadSettings } from '../../subgraphs/kit/settings';
import { generateCivilAffairsCases } from '../../subgraphs/civil-affairs/seed/synthetic-cases';
import { generateEnrolments } from '../../subgraphs/education/seed/enrolments';
import { generateSchools } from '../../subgraphs/education/seed/synthetic-schools';
import { generateHumanResources } from '../../subgraphs/human-resources/seed/synthetic-employment';
import { Caller, callerHeaders, postGraphQL, REGISTRY_OFFICER, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
import { currentResidenceOf, testPopulation } from '../support/population';
import { RequestCounter, stopCounters, throughCounters } from '../support/request-counter';

/**
 * "Own community" for a community worker is where public security has the person registered now, in every bureau:
 * the worker of the community a person left is refused their records everywhere, the worker of the community they
 * live in now may read them. Public security's signed statement of it reaches the other bureaus through the gateway;
 * sent straight to a subgraph, a forged, altered, borrowed or stale statement gets nothing.
 */

let federation: TestFederation;
const counters: Record<string, RequestCounter> = {};

const population = () => testPopulation();
const byId = () => new Map(population().map((p) => [p.id, p]));
const previousResidenceOf = (person: SyntheticPerson) => person.residences[person.residences.length - 2];
const livedIn = (person: SyntheticPerson, day: string) => person.residences.find((r) => r.fromDate <= day && (r.toDate === null || day <= r.toDate))!;

/** Moved from one community to another: the worker of the old one is who the attack was about. */
function hasMoved(person: SyntheticPerson): boolean {
  return person.residences.length >= 2 && previousResidenceOf(person).communityCode !== currentResidenceOf(person).communityCode;
}

const worker = (community: string, purpose: Caller['purpose'] = 'community-service'): Caller => ({ role: 'COMMUNITY_WORKER', purpose, community });

interface Mover {
  person: SyntheticPerson;
  /** The community they left. */
  left: string;
  /** The community public security has them registered in now. */
  livesIn: string;
}

const moverOf = (person: SyntheticPerson): Mover => ({
  person,
  left: previousResidenceOf(person).communityCode,
  livesIn: currentResidenceOf(person).communityCode,
});

const work = () => generateHumanResources(population(), { seed: TEST_POPULATION.seed });
const schooling = () =>
  generateEnrolments(
    population().filter((p) => p.householdRole === 'CHILD'),
    generateSchools(TEST_POPULATION.seed),
    { seed: TEST_POPULATION.seed },
  );
const cases = () => generateCivilAffairsCases(population(), { seed: TEST_POPULATION.seed });

/**
 * Persons who moved, each with records in a bureau made while they lived in the community they left (so that bureau
 * had them there: employment registration, an enrolment's home address, the community handling their relief).
 */
function movers() {
  const persons = byId();
  const records = work();
  const recordDays = new Map<string, string[]>();
  for (const r of [...records.employments, ...records.insurance, ...records.trainings]) {
    recordDays.set(r.personId, [...(recordDays.get(r.personId) ?? []), r.startDate]);
  }
  const ofKind = (list: { personId: string }[]) => new Set(list.map((r) => r.personId));
  const [employed, insured, trained] = [ofKind(records.employments), ofKind(records.insurance), ofKind(records.trainings)];
  const employee = population().find(
    (p) =>
      hasMoved(p) && employed.has(p.id) && insured.has(p.id) && trained.has(p.id) && livedIn(p, recordDays.get(p.id)!.sort()[0]) === previousResidenceOf(p),
  )!;
  const enrolments = schooling();
  const pupil = enrolments.find(
    (e) => hasMoved(persons.get(e.childId)!) && livedIn(persons.get(e.childId)!, e.enrolledOn) === previousResidenceOf(persons.get(e.childId)!),
  )!;
  const family = enrolments.find((e) => e.endedOn === null && e.childId !== pupil.childId && hasMoved(persons.get(e.guardianId)!))!;
  const relief = cases().reliefCases.find(
    (c) => hasMoved(persons.get(c.personId)!) && c.communityCode === previousResidenceOf(persons.get(c.personId)!).communityCode,
  )!;
  return {
    employee: moverOf(employee),
    pupil: moverOf(persons.get(pupil.childId)!),
    guardian: moverOf(persons.get(family.guardianId)!),
    relief: moverOf(persons.get(relief.personId)!),
  };
}

beforeAll(async () => {
  federation = await startTestFederation({ routeSubgraph: throughCounters(counters) });
});

afterAll(async () => {
  await federation?.stop();
  await stopCounters(counters);
});

const forbiddenPaths = (result: { errors?: { path?: (string | number)[]; extensions?: Record<string, any> }[] }) =>
  (result.errors ?? []).filter((error) => error.extensions?.code === 'FORBIDDEN').map((error) => (error.path ?? []).join('.'));

/** Each bureau's personal fields, read on a person who moved. */
const BUREAU_READS = [
  ['public security', 'employee', 'name currentResidence { address } residencePermits { number }', ['name', 'currentResidence', 'residencePermits']],
  [
    'human resources',
    'employee',
    'employments { jobTitle employer { name } } socialInsurance { type status } trainings { course }',
    ['employments', 'socialInsurance', 'trainings'],
  ],
  ['education (the child)', 'pupil', 'schoolEnrolments { grade status school { name } }', ['schoolEnrolments']],
  ['education (the guardian)', 'guardian', 'childrenInSchool { grade status school { name } }', ['childrenInSchool']],
  ['civil affairs', 'relief', 'reliefCases { kind status history { kind } }', ['reliefCases']],
] as const;

describe('a person who moved, through the gateway', () => {
  it.each(BUREAU_READS)(
    '%s: the worker of the community they left is refused, the worker of where they live now reads it',
    async (_bureau, who, selection, fields) => {
      const { person, left, livesIn } = movers()[who];
      const query = `query Moved($id: ID!) { person(id: $id) { id ${selection} } }`;

      const refused = await federation.query(query, { id: person.id }, worker(left));
      expect(refused.data.person.id).toBe(person.id);
      for (const field of fields) expect(refused.data.person[field]).toBeNull();
      expect(forbiddenPaths(refused)).toEqual(expect.arrayContaining(fields.map((field) => `person.${field}`)));

      const allowed = await federation.query(query, { id: person.id }, worker(livesIn));
      expect(allowed.errors).toBeUndefined();
      for (const field of fields) expect(allowed.data.person[field]).not.toBeNull();
      for (const field of fields) if (Array.isArray(allowed.data.person[field])) expect(allowed.data.person[field].length).toBeGreaterThan(0);
    },
  );

  it('follows a move recorded now: the old community loses the person at once, the new one gains them', async () => {
    const records = work();
    const employed = new Set(records.employments.map((e) => e.personId));
    const { employee } = movers();
    const person = population().find((p) => !hasMoved(p) && p.residences.length === 1 && employed.has(p.id) && p.id !== employee.person.id)!;
    const before = currentResidenceOf(person).communityCode;
    const after = population()
      .map((p) => currentResidenceOf(p).communityCode)
      .find((code) => code !== before)!;
    const query = `query ($id: ID!) { person(id: $id) { employments { jobTitle } } }`;
    expect((await federation.query(query, { id: person.id }, worker(before))).errors).toBeUndefined();

    const moved = await federation.query(
      `mutation ($input: RecordMoveInput!) { recordMove(input: $input) { community { code } } }`,
      { input: { personId: person.id, communityCode: after, address: '凤凰北街 12号 2单元 301', movedOn: today() } },
      REGISTRY_OFFICER,
    );
    expect(moved.errors).toBeUndefined();
    expect(forbiddenPaths(await federation.query(query, { id: person.id }, worker(before)))).toContain('person.employments');
    const now = await federation.query(query, { id: person.id }, worker(after));
    expect(now.errors).toBeUndefined();
    expect(now.data.person.employments.length).toBeGreaterThan(0);
  });

  it("scopes a record by whoever it was reached through: the guardian's children in school, the child's own enrolments", async () => {
    const { guardian, pupil } = movers();
    const child = schooling().find((e) => e.endedOn === null && e.guardianId === guardian.person.id && e.childId !== pupil.person.id)!.childId;
    // The child moves away from the guardian (to live with the other parent, say).
    const elsewhere = population()
      .map((p) => currentResidenceOf(p).communityCode)
      .find((code) => code !== guardian.livesIn)!;
    const moved = await federation.query(
      `mutation ($input: RecordMoveInput!) { recordMove(input: $input) { community { code } } }`,
      { input: { personId: child, communityCode: elsewhere, address: '北京中路 3号 1单元 202', movedOn: today() } },
      REGISTRY_OFFICER,
    );
    expect(moved.errors).toBeUndefined();
    const query = `query ($id: ID!) { person(id: $id) { childrenInSchool { grade child { id schoolEnrolments { grade } } } } }`;

    const guardians = await federation.query(query, { id: guardian.person.id }, worker(guardian.livesIn));
    const enrolment = guardians.data.person.childrenInSchool.find((e: any) => e.child.id === child);
    // The enrolment is the guardian's record too: their worker sees it; the child's own records are the child's community's.
    expect(enrolment.grade).toEqual(expect.any(Number));
    expect(enrolment.child.schoolEnrolments).toBeNull();
    const index = guardians.data.person.childrenInSchool.indexOf(enrolment);
    // Refused at the child (public security does not vouch for where they live to this worker) or at their enrolments.
    const refusedAt = `person.childrenInSchool.${index}.child.schoolEnrolments`;
    expect(forbiddenPaths(guardians).filter((path) => refusedAt.startsWith(path) && path.includes('.child'))).not.toEqual([]);

    const childs = await federation.query(query, { id: guardian.person.id }, worker(elsewhere));
    expect(childs.data.person.childrenInSchool).toBeNull();
    const own = await federation.query(`query ($id: ID!) { person(id: $id) { schoolEnrolments { grade } } }`, { id: child }, worker(elsewhere));
    expect(own.errors).toBeUndefined();
    expect(own.data.person.schoolEnrolments.length).toBeGreaterThan(0);
  });

  it('never hands the statement itself to a client of the gateway', async () => {
    const result = await federation.query(`query ($id: ID!) { person(id: $id) { residenceStatement } }`, { id: population()[0].id });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('no N+1: the statement is one fetch from public security per level of the plan', () => {
  const QUERY = `query Families($ids: [ID!]!) {
    persons(filter: { ids: $ids }, first: 100) { edges { node { id childrenInSchool { grade child { schoolEnrolments { grade } } } } } }
  }`;

  const plannedCalls = async (ids: string[], caller: Caller) => {
    for (const counter of Object.values(counters)) counter.reset();
    let result: any;
    const statements = await federation.countStatements(async () => {
      result = await federation.query(QUERY, { ids }, caller);
    });
    const calls = Object.fromEntries(Object.entries(counters).map(([bureau, counter]) => [bureau, counter.requests().length]));
    return { result, statements, calls, publicSecurity: counters['public-security'].requests() };
  };

  it('costs the same calls and SQL statements for 3 families as for 30, for a caseworker and for a community worker', async () => {
    const enrolments = schooling().filter((e) => e.endedOn === null);
    const guardians = [...new Set(enrolments.map((e) => e.guardianId))];
    const caseworker: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' };

    const small = await plannedCalls(guardians.slice(0, 3), caseworker);
    const large = await plannedCalls(guardians.slice(0, 30), caseworker);
    expect(large.result.errors).toBeUndefined();
    expect(large.result.data.persons.edges).toHaveLength(30);
    // Public security: the persons with their statements, then the children's statements; education: each level once.
    // No other bureau is asked (a bureau that joins the graph included).
    const none = Object.fromEntries(BUREAU_NAMES.map((name) => [name, 0]));
    expect(large.calls).toEqual({ ...none, 'public-security': 2, education: 2 });
    expect(small.calls).toEqual(large.calls);
    expect(large.statements).toBe(small.statements);
    expect(large.publicSecurity[1].query).toMatch(/_entities/);
    expect(large.publicSecurity[1].variables!.representations.length).toBeGreaterThanOrEqual(30);

    // A community worker's families, all living in their community: the same plan, every record readable.
    const community = currentResidenceOf(byId().get(guardians[0])!).communityCode;
    const neighbours = guardians.filter((id) => currentResidenceOf(byId().get(id)!).communityCode === community);
    const own = await plannedCalls(neighbours, worker(community));
    expect(own.calls).toEqual(large.calls);
    expect(own.result.data.persons.edges.map((edge: any) => edge.node.childrenInSchool)).not.toContain(null);
  });
});

describe('a subgraph reached directly takes no community on trust', () => {
  const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { employments { jobTitle } } } }`;
  const humanResources = () => federation.subgraphs['human-resources'].url;
  const publicSecurity = () => federation.subgraphs['public-security'].url;

  /** The statement public security gives a worker of `person`'s current community. */
  async function genuineStatement(person: SyntheticPerson): Promise<string> {
    const result = await postGraphQL(
      publicSecurity(),
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { residenceStatement } } }`,
      { representations: [{ __typename: 'Person', id: person.id }] },
      await callerHeaders(federation.signingKey, worker(currentResidenceOf(person).communityCode)),
    );
    expect(result.errors).toBeUndefined();
    return result.data._entities[0].residenceStatement;
  }

  const askHumanResources = async (community: string, person: Record<string, unknown>) =>
    postGraphQL(
      humanResources(),
      ENTITIES,
      { representations: [{ __typename: 'Person', ...person }] },
      await callerHeaders(federation.signingKey, worker(community)),
    );

  it('public security gives the worker of the community a person left no statement about them', async () => {
    const { employee } = movers();
    const result = await postGraphQL(
      publicSecurity(),
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { residenceStatement } } }`,
      { representations: [{ __typename: 'Person', id: employee.person.id }] },
      await callerHeaders(federation.signingKey, worker(employee.left)),
    );
    expect(result.data._entities[0]?.residenceStatement ?? null).toBeNull();
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('refuses a missing, claimed, forged, altered, borrowed or stale statement, and answers a genuine fresh one', async () => {
    const { employee } = movers();
    const { id } = employee.person;
    const genuine = await genuineStatement(employee.person);
    const [version, payload] = genuine.split('.');
    const fact = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const alteredPayload = Buffer.from(JSON.stringify({ ...fact, c: employee.left })).toString('base64url');
    const foreignKey = generateKeyPairSync('ed25519').privateKey;
    const forged = `${version}.${alteredPayload}.${sign(null, Buffer.from(`${version}.${alteredPayload}`), foreignKey).toString('base64url')}`;
    const neighbourOfOldCommunity = population().find((p) => currentResidenceOf(p).communityCode === employee.left)!;
    const borrowed = await genuineStatement(neighbourOfOldCommunity);
    // Signed by public security's own key, true when it was issued (they lived there then), but no longer fresh.
    // The subgraphs' window, as they read it from the environment at start.
    const maxAgeMs = loadSettings().RESIDENCE_STATEMENT_MAX_AGE_SECONDS * 1000;
    const stale = issueResidenceStatement({ personId: id, communityCode: employee.left, issuedAt: Date.now() - maxAgeMs - 60_000 });

    const attempts: [string, Record<string, unknown>][] = [
      ['none', { id }],
      ['a plain community code', { id, residenceStatement: employee.left, currentCommunity: employee.left }],
      ['signed with another key', { id, residenceStatement: forged }],
      ['altered', { id, residenceStatement: `${version}.${alteredPayload}.${genuine.split('.')[2]}` }],
      ["another person's", { id, residenceStatement: borrowed }],
      ['stale', { id, residenceStatement: stale }],
      ['genuine, naming where they live now', { id, residenceStatement: genuine }],
    ];
    for (const [name, representation] of attempts) {
      const result = await askHumanResources(employee.left, representation);
      expect({ name, employments: result.data?._entities[0]?.employments ?? null, codes: result.errors?.map((e) => e.extensions?.code) }).toEqual({
        name,
        employments: null,
        codes: ['FORBIDDEN'],
      });
    }
    const answered = await askHumanResources(employee.livesIn, { id, residenceStatement: genuine });
    expect(answered.errors).toBeUndefined();
    expect(answered.data._entities[0].employments.length).toBeGreaterThan(0);
  });
});
