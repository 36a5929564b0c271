import fs from 'node:fs';
import path from 'node:path';
import {
  getNamedType,
  GraphQLInputType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { BUREAUS } from '../../subgraphs';
import { Access, ACCESS_COLUMNS, AccessColumn, accessMatrix, AccessRow, declaredGrants } from '../../subgraphs/kit/auth/access-matrix';
import { ROLE_PURPOSES, ROLES } from '../../subgraphs/kit/auth/roles';
import { addDays, today, yearsBetween } from '../../subgraphs/kit/dates';
import { schoolAgeGroupOf, schoolYearOf } from '../../subgraphs/kit/school-age';
import { repoRoot } from '../../subgraphs/kit/paths';
import { queryLimitsOf } from '../../subgraphs/kit/query-limits';
import { loadSettings } from '../../subgraphs/kit/settings';
import type { SyntheticPerson } from '../../subgraphs/synthetic';
import { buildFederatedSchema } from '../../subgraphs/kit/schema';
import { generateCivilAffairsCases } from '../../subgraphs/civil-affairs/seed/synthetic-cases';
import { generateApplications } from '../../subgraphs/education/seed/applications';
import { generateEnrolments } from '../../subgraphs/education/seed/enrolments';
import { generateSchools } from '../../subgraphs/education/seed/synthetic-schools';
import { generateHealth } from '../../subgraphs/health/seed/synthetic-vaccinations';
import { dosesDue } from '../../subgraphs/health/entities/vaccines';
import { generateHumanResources } from '../../subgraphs/human-resources/seed/synthetic-employment';
import { maskIdCardNumber } from '../../subgraphs/public-security/resolvers/person-resolver';
import { checkProbe, isInaccessible, isValue, Probe, probeRequests, probesFor, ProbeOptions, Subject } from '../support/access-probes';
import { Caller, callerHeaders, GraphQLResponse, postGraphQL, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';
import { currentResidenceOf, latestPermitStatus, testPopulation } from '../support/population';
import { fieldGraphs, loadSupergraph } from '../support/supergraph';

/**
 * The access matrix, schema/access-matrix.md, generated from the grants in the code: every coordinate a personal
 * grant guards (fields, filter arguments, mutations, entity references) against every role with each purpose it may
 * declare. Here it is checked against the code, and every cell is run through the real federation:
 *   - a field or argument: a path from an entry point (person, community, street, school, employer, registered child) on a subject
 *     chosen from the synthetic generators so that the value exists, every shortest one; refused: null with FORBIDDEN
 *     at the first step the column may not read; allowed: no error on the way, and in some column a value;
 *   - a mutation: a call whose input is well-formed but names nothing real, so nothing is written; refused: FORBIDDEN;
 *     allowed: any other error;
 *   - an entity reference, and a field the gateway hides from clients (`@inaccessible`): asked of its subgraph
 *     directly, as the gateway asks it.
 * Many probes of a column go in one request (each keeps its own path in the answer): the whole matrix is a few dozen
 * read requests, and one call per mutation and column.
 */

const MATRIX_FILE = path.join(repoRoot(), 'schema', 'access-matrix.md');

interface MatrixRow {
  bureau: string;
  name: string;
  cells: Access[];
}

/** The checked-in matrix: its columns, and its rows with their bureau. */
function readMatrix(): { columns: string[]; rows: MatrixRow[] } {
  let bureau = '';
  let columns: string[] = [];
  const rows: MatrixRow[] = [];
  const cellsOf = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
  for (const line of fs.readFileSync(MATRIX_FILE, 'utf8').split('\n')) {
    if (line.startsWith('## ')) bureau = line.slice(3).trim();
    else if (line.startsWith('| coordinate |')) columns = cellsOf(line).slice(2);
    else if (line.startsWith('| `')) {
      const [name, , ...cells] = cellsOf(line);
      rows.push({ bureau, name: name.replace(/`/g, ''), cells: cells as Access[] });
    }
  }
  return { columns, rows };
}

const matrix = readMatrix();
const rowsByName = new Map(matrix.rows.map((row) => [row.name, row]));

// ---------------------------------------------------------------------------------------------------------------
// Subjects: records whose every field is set, chosen from the generators the bureaus seed from.

const { seed } = TEST_POPULATION;
/** A generated record with no field null: each of its fields in the graph has a value. */
const complete = (record: object) => Object.values(record).every((value) => value !== null);
const homeOf = (person: SyntheticPerson) => currentResidenceOf(person).communityCode;
const isMinor = (person: SyntheticPerson) => yearsBetween(person.birthDate, today()) < 18;

interface Subjects {
  all: Subject[];
  /** Whose relief case and dispute get an event recorded by an official (the seed names none). */
  applicant: Subject;
  party: Subject;
}

function chooseSubjects(): Subjects {
  const population = testPopulation();
  const byId = new Map(population.map((person) => [person.id, person]));
  const children = population.filter((person) => person.householdRole === 'CHILD');
  const enrolments = generateEnrolments(children, generateSchools(seed), { seed });
  // A child of school age awaiting a school place: a waiting application, no enrolment open (education's waiting list).
  const inSchool = new Set(enrolments.filter((enrolment) => enrolment.endedOn === null).map((enrolment) => enrolment.childId));
  const waiting = generateApplications(new Map(children.map((child) => [child.id, child])), enrolments, generateSchools(seed), { seed }).find(
    (application) =>
      application.outcome === 'WAITING' && !inSchool.has(application.childId) && schoolAgeGroupOf(application.childBirthDate, schoolYearOf(today())) !== null,
  )!;
  const work = generateHumanResources(population, { seed });
  const civil = generateCivilAffairsCases(population, { seed });
  const held = new Map<string, Set<string>>();
  const hold = (personId: string, ...types: string[]) => {
    held.set(personId, new Set([...(held.get(personId) ?? []), ...types]));
    return byId.get(personId)!;
  };

  // A child in school now who left another school, and the guardian with a residence permit who enrolled them, both
  // registered in the same community: one family's records in one community.
  const family = enrolments.find((enrolment) => {
    const child = byId.get(enrolment.childId)!;
    const guardian = byId.get(enrolment.guardianId)!;
    return (
      enrolment.endedOn === null &&
      isMinor(child) &&
      guardian.permits.length > 0 &&
      homeOf(child) === homeOf(guardian) &&
      enrolments.some((other) => other.childId === child.id && other.endedOn !== null)
    );
  })!;
  const guardian = hold(family.guardianId, 'Person', 'AccessLog', 'Enrolment');
  hold(family.childId, 'Person', 'Enrolment');
  // Moved, with a permit revoked: every registration and permit field is set on one of their records.
  hold(
    population.find((person) => person.residences.length > 1 && person.permits.some((permit) => permit.revokedOn !== null))!.id,
    'ResidenceRegistration',
    'ResidencePermit',
  );
  const relief = civil.reliefCases.find(complete)!;
  hold(relief.personId, 'ReliefCase', 'ReliefEvent');
  // A mediated and closed dispute, with a party registered now where it is mediated, all of whose disputes are there.
  const dispute = civil.disputes.find((candidate) => {
    const kinds = candidate.events.map((event) => event.kind);
    return (
      kinds.includes('MEDIATED') &&
      kinds.includes('CLOSED') &&
      candidate.partyIds.some(
        (id) =>
          homeOf(byId.get(id)!) === candidate.communityCode &&
          civil.disputes.every((other) => !other.partyIds.includes(id) || other.communityCode === candidate.communityCode),
      )
    );
  })!;
  const partyId = dispute.partyIds.find((id) => homeOf(byId.get(id)!) === dispute.communityCode)!;
  hold(partyId, 'DisputeCase', 'DisputeEvent');
  hold(work.employments.find(complete)!.personId, 'Employment');
  hold(work.insurance.find(complete)!.personId, 'SocialInsurance');
  hold(work.trainings.find(complete)!.personId, 'Training');
  hold(work.services.find(complete)!.personId, 'EmploymentService');
  hold(work.disputes.find(complete)!.personId, 'LabourDispute');
  const employer = work.employments.find((job) => job.endDate === null)!.employerCode;
  // A child of health's register with doses given at a clinic and doses due today, living where public security has
  // them registered: entered by person (a community worker's doses due) and by the register (the vaccination officer,
  // whom public security does not serve: the register's subject holds no Person).
  const health = generateHealth(population, { seed });
  const given = (childId: string) => new Set(health.vaccinations.filter((v) => v.childId === childId).map((v) => `${v.vaccine}:${v.dose}`));
  const vaccinated = health.children.find(
    (child) =>
      child.communityCode === homeOf(byId.get(child.childId)!) &&
      health.vaccinations.some((v) => v.childId === child.childId && v.clinicCode !== null) &&
      dosesDue(child.birthDate, given(child.childId), today()).length > 0,
  )!;
  hold(vaccinated.childId, 'Person', 'VaccinationDue');

  const persons: Subject[] = [...held].map(([id, types]) => {
    const person = byId.get(id)!;
    return { name: `person ${id}`, entry: 'person', args: { id }, community: homeOf(person), holds: [...types], record: person };
  });
  const place = (name: string, entry: string, code: string, community: string, holds: string[]): Subject => ({ name, entry, args: { code }, community, holds });
  // Streets, schools and employers are in no community of their own: any will do for the community columns.
  const all = [
    ...persons,
    place(`community ${dispute.communityCode}`, 'community', dispute.communityCode, dispute.communityCode, ['Community', 'DisputeCase', 'DisputeEvent']),
    place(`street ${dispute.streetCode}`, 'street', dispute.streetCode, dispute.communityCode, ['Street']),
    place(`school ${family.schoolCode}`, 'school', family.schoolCode, homeOf(guardian), ['School']),
    place(`employer ${employer}`, 'employer', employer, homeOf(guardian), ['Employer']),
    {
      name: `registered child ${vaccinated.childId}`,
      entry: 'registeredChild',
      args: { id: vaccinated.childId },
      community: vaccinated.communityCode,
      holds: ['RegisteredChild', 'VaccinationRecord', 'VaccinationDue'],
      record: byId.get(vaccinated.childId),
    },
    // A community with a child awaiting a school place, entered for its waiting list.
    place(`community ${waiting.communityCode}`, 'community', waiting.communityCode, waiting.communityCode, ['SchoolApplication']),
    // The child's community and district, whose follow-up lists have the child.
    place(`community ${vaccinated.communityCode}`, 'community', vaccinated.communityCode, vaccinated.communityCode, ['Community']),
    place(`district ${vaccinated.communityCode.slice(0, 6)}`, 'district', vaccinated.communityCode.slice(0, 6), vaccinated.communityCode, ['District']),
  ];
  const subjectOf = (id: string) => all.find((subject) => subject.args.id === id)!;
  return { all, applicant: subjectOf(relief.personId), party: subjectOf(partyId) };
}

/** A community in another district than `community`, so that no geography filter on its places contains it. */
function otherCommunity(community: string): string {
  return testPopulation()
    .map(homeOf)
    .find((code) => code.slice(0, 6) !== community.slice(0, 6))!;
}

function callerFor(column: AccessColumn, community: string): Caller {
  if (!column.community) return { role: column.role, purpose: column.purpose };
  return { role: column.role, purpose: column.purpose, community: column.community === 'own' ? community : otherCommunity(community) };
}

/** Values for the arguments of entry points and filters, from the subject they are about. */
function argumentValue(name: string, subject: Subject): unknown {
  const person = subject.record as SyntheticPerson | undefined;
  const community = subject.community;
  const values: Record<string, () => unknown> = {
    id: () => subject.args.id,
    code: () => subject.args.code,
    ids: () => (person ? [person.id] : undefined),
    districtCode: () => community.slice(0, 6),
    streetCode: () => community.slice(0, 9),
    communityCode: () => community,
    ethnicityCode: () => person?.ethnicityCode,
    originRegionCode: () => person?.originRegionCode,
    arrivedFrom: () => person?.arrivalDate,
    arrivedTo: () => person?.arrivalDate,
    permitStatus: () => (person ? (latestPermitStatus(person) ?? undefined) : undefined),
    permitExpiresWithin: () => 366,
    openOnly: () => true,
    openLongerThanDays: () => 1,
    activeOnly: () => true,
  };
  return values[name]?.();
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations: an input every field of which is well-formed and names nothing real.

function placeholder(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return placeholder(type.ofType);
  if (isListType(type)) return [];
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return Object.fromEntries(required.map((field) => [field.name, placeholder(field.type)]));
  }
  if (isEnumType(type)) return type.getValues()[0].name;
  const values: Record<string, unknown> = { ID: '0', String: '', Int: 1, Float: 1, Boolean: false, Date: '2020-01-01', Money: '1.00' };
  if (!(type.name in values)) throw new Error(`no placeholder for scalar ${type.name}`);
  return values[type.name];
}

function mutationCall(schema: GraphQLSchema, name: string): { query: string; variables: Record<string, unknown> } {
  const field = schema.getMutationType()!.getFields()[name];
  const definitions = field.args.map((arg) => `$${arg.name}: ${arg.type}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `mutation AccessMatrix(${definitions}) { ${name}(${args})${selection} }`,
    variables: Object.fromEntries(field.args.map((arg) => [arg.name, placeholder(arg.type)])),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Running every cell.

/** How one probe of a row is asked: through the gateway, or of a subgraph directly; with which request. */
interface Asked {
  probe: Probe;
  /** Per column: the response key of each step and the answer. */
  answers: { keys: string[]; response: GraphQLResponse }[];
}

interface Run {
  probes: Map<string, Asked[]>;
  mutations: Map<string, GraphQLResponse[]>;
  entities: Map<string, { subject: Subject; responses: GraphQLResponse[] }[]>;
  codeRows: Map<string, AccessRow>;
}

let federation: TestFederation;
let run: Run;
const supergraph = loadSupergraph();
// The gateway's limits (as it reads them from the environment at start), with room for what the token count here misses.
const gatewayLimits = queryLimitsOf(loadSettings());
const LIMITS = { aliases: gatewayLimits.aliases, tokens: Math.floor(gatewayLimits.tokens * 0.8) };

async function ask(bureau: string | undefined, query: string, variables: Record<string, unknown>, caller: Caller): Promise<GraphQLResponse> {
  if (!bureau) return federation.query(query, variables, caller);
  return postGraphQL(federation.subgraphs[bureau].url, query, variables, await callerHeaders(federation.signingKey, caller));
}

/** Runs `tasks` a few at a time. */
async function inTurn(tasks: (() => Promise<void>)[], parallel = 4): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < tasks.length) await tasks[next++]();
    }),
  );
}

/** Events recorded by an official on the subjects' relief and dispute files: seeded events name nobody. */
async function recordEvents(subjects: Subjects): Promise<void> {
  const day = today();
  const relief = await federation.query(
    'mutation Apply($input: ApplyForReliefInput!) { applyForRelief(input: $input) { id } }',
    {
      input: {
        personId: subjects.applicant.args.id,
        kind: 'TEMPORARY_HARDSHIP',
        communityCode: subjects.applicant.community,
        appliedOn: day,
        amountRequested: '100.00',
      },
    },
    { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' },
  );
  // Found two days ago, so that the party's open dispute is also on the lists of those open longer than a day.
  const dispute = await federation.query(
    'mutation Open($input: OpenDisputeInput!) { openDispute(input: $input) { caseNumber } }',
    { input: { kind: 'NEIGHBOURHOOD', communityCode: subjects.party.community, foundOn: addDays(day, -2), partyIds: [subjects.party.args.id] } },
    { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'dispute-mediation' },
  );
  expect([relief.errors, dispute.errors]).toEqual([undefined, undefined]);
}

/** A read of the subjects in every bureau, so that their access logs have records whichever column runs first. */
async function readSubjects(subjects: Subjects): Promise<void> {
  for (const subject of subjects.all.filter((s) => s.entry === 'person')) {
    const read = await federation.query(
      'query Read($id: ID!) { person(id: $id) { name reliefCases { id } schoolEnrolments { id } employments { id } } }',
      { id: subject.args.id },
      { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' },
    );
    expect(read.errors).toBeUndefined();
  }
}

const entryTypeOf = (subject: Subject) => getNamedType(supergraph.getQueryType()!.getFields()[subject.entry].type).name;

async function runMatrix(): Promise<Run> {
  const subjects = chooseSubjects();
  await recordEvents(subjects);
  await readSubjects(subjects);
  const { rows: codeRows } = await accessMatrix(BUREAUS);
  const codeRowsByName = new Map(codeRows.map((row) => [row.name, row]));
  const hasRow = (name: string) => rowsByName.has(name);
  const entryTypes = new Set(subjects.all.map(entryTypeOf));
  const gatewayOptions: ProbeOptions = { schema: supergraph, hasRow, argumentValue, entryTypes };
  const subgraphOptions = new Map(BUREAUS.map((bureau) => [bureau.name, { ...gatewayOptions, schema: buildFederatedSchema(bureau) }]));

  const probes = new Map<string, Probe[]>();
  const mutations: string[] = [];
  const entities: string[] = [];
  for (const row of matrix.rows) {
    const coordinate = codeRowsByName.get(row.name)?.coordinate;
    if (!coordinate) continue;
    if (coordinate.kind === 'mutation') mutations.push(row.name);
    else if (coordinate.kind === 'entity') entities.push(row.name);
    else {
      // A restricted row is probed on the subjects its restriction applies to, the other row on the others.
      const restriction = coordinate.grant?.restriction;
      const restricted = codeRowsByName.get(row.name)!.restricted;
      const candidates = subjects.all.filter((subject) => !restriction || (subject.record !== undefined && restriction.applies(subject.record) === restricted));
      const field = (supergraph.getType(coordinate.typeName) as GraphQLObjectType | undefined)?.getFields()[coordinate.fieldName];
      const hidden = !field || isInaccessible(field);
      const options = hidden ? subgraphOptions.get(coordinate.bureau)! : gatewayOptions;
      probes.set(row.name, probesFor(options, { ...coordinate, name: row.name }, candidates, hidden ? coordinate.bureau : undefined));
    }
  }

  // Every probe, in every column, grouped by where it is asked and by whom.
  const asked = new Map<Probe, Asked>();
  const groups = new Map<string, { bureau?: string; column: number; caller: Caller; probes: Probe[] }>();
  for (const probe of [...probes.values()].flat()) {
    asked.set(probe, { probe, answers: [] });
    ACCESS_COLUMNS.forEach((column, index) => {
      const caller = callerFor(column, probe.subject.community);
      const key = `${probe.bureau ?? 'gateway'} ${index} ${caller.community ?? ''}`;
      if (!groups.has(key)) groups.set(key, { bureau: probe.bureau, column: index, caller, probes: [] });
      groups.get(key)!.probes.push(probe);
    });
  }
  const reads = [...groups.values()].flatMap((group) =>
    probeRequests(group.probes, LIMITS).map((request) => async () => {
      const response = await ask(group.bureau, request.query, {}, group.caller);
      for (const [probe, keys] of request.probes) asked.get(probe)!.answers[group.column] = { keys, response };
    }),
  );

  // Mutations are not scoped by the grant (their resolvers scope them): any community will do for own.
  const mutationAnswers = new Map<string, GraphQLResponse[]>(mutations.map((name) => [name, []]));
  const home = subjects.all[0].community;
  const calls = mutations.flatMap((name) =>
    ACCESS_COLUMNS.map((column, index) => async () => {
      const { query, variables } = mutationCall(supergraph, name.slice('Mutation.'.length));
      mutationAnswers.get(name)![index] = await federation.query(query, variables, callerFor(column, home));
    }),
  );

  const entityAnswers = new Map<string, { subject: Subject; responses: GraphQLResponse[] }[]>();
  const lookups = entities.flatMap((name) => {
    const coordinate = codeRowsByName.get(name)!.coordinate;
    // Subjects entered as this entity: their entry point's arguments are its key.
    const holders = subjects.all.filter((subject) => subject.holds.includes(coordinate.typeName) && entryTypeOf(subject) === coordinate.typeName);
    entityAnswers.set(
      name,
      holders.map((subject) => ({ subject, responses: [] })),
    );
    return entityAnswers.get(name)!.flatMap((entry) =>
      ACCESS_COLUMNS.map((column, index) => async () => {
        entry.responses[index] = await ask(
          coordinate.bureau,
          `query AccessMatrix($r: [_Any!]!) { _entities(representations: $r) { ... on ${coordinate.typeName} { __typename } } }`,
          { r: [{ __typename: coordinate.typeName, ...entry.subject.args }] },
          callerFor(column, entry.subject.community),
        );
      }),
    );
  });

  await inTurn([...reads, ...calls, ...lookups]);
  return {
    probes: new Map([...probes].map(([name, list]) => [name, list.map((probe) => asked.get(probe)!)])),
    mutations: mutationAnswers,
    entities: entityAnswers,
    codeRows: codeRowsByName,
  };
}

beforeAll(async () => {
  federation = await startTestFederation();
});

beforeAll(async () => {
  run = await runMatrix();
}, 300_000);

afterAll(async () => {
  await federation?.stop();
});

// ---------------------------------------------------------------------------------------------------------------

describe('the access matrix is the one the grants in the code give', () => {
  it('is what `npm run schema:compose` writes from the code', async () => {
    const { document } = await accessMatrix(BUREAUS);
    expect(fs.readFileSync(MATRIX_FILE, 'utf8') === document ? 'up to date' : 'stale: run `npm run schema:compose`').toBe('up to date');
  });

  it('has a column for every role and each purpose it may declare, a community worker’s for their own community and another', () => {
    const expected = ROLES.flatMap((role) =>
      ROLE_PURPOSES[role].flatMap((purpose) => (role === 'COMMUNITY_WORKER' ? [`${role} ${purpose} own`, `${role} ${purpose} other`] : [`${role} ${purpose}`])),
    );
    const found = matrix.columns.map((label) => {
      const [role, purpose, community] = label.split('<br>');
      return [role.toUpperCase().replace(/-/g, '_'), purpose, community?.split(' ')[0]].filter(Boolean).join(' ');
    });
    expect(found).toEqual(expected);
    expect(ACCESS_COLUMNS.map((column) => column.label)).toEqual(matrix.columns);
  });

  it('has a row for every coordinate a personal grant guards in any bureau, and none for anything else', async () => {
    const { rows } = await accessMatrix(BUREAUS);
    const inFile = new Set(matrix.rows.map((row) => row.name));
    expect(rows.filter((row) => !inFile.has(row.name)).map((row) => `${row.coordinate.bureau}: ${row.name} has no row`)).toEqual([]);
    const inCode = new Set(rows.map((row) => row.name));
    expect(matrix.rows.filter((row) => !inCode.has(row.name)).map((row) => `${row.bureau}: ${row.name} is not a coordinate of the code`)).toEqual([]);
  });

  it('knows the grant of every field of the composed graph, each in the bureau that resolves it', async () => {
    const declared = new Map<string, Set<string>>();
    for (const bureau of BUREAUS) {
      const fields = await declaredGrants(bureau);
      declared.set(bureau.name.toUpperCase().replace(/-/g, '_'), new Set(fields.map((field) => `${field.typeName}.${field.fieldName}`)));
    }
    const unknown: string[] = [];
    for (const type of Object.values(supergraph.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.keys(type.getFields())) {
        for (const graph of fieldGraphs(type, field)) if (!declared.get(graph)?.has(`${type.name}.${field}`)) unknown.push(`${graph}: ${type.name}.${field}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('has a row for every argument of the composed graph that selects persons or their records (paging aside)', () => {
    const personal = new Set(BUREAUS.flatMap((bureau) => Object.keys(bureau.access.personOf ?? {})));
    const found: string[] = [];
    for (const type of Object.values(supergraph.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type === supergraph.getMutationType()) continue;
      for (const field of Object.values(type.getFields())) {
        if (!personal.has(recordTypeOf(field.type))) continue;
        for (const arg of field.args.filter((a) => !['first', 'after'].includes(a.name))) {
          const named = getNamedType(arg.type);
          const paths = isInputObjectType(named) ? Object.keys(named.getFields()).map((name) => `${arg.name}.${name}`) : [arg.name];
          for (const argumentPath of paths) found.push(`${type.name}.${field.name}(${argumentPath})`);
        }
      }
    }
    expect(found.filter((argument) => !rowsByName.has(argument))).toEqual([]);
  });
});

/** The record type a field returns: its named type, or the node type of a connection. */
function recordTypeOf(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  const edges = isObjectType(named) ? named.getFields().edges : undefined;
  if (!edges) return named.name;
  return getNamedType((getNamedType(edges.type) as GraphQLObjectType).getFields().node.type).name;
}

const allows = (column: number) => (row: string) => rowsByName.get(row)?.cells[column] !== 'deny';

/** Failures of a field or argument row, column by column. */
function readFailures(name: string): string[] {
  const asked = run.probes.get(name) ?? [];
  if (asked.length === 0) return [`no probe reaches ${name}: give a subject that holds its type`];
  const failures: string[] = [];
  let valueSeen = false;
  const cells = rowsByName.get(name)!.cells;
  cells.forEach((cell, column) => {
    const label = ACCESS_COLUMNS[column].label.replace(/<br>/g, ' ');
    let shown = false;
    for (const { probe, answers } of asked) {
      const { keys, response } = answers[column];
      const outcome = checkProbe(probe, keys, response, allows(column));
      const where = `${label}, ${probe.subject.name}, ${probe.steps.map((step) => step.field.name).join('.')}`;
      failures.push(...outcome.problems.map((problem) => `${where}: ${problem}`));
      if (outcome.vacant) continue;
      // An allowed cell is shown by a probe open all the way; a refused one by any probe that reached a refusal.
      const open = outcome.refusedAt === -1;
      if (cell === 'deny' || open) shown = true;
      if (!open) continue;
      valueSeen ||= outcome.values.some(isValue);
      if (cell === 'full' || cell === 'masked') {
        // The subject's own value, in full or as public security masks it (the graph's one masked field).
        const value = probe.subject.record?.[probe.steps[probe.steps.length - 1].field.name];
        const expected = cell === 'full' ? value : maskIdCardNumber(value);
        if (outcome.values.some((value) => value !== expected)) failures.push(`${where}: ${JSON.stringify(outcome.values)}, expected ${cell} ${expected}`);
      }
    }
    if (!shown) failures.push(`${label}: no probe shows the cell (${cell})`);
  });
  if (!valueSeen && cells.some((cell) => cell !== 'deny')) failures.push(`no allowed column read a value of ${name}: choose a subject whose record has one`);
  return failures;
}

function mutationFailures(name: string): string[] {
  const failures: string[] = [];
  rowsByName.get(name)!.cells.forEach((cell, column) => {
    const label = ACCESS_COLUMNS[column].label.replace(/<br>/g, ' ');
    const response = run.mutations.get(name)![column];
    const codes = (response.errors ?? []).map((error) => String(error.extensions?.code));
    if (cell === 'deny' && !(codes.length === 1 && codes[0] === 'FORBIDDEN')) failures.push(`${label}: expected FORBIDDEN, got ${JSON.stringify(codes)}`);
    if (cell !== 'deny' && (codes.length === 0 || codes.includes('FORBIDDEN')))
      failures.push(`${label}: expected a refusal of the input, got ${JSON.stringify(codes)}`);
    if (response.data !== null && response.data !== undefined) failures.push(`${label}: wrote ${JSON.stringify(response.data)}`);
  });
  return failures;
}

function entityFailures(name: string): string[] {
  const lookups = run.entities.get(name)!;
  if (lookups.length === 0) return [`no subject holds ${name}`];
  const failures: string[] = [];
  for (const { subject, responses } of lookups) {
    rowsByName.get(name)!.cells.forEach((cell, column) => {
      const label = `${ACCESS_COLUMNS[column].label.replace(/<br>/g, ' ')}, ${subject.name}`;
      const { data, errors } = responses[column];
      const entity = (data as { _entities?: unknown[] } | undefined)?._entities?.[0] ?? null;
      const codes = (errors ?? []).filter((error) => (error.path ?? []).join('.') === '_entities.0').map((error) => error.extensions?.code);
      if (cell === 'deny' && (entity !== null || !codes.includes('FORBIDDEN')))
        failures.push(`${label}: expected null with FORBIDDEN, got ${JSON.stringify({ entity, codes })}`);
      if (cell !== 'deny' && (entity === null || errors !== undefined))
        failures.push(`${label}: expected the entity, got ${JSON.stringify({ entity, errors })}`);
    });
  }
  return failures;
}

describe('every cell, through the federation', () => {
  it.each(matrix.rows.map((row) => [row.bureau, row.name] as const))('%s: %s', (_bureau, name) => {
    const row = run.codeRows.get(name);
    if (!row) throw new Error(`${name} is not a coordinate of the code`);
    const failures = row.coordinate.kind === 'mutation' ? mutationFailures(name) : row.coordinate.kind === 'entity' ? entityFailures(name) : readFailures(name);
    expect(failures).toEqual([]);
  });
});
