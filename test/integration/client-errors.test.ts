import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { encodeCursor } from '../../subgraphs/kit/pagination';
import { repoRoot } from '../../subgraphs/kit/paths';
import { Caller, callerHeaders, CASEWORKER, REGISTRY_OFFICER, startTestFederation, TestFederation } from '../support/federation';

// Every client error is a 4xx (or, once the operation ran, an error in the answer) with extensions.code, never a
// 5xx, a stack trace or a file path.

let federation: TestFederation;
const supergraph = buildSchema(fs.readFileSync(path.join(repoRoot(), 'schema/supergraph.graphql'), 'utf8'));

beforeAll(async () => {
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

/** A stack frame or a path on this machine: nothing a response may show. */
const LEAK = /\/work\/|node_modules|\n\s+at |\bat [\w.<>]+ \(|\.[jt]s:\d+/;

interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
}

/** POSTs `body` as it is to `url`, signed by a caseworker, and reads the answer whatever it is. */
async function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<RawResponse> {
  const response = await fetch(url, { method: 'POST', headers: { ...(await callerHeaders(federation.signingKey, CASEWORKER)), ...headers }, body });
  const text = await response.text();
  let parsed: RawResponse['body'];
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: parsed };
}

/** The gateway and every subgraph, each reached directly. */
const endpoints = () => [
  ['gateway', federation.gatewayUrl] as const,
  ...Object.entries(federation.subgraphs).map(([name, subgraph]) => [name, subgraph.url] as const),
];

const DISTRICTS = '{ districts { name } }';

describe('requests refused before GraphQL runs, at the gateway and at every subgraph', () => {
  const malformed: [string, number, () => { body: string; headers?: Record<string, string> }][] = [
    ['malformed JSON', 400, () => ({ body: '{"query": ' })],
    ['a JSON body that is not an object', 400, () => ({ body: 'null' })],
    ['an empty body', 400, () => ({ body: '' })],
    ['a JSON array (batch)', 400, () => ({ body: JSON.stringify([{ query: DISTRICTS }, { query: DISTRICTS }]) })],
    ['a wrong content type', 415, () => ({ body: `query=${DISTRICTS}`, headers: { 'content-type': 'text/plain' } })],
    ['a charset other than UTF-8', 415, () => ({ body: JSON.stringify({ query: DISTRICTS }), headers: { 'content-type': 'application/json; charset=latin1' } })],
    ['an unknown content encoding', 415, () => ({ body: JSON.stringify({ query: DISTRICTS }), headers: { 'content-type': 'application/json', 'content-encoding': 'compress' } })],
    ['an oversized body', 413, () => ({ body: JSON.stringify({ query: `${DISTRICTS}${' '.repeat(1_100_000)}` }) })],
  ];

  it.each(malformed)('answers %s with a JSON error, its 4xx status and a code', async (_name, status, request) => {
    for (const [endpoint, url] of endpoints()) {
      const { body, headers } = request();
      const response = await post(url, body, headers);
      expect({ endpoint, status: response.status, json: response.contentType.startsWith('application/json') }).toEqual({ endpoint, status, json: true });
      expect(response.body?.errors?.[0]).toEqual({ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } });
      expect(response.text).not.toMatch(LEAK);
    }
  });
});

describe('documents the gateway cannot run', () => {
  const refused: [string, string, () => Record<string, unknown>][] = [
    ['a syntax error', 'GRAPHQL_PARSE_FAILED', () => ({ query: '{ districts { name ' })],
    ['more tokens than MAX_QUERY_TOKENS', 'GRAPHQL_PARSE_FAILED', () => ({ query: `{ ${'districts { name } '.repeat(1000)} }` })],
    ['two operations and no operationName', 'OPERATION_RESOLUTION_FAILURE', () => ({ query: `query A ${DISTRICTS} query B { districts { code } }` })],
    ['an operationName the document does not have', 'OPERATION_RESOLUTION_FAILURE', () => ({ query: `query A ${DISTRICTS}`, operationName: 'B' })],
    ['a persisted query whose sha256Hash does not match', 'BAD_REQUEST', () => ({ query: DISTRICTS, extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } })],
    ['an unknown persisted-query version', 'BAD_REQUEST', () => ({ query: DISTRICTS, extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } })],
  ];

  it.each(refused)('answers %s with HTTP 400 and %s', async (_name, code, body) => {
    const response = await post(federation.gatewayUrl, JSON.stringify(body()));
    expect({ status: response.status, code: response.body?.errors?.[0].extensions?.code }).toEqual({ status: 400, code });
    expect(response.text).not.toMatch(LEAK);
  });

  it('answers a subscription (the graph has none) with HTTP 400 and GRAPHQL_VALIDATION_FAILED, at the gateway and every subgraph', async () => {
    for (const [endpoint, url] of endpoints()) {
      const response = await post(url, JSON.stringify({ query: 'subscription { districts { name } }' }));
      expect({ endpoint, status: response.status, code: response.body?.errors?.[0].extensions?.code }).toEqual({ endpoint, status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    }
  });

  it('still runs a persisted query whose hash matches', async () => {
    const sha256Hash = createHash('sha256').update(DISTRICTS).digest('hex');
    const response = await post(federation.gatewayUrl, JSON.stringify({ query: DISTRICTS, extensions: { persistedQuery: { version: 1, sha256Hash } } }));
    expect(response.status).toBe(200);
    expect(response.body?.errors).toBeUndefined();
  });
});

const MEDIATOR: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'dispute-mediation' };
const ENROLMENT_OFFICER: Caller = { role: 'SCHOOL_ENROLMENT_OFFICER', purpose: 'school-enrolment' };
const EMPLOYMENT_CASEWORKER: Caller = { role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service' };

/** The first value of the first row of `sql` in a bureau's database. */
async function firstValue(bureau: string, sql: string): Promise<string> {
  const [row] = await federation.subgraphs[bureau].database.dataSource.query(sql);
  return String(Object.values(row)[0]);
}

const tablesOf = new Map<string, string[]>();

/** Row counts of every table in every bureau's database, read straight from the databases. */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await Promise.all(
    Object.entries(federation.subgraphs).map(async ([bureau, { database }]) => {
      if (!tablesOf.has(bureau)) {
        const rows: { name: string }[] = await database.dataSource.query(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
        );
        tablesOf.set(bureau, rows.map((row) => row.name));
      }
      const tables = tablesOf.get(bureau)!;
      const [row] = await database.dataSource.query(`SELECT ${tables.map((table, i) => `(SELECT count(*) FROM "${table}") AS t${i}`).join(', ')}`);
      tables.forEach((table, i) => (counts[`${bureau}.${table}`] = Number(row[`t${i}`])));
    }),
  );
  return counts;
}

describe('concurrent requests', () => {
  it('keep their statements apart on one bureau database, embedded too', async () => {
    // Statements with different numbers of parameters, many at once: a dispute page, a community, its district.
    const codes = (await firstValue('civil-affairs', `SELECT string_agg(code, ',') FROM community`)).split(',').slice(0, 30);
    const results = await Promise.all(
      codes.flatMap((code) => [
        federation.query('query ($code: ID!) { community(code: $code) { disputes(first: 5, openOnly: true) { totalCount edges { node { caseNumber } } } } }', { code }, MEDIATOR),
        federation.query('query ($code: ID!) { community(code: $code) { name street { name } } }', { code }),
        federation.query('query ($code: ID!) { district(code: $code) { name } }', { code: code.slice(0, 6) }),
      ]),
    );
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);
  });
});

describe('inputs at fault: BAD_USER_INPUT naming the field, and nothing written', () => {
  let known: Record<'person' | 'community' | 'street' | 'reliefCase' | 'school' | 'employer' | 'openDispute', string>;

  beforeAll(async () => {
    known = {
      person: await firstValue('public-security', 'SELECT id FROM person ORDER BY id LIMIT 1'),
      community: await firstValue('civil-affairs', 'SELECT code FROM community ORDER BY code LIMIT 1'),
      street: await firstValue('civil-affairs', 'SELECT street_code FROM dispute_case ORDER BY id LIMIT 1'),
      reliefCase: await firstValue('civil-affairs', `SELECT id FROM relief_case WHERE status = 'PENDING' ORDER BY id LIMIT 1`),
      school: await firstValue('education', 'SELECT code FROM school ORDER BY code LIMIT 1'),
      employer: await firstValue('human-resources', 'SELECT code FROM employer ORDER BY code LIMIT 1'),
      openDispute: await firstValue('civil-affairs', `SELECT case_number FROM dispute_case WHERE status = 'OPEN' ORDER BY id LIMIT 1`),
    };
  });

  const job = (overrides: Record<string, unknown>) => ({
    personId: 'PNEWWORKER3', employerCode: known.employer, jobTitle: '焊工', startDate: '2025-03-01', monthlyWage: '4200',
    weeklyHours: 40, contractSigned: false, communityCode: known.community, ...overrides,
  });
  const relief = (overrides: Record<string, unknown>) => ({
    personId: known.person, kind: 'TEMPORARY_HARDSHIP', communityCode: known.community, appliedOn: '2025-03-01', amountRequested: '800', ...overrides,
  });
  const tooLongId = 'P1234567890123456';

  const cases: [string, Caller, string, () => Record<string, unknown>, string][] = [
    ['a relief case id beyond integer', CASEWORKER, 'decideRelief(input: $input) { __typename }', () => ({ caseId: '99999999999', approve: false, decidedOn: '2025-03-02' }), 'input.caseId'],
    ['a relief case id written 1e30', CASEWORKER, 'payRelief(input: $input) { __typename }', () => ({ caseId: '1e30', paidOn: '2025-03-02' }), 'input.caseId'],
    ['an employment id written 1e30', EMPLOYMENT_CASEWORKER, 'endEmployment(input: $input) { __typename }', () => ({ employmentId: '1e30', endDate: '2025-03-02' }), 'input.employmentId'],
    ['a training id beyond integer', EMPLOYMENT_CASEWORKER, 'completeTraining(input: $input) { __typename }', () => ({ trainingId: '99999999999' }), 'input.trainingId'],
    ['a labour dispute id beyond integer', EMPLOYMENT_CASEWORKER, 'closeLabourDispute(input: $input) { __typename }', () => ({ disputeId: '2147483648', closedOn: '2025-03-02', amountRecovered: '0' }), 'input.disputeId'],
    ['a 17-character person id for a new worker', EMPLOYMENT_CASEWORKER, 'recordEmployment(input: $input) { __typename }', () => job({ personId: tooLongId }), 'input.personId'],
    ['a 17-character person id for relief', CASEWORKER, 'applyForRelief(input: $input) { __typename }', () => relief({ personId: tooLongId }), 'input.personId'],
    ['a 17-character child id', ENROLMENT_OFFICER, 'enrolChild(input: $input) { __typename }', () => ({
      childId: tooLongId, guardianId: known.person, childBirthDate: '2018-05-01', homeCommunityCode: known.community, schoolCode: known.school,
      grade: 1, enrolledOn: '2025-09-01', feesEqualToLocal: true,
    }), 'input.childId'],
    ['a 17-character person id for a permit', REGISTRY_OFFICER, 'issueResidencePermit(input: $input) { __typename }', () => ({ personId: tooLongId, issuedOn: '2025-03-01', validUntil: '2026-03-01' }), 'input.personId'],
    ['a party id with a NUL byte', MEDIATOR, 'openDispute(input: $input) { __typename }', () => ({ kind: 'TENANCY', communityCode: known.community, foundOn: '2025-03-01', partyIds: [known.person, 'P\u000012345678'] }), 'input.partyIds[1]'],
    ['a case number too long for its column', MEDIATOR, 'closeDispute(input: $input) { __typename }', () => ({ caseNumber: `${known.openDispute}-0000000`, on: '2025-03-02' }), 'input.caseNumber'],
    ['a permit number with a NUL byte', REGISTRY_OFFICER, 'renewResidencePermit(input: $input) { __typename }', () => ({ permitNumber: '640104\u0000', renewedOn: '2025-03-01', validUntil: '2026-03-01' }), 'input.permitNumber'],
    ['an amount with 11 digits before the point', CASEWORKER, 'applyForRelief(input: $input) { __typename }', () => relief({ amountRequested: '12345678901.00' }), 'input.amountRequested'],
    ['an amount with 12 digits before the point', EMPLOYMENT_CASEWORKER, 'fileLabourDispute(input: $input) { __typename }', () => ({ personId: known.person, employerCode: known.employer, kind: 'UNPAID_WAGES', filedOn: '2025-03-01', amountClaimed: '123456789012' }), 'input.amountClaimed'],
    ['a monthly wage beyond its column', EMPLOYMENT_CASEWORKER, 'recordEmployment(input: $input) { __typename }', () => job({ monthlyWage: '123456789.00' }), 'input.monthlyWage'],
    ['a NUL byte in an address', REGISTRY_OFFICER, 'recordMove(input: $input) { __typename }', () => ({ personId: known.person, communityCode: known.community, address: '丽景路\u000017号', movedOn: '2025-03-01' }), 'input.address'],
    ['a control character in a name', REGISTRY_OFFICER, 'registerPerson(input: $input) { __typename }', () => ({
      familyName: '马\u0007', givenName: '小红', sex: 'FEMALE', birthDate: '1990-05-17', ethnicityCode: '03', originRegionCode: '622900',
      idCardNumber: '620000199005170020', arrivalDate: '2024-03-01', residence: { communityCode: known.community, address: '丽景路 17号' },
    }), 'input.familyName'],
    ['a NUL byte in a course', EMPLOYMENT_CASEWORKER, 'registerTraining(input: $input) { __typename }', () => ({ personId: known.person, course: '焊\u0000工', kind: 'VOCATIONAL_SKILL', provider: '培训中心', startDate: '2025-03-01', endDate: '2025-04-01' }), 'input.course'],
    ['a NUL byte in a mediated outcome', MEDIATOR, 'recordMediation(input: $input) { __typename }', () => ({ caseNumber: known.openDispute, on: '2025-12-01', outcome: '和解\u0000' }), 'input.outcome'],
    ['a NUL byte in customs to respect', CASEWORKER, 'applyForRelief(input: $input) { __typename }', () => relief({ customsAccommodation: '清真\u0000' }), 'input.customsAccommodation'],
  ];

  it.each(cases)('refuses %s', async (_name, caller, selection, input, field) => {
    const mutationName = selection.slice(0, selection.indexOf('('));
    const inputType = supergraph.getMutationType()!.getFields()[mutationName].args[0].type;
    const before = await rowCounts();
    const result = await federation.query(`mutation ($input: ${inputType}) { ${selection} }`, { input: input() }, caller);
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.data?.[mutationName] ?? null).toBeNull();
    expect(await rowCounts()).toEqual(before);
  });

  const lookups: [string, Caller, string, () => Record<string, unknown>, string][] = [
    ['a person id with a NUL byte', CASEWORKER, 'query ($v: ID!) { person(id: $v) { __typename } }', () => ({ v: 'P\u0000000000000' }), 'id'],
    ['a district code written 1e30', CASEWORKER, 'query ($v: ID!) { district(code: $v) { __typename } }', () => ({ v: '1e30' }), 'code'],
    ['a 17-character id in a persons filter', CASEWORKER, 'query ($v: [ID!]) { persons(filter: { ids: $v }) { totalCount } }', () => ({ v: [known.person, tooLongId] }), 'filter.ids[1]'],
    ['a dispute cursor whose key is 1e30', MEDIATOR, 'query ($v: String) { street(code: "STREET") { disputes(after: $v) { totalCount } } }', () => ({ v: encodeCursor('dispute', '1e30') }), 'after'],
    ['a persons cursor whose key has a NUL byte', CASEWORKER, 'query ($v: String) { persons(after: $v) { totalCount } }', () => ({ v: encodeCursor('person', 'P\u0000') }), 'after'],
    ['a null page size where the argument has a default', CASEWORKER, 'query ($v: Int) { persons(first: $v) { totalCount } }', () => ({ v: null }), 'first'],
    ['an employees cursor beyond integer', EMPLOYMENT_CASEWORKER, 'query ($v: String) { employer(code: "EMPLOYER") { employees(after: $v) { totalCount } } }', () => ({ v: encodeCursor('employment', '99999999999') }), 'after'],
  ];

  it.each(lookups)('refuses %s in a query', async (_name, caller, query, variables, field) => {
    const result = await federation.query(query.replace('STREET', known.street).replace('EMPLOYER', known.employer), variables(), caller);
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
  });

  it('records two first jobs of a new worker at the same moment: both, and the worker once', async () => {
    const before = await rowCounts();
    // A transaction of the test's own holds an uncommitted registration of the worker: both jobs find no worker and
    // wait on its key; when it rolls back they race to register them (on a server; embedded runs them one by one).
    const holder = federation.subgraphs['human-resources'].database.dataSource.createQueryRunner();
    await holder.startTransaction();
    await holder.query(`INSERT INTO worker (person_id, community_code, district_code, registered_on) VALUES ('PNEWWORKER4', $1, $2, '2025-01-01')`, [known.community, known.community.slice(0, 6)]);
    const recorded = Promise.all(
      ['焊工', '电工'].map((jobTitle) =>
        federation.query('mutation ($input: RecordEmploymentInput!) { recordEmployment(input: $input) { jobTitle } }', { input: job({ personId: 'PNEWWORKER4', jobTitle }) }, EMPLOYMENT_CASEWORKER),
      ),
    );
    for (let waited = 0; waited < 5000; waited += 50) {
      if (!process.env.TEST_DATABASE_URL && waited >= 200) break;
      await holder.query('SELECT pg_stat_clear_snapshot()');
      const [{ waiting }] = await holder.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      if (waiting >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await holder.rollbackTransaction();
    await holder.release();
    const results = await recorded;
    expect(results.map((result) => result.errors ?? result.data.recordEmployment.jobTitle)).toEqual(['焊工', '电工']);
    const after = await rowCounts();
    expect(after['human-resources.worker']).toBe(before['human-resources.worker'] + 1);
    expect(after['human-resources.employment']).toBe(before['human-resources.employment'] + 2);
  });
});
