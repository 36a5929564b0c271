import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, GraphQLObjectType, isObjectType } from 'graphql';
import { encodeCursor } from '../../subgraphs/kit/pagination';
import { isCommunityScoped, ROLE_PURPOSES, ROLES } from '../../subgraphs/kit/auth/roles';
import { repoRoot } from '../../subgraphs/kit/paths';
import { idCardCheckCharacter } from '../../subgraphs/kit/idcard';
import { Random } from '../../subgraphs/kit/random';
import { Caller, callerHeaders, CASEWORKER, REGISTRY_OFFICER, startTestFederation, TestFederation } from '../support/federation';
import { FuzzMode, FuzzTarget, fuzzRequest, fuzzTargets, GoodValue, InputFuzzer } from '../support/schema-fuzz';

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

/** A stack trace, a stack frame (raw or JSON-escaped), a path on this machine or an HTML page: nothing a response may show. */
const LEAK = /\/work\/|node_modules|stacktrace|\n\s+at |\\n\s+at |\bat [\w.<>]+ \(|\.[jt]s:\d+|<html/;

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

/** Paths no service serves (the GraphQL endpoint is /graphql itself, not what lies under it). */
const UNKNOWN_PATHS: [string, string][] = [
  ['GET', '/nope'],
  ['POST', '/nope'],
  ['POST', '/graphql/x'],
  ['GET', '/graphql/x'],
  ['POST', '/'],
  ['DELETE', '/'],
  ['PUT', '/nope'],
  ['GET', '/health/x'],
  ['GET', '/%E0%A4%A'],
];

const DISTRICTS = '{ districts { name } }';
/** A read of personal data: it writes an audit record. */
const PERSONAL_READ = '{ persons(first: 1) { edges { node { name } } } }';

describe('operations that ran but were refused whole', () => {
  const APPLY = 'mutation ($input: ApplyForReliefInput!) { applyForRelief(input: $input) { id } }';
  const badApplication = { personId: 'P0000000000', kind: 'STRANDED_PERSON', communityCode: '640104001001', appliedOn: '2999-01-01', amountRequested: '600' };

  it('answers a refused mutation with 400, its code and field, at the gateway and at the bureau', async () => {
    for (const url of [federation.gatewayUrl, federation.subgraphs['civil-affairs'].url]) {
      const response = await post(url, JSON.stringify({ query: APPLY, variables: { input: badApplication } }));
      expect({ url, status: response.status }).toEqual({ url, status: 400 });
      expect(response.body?.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: expect.any(String) });
    }
  });

  it('keeps 200 for an answer with something in it, even with a refused field beside it', async () => {
    const response = await post(
      federation.gatewayUrl,
      JSON.stringify({ query: '{ districts { name } persons(first: 1) { edges { node { ethnicity { name } } } } }' }),
      {
        'content-type': 'application/json',
        authorization: `Bearer ${await federation.token({ role: 'ANALYST', purpose: 'statistics' })}`,
        'x-purpose': 'statistics',
      },
    );
    expect(response.status).toBe(200);
    expect(response.body?.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
  });
});

describe('requests refused before GraphQL runs, at the gateway and at every subgraph', () => {
  const malformed: [string, number, () => { body: string; headers?: Record<string, string> }][] = [
    ['malformed JSON', 400, () => ({ body: '{"query": ' })],
    ['a JSON body that is not an object', 400, () => ({ body: 'null' })],
    ['an empty body', 400, () => ({ body: '' })],
    ['a JSON array (batch)', 400, () => ({ body: JSON.stringify([{ query: DISTRICTS }, { query: DISTRICTS }]) })],
    ['a wrong content type', 415, () => ({ body: `query=${DISTRICTS}`, headers: { 'content-type': 'text/plain' } })],
    [
      'a charset other than UTF-8',
      415,
      () => ({ body: JSON.stringify({ query: DISTRICTS }), headers: { 'content-type': 'application/json; charset=latin1' } }),
    ],
    [
      'an unknown content encoding',
      415,
      () => ({ body: JSON.stringify({ query: DISTRICTS }), headers: { 'content-type': 'application/json', 'content-encoding': 'compress' } }),
    ],
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

describe('paths no service serves', () => {
  it('are answered with a JSON 404 and NOT_FOUND, at the gateway and at every subgraph', async () => {
    for (const [endpoint, url] of endpoints()) {
      const origin = url.replace(/\/graphql$/, '');
      for (const [method, path] of UNKNOWN_PATHS) {
        const response = await fetch(`${origin}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...(await callerHeaders(federation.signingKey, CASEWORKER)) },
          body: method === 'GET' ? undefined : JSON.stringify({ query: DISTRICTS }),
        });
        const text = await response.text();
        expect({ endpoint, method, path, status: response.status, type: response.headers.get('content-type') }).toEqual({
          endpoint,
          method,
          path,
          status: 404,
          type: expect.stringMatching(/^application\/json/),
        });
        expect(JSON.parse(text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'NOT_FOUND' } }] });
        expect(text).not.toMatch(LEAK);
      }
      // The endpoint itself still answers.
      expect((await post(url, JSON.stringify({ query: '{ __typename }' }))).status).toBe(200);
    }
  });
});

describe('documents the gateway cannot run', () => {
  const refused: [string, string, () => Record<string, unknown>][] = [
    ['a syntax error', 'GRAPHQL_PARSE_FAILED', () => ({ query: '{ districts { name ' })],
    ['more tokens than MAX_QUERY_TOKENS', 'GRAPHQL_PARSE_FAILED', () => ({ query: `{ ${'districts { name } '.repeat(1000)} }` })],
    ['two operations and no operationName', 'OPERATION_RESOLUTION_FAILURE', () => ({ query: `query A ${DISTRICTS} query B { districts { code } }` })],
    ['an operationName the document does not have', 'OPERATION_RESOLUTION_FAILURE', () => ({ query: `query A ${DISTRICTS}`, operationName: 'B' })],
    [
      'a persisted query whose sha256Hash does not match',
      'BAD_REQUEST',
      () => ({ query: DISTRICTS, extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
    ],
    ['an unknown persisted-query version', 'BAD_REQUEST', () => ({ query: DISTRICTS, extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } })],
    ['an operation name longer than an audit record keeps', 'BAD_USER_INPUT', () => ({ query: `query ${'N'.repeat(201)} ${PERSONAL_READ}` })],
  ];

  it.each(refused)('answers %s with HTTP 400 and %s', async (_name, code, body) => {
    const response = await post(federation.gatewayUrl, JSON.stringify(body()));
    expect({ status: response.status, code: response.body?.errors?.[0].extensions?.code }).toEqual({ status: 400, code });
    expect(response.text).not.toMatch(LEAK);
  });

  it('answers a subscription (the graph has none) with HTTP 400 and GRAPHQL_VALIDATION_FAILED, at the gateway and every subgraph', async () => {
    for (const [endpoint, url] of endpoints()) {
      const response = await post(url, JSON.stringify({ query: 'subscription { districts { name } }' }));
      expect({ endpoint, status: response.status, code: response.body?.errors?.[0].extensions?.code }).toEqual({
        endpoint,
        status: 400,
        code: 'GRAPHQL_VALIDATION_FAILED',
      });
    }
  });

  it('refuses an x-request-id that would not fit the audit record with HTTP 400, BAD_USER_INPUT naming it; keeps any other', async () => {
    for (const requestId of ['x'.repeat(129), 'two words', 'tab\there']) {
      const response = await post(federation.gatewayUrl, JSON.stringify({ query: PERSONAL_READ }), {
        'content-type': 'application/json',
        'x-request-id': requestId,
      });
      expect({ requestId, status: response.status, errors: response.body?.errors?.map((error) => error.extensions) }).toEqual({
        requestId,
        status: 400,
        errors: [{ code: 'BAD_USER_INPUT', field: 'x-request-id' }],
      });
    }
    for (const requestId of ['x'.repeat(128), '%00', '../..']) {
      const response = await post(federation.gatewayUrl, JSON.stringify({ query: PERSONAL_READ }), {
        'content-type': 'application/json',
        'x-request-id': requestId,
      });
      expect({ requestId, status: response.status, errors: response.body?.errors }).toEqual({ requestId, status: 200, errors: undefined });
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
/**
 * Per bureau database, the next transaction id to be assigned: a transaction gets one only when it writes, so while
 * none of these moves nothing was written (or rolled back), and the rows need no counting.
 */
async function writeMarks(): Promise<string> {
  const marks = await Promise.all(
    Object.values(federation.subgraphs).map(
      async ({ database }) => (await database.dataSource.query('SELECT txid_snapshot_xmax(txid_current_snapshot())::text AS xmax'))[0].xmax,
    ),
  );
  return marks.join(',');
}

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await Promise.all(
    Object.entries(federation.subgraphs).map(async ([bureau, { database }]) => {
      if (!tablesOf.has(bureau)) {
        const rows: { name: string }[] = await database.dataSource.query(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
        );
        tablesOf.set(
          bureau,
          rows.map((row) => row.name),
        );
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
        federation.query(
          'query ($code: ID!) { community(code: $code) { disputes(first: 5, openOnly: true) { totalCount edges { node { caseNumber } } } } }',
          { code },
          MEDIATOR,
        ),
        federation.query('query ($code: ID!) { community(code: $code) { name street { name } } }', { code }),
        federation.query('query ($code: ID!) { district(code: $code) { name } }', { code: code.slice(0, 6) }),
      ]),
    );
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);
  });
});

describe('inputs at fault: BAD_USER_INPUT naming the field, and nothing written', () => {
  let known: Record<
    'person' | 'community' | 'street' | 'reliefCase' | 'school' | 'employer' | 'openDispute' | 'openLabourDispute' | 'labourDisputeFiledOn',
    string
  >;

  beforeAll(async () => {
    known = {
      person: await firstValue('public-security', 'SELECT id FROM person ORDER BY id LIMIT 1'),
      community: await firstValue('civil-affairs', 'SELECT code FROM community ORDER BY code LIMIT 1'),
      street: await firstValue('civil-affairs', 'SELECT street_code FROM dispute_case ORDER BY id LIMIT 1'),
      reliefCase: await firstValue('civil-affairs', `SELECT id FROM relief_case WHERE status = 'PENDING' ORDER BY id LIMIT 1`),
      school: await firstValue('education', 'SELECT code FROM school ORDER BY code LIMIT 1'),
      employer: await firstValue('human-resources', 'SELECT code FROM employer ORDER BY code LIMIT 1'),
      openDispute: await firstValue('civil-affairs', `SELECT case_number FROM dispute_case WHERE status = 'OPEN' ORDER BY id LIMIT 1`),
      openLabourDispute: await firstValue('human-resources', `SELECT id FROM labour_dispute WHERE status <> 'CLOSED' ORDER BY id LIMIT 1`),
      labourDisputeFiledOn: await firstValue('human-resources', `SELECT filed_on::text FROM labour_dispute WHERE status <> 'CLOSED' ORDER BY id LIMIT 1`),
    };
  });

  const job = (overrides: Record<string, unknown>) => ({
    personId: 'PNEWWORKER3',
    employerCode: known.employer,
    jobTitle: '焊工',
    startDate: '2025-03-01',
    monthlyWage: '4200',
    weeklyHours: 40,
    contractSigned: false,
    communityCode: known.community,
    originRegionCode: '620000',
    ...overrides,
  });
  const relief = (overrides: Record<string, unknown>) => ({
    personId: known.person,
    kind: 'TEMPORARY_HARDSHIP',
    communityCode: known.community,
    appliedOn: '2025-03-01',
    amountRequested: '800',
    ...overrides,
  });
  const tooLongId = 'P1234567890123456';

  const cases: [string, Caller, string, () => Record<string, unknown>, string][] = [
    [
      'a relief case id beyond integer',
      CASEWORKER,
      'decideRelief(input: $input) { __typename }',
      () => ({ caseId: '99999999999', approve: false, decidedOn: '2025-03-02' }),
      'input.caseId',
    ],
    ['a relief case id written 1e30', CASEWORKER, 'payRelief(input: $input) { __typename }', () => ({ caseId: '1e30', paidOn: '2025-03-02' }), 'input.caseId'],
    [
      'an employment id written 1e30',
      EMPLOYMENT_CASEWORKER,
      'endEmployment(input: $input) { __typename }',
      () => ({ employmentId: '1e30', endDate: '2025-03-02' }),
      'input.employmentId',
    ],
    [
      'a training id beyond integer',
      EMPLOYMENT_CASEWORKER,
      'completeTraining(input: $input) { __typename }',
      () => ({ trainingId: '99999999999' }),
      'input.trainingId',
    ],
    [
      'a labour dispute id beyond integer',
      EMPLOYMENT_CASEWORKER,
      'closeLabourDispute(input: $input) { __typename }',
      () => ({ disputeId: '2147483648', closedOn: '2025-03-02', amountRecovered: '0' }),
      'input.disputeId',
    ],
    [
      'a 17-character person id for a new worker',
      EMPLOYMENT_CASEWORKER,
      'recordEmployment(input: $input) { __typename }',
      () => job({ personId: tooLongId }),
      'input.personId',
    ],
    [
      'a 17-character person id for relief',
      CASEWORKER,
      'applyForRelief(input: $input) { __typename }',
      () => relief({ personId: tooLongId }),
      'input.personId',
    ],
    [
      'a 17-character child id',
      ENROLMENT_OFFICER,
      'enrolChild(input: $input) { __typename }',
      () => ({
        childId: tooLongId,
        guardianId: known.person,
        childBirthDate: '2018-05-01',
        homeCommunityCode: known.community,
        originRegionCode: '620000',
        schoolCode: known.school,
        grade: 1,
        enrolledOn: '2025-09-01',
        feesEqualToLocal: true,
      }),
      'input.childId',
    ],
    [
      'a 17-character person id for a permit',
      REGISTRY_OFFICER,
      'issueResidencePermit(input: $input) { __typename }',
      () => ({ personId: tooLongId, issuedOn: '2025-03-01', validUntil: '2026-03-01' }),
      'input.personId',
    ],
    [
      'eleven parties',
      MEDIATOR,
      'openDispute(input: $input) { __typename }',
      () => ({ kind: 'TENANCY', communityCode: known.community, foundOn: '2025-03-01', partyIds: Array(11).fill(known.person) }),
      'input.partyIds',
    ],
    [
      'a 17-character party id',
      MEDIATOR,
      'openDispute(input: $input) { __typename }',
      () => ({ kind: 'TENANCY', communityCode: known.community, foundOn: '2025-03-01', partyIds: [tooLongId] }),
      'input.partyIds[0]',
    ],
    [
      'a party id with a NUL byte',
      MEDIATOR,
      'openDispute(input: $input) { __typename }',
      () => ({ kind: 'TENANCY', communityCode: known.community, foundOn: '2025-03-01', partyIds: [known.person, 'P\u000012345678'] }),
      'input.partyIds[1]',
    ],
    [
      'a case number too long for its column',
      MEDIATOR,
      'closeDispute(input: $input) { __typename }',
      () => ({ caseNumber: `${known.openDispute}-0000000`, on: '2025-03-02' }),
      'input.caseNumber',
    ],
    [
      'a permit number with a NUL byte',
      REGISTRY_OFFICER,
      'renewResidencePermit(input: $input) { __typename }',
      () => ({ permitNumber: '640104\u0000', renewedOn: '2025-03-01', validUntil: '2026-03-01' }),
      'input.permitNumber',
    ],
    [
      'an amount with 11 digits before the point',
      CASEWORKER,
      'applyForRelief(input: $input) { __typename }',
      () => relief({ amountRequested: '12345678901.00' }),
      'input.amountRequested',
    ],
    [
      'an amount with 12 digits before the point',
      EMPLOYMENT_CASEWORKER,
      'fileLabourDispute(input: $input) { __typename }',
      () => ({ personId: known.person, employerCode: known.employer, kind: 'UNPAID_WAGES', filedOn: '2025-03-01', amountClaimed: '123456789012' }),
      'input.amountClaimed',
    ],
    [
      'an amount recovered of negative zero',
      EMPLOYMENT_CASEWORKER,
      'closeLabourDispute(input: $input) { __typename }',
      () => ({ disputeId: known.openLabourDispute, closedOn: known.labourDisputeFiledOn, amountRecovered: '-0.00' }),
      'input.amountRecovered',
    ],
    [
      'a monthly wage beyond its column',
      EMPLOYMENT_CASEWORKER,
      'recordEmployment(input: $input) { __typename }',
      () => job({ monthlyWage: '123456789.00' }),
      'input.monthlyWage',
    ],
    [
      'a NUL byte in an address',
      REGISTRY_OFFICER,
      'recordMove(input: $input) { __typename }',
      () => ({ personId: known.person, communityCode: known.community, address: '丽景路\u000017号', movedOn: '2025-03-01' }),
      'input.address',
    ],
    [
      'a control character in a name',
      REGISTRY_OFFICER,
      'registerPerson(input: $input) { __typename }',
      () => ({
        familyName: '马\u0007',
        givenName: '小红',
        sex: 'FEMALE',
        birthDate: '1990-05-17',
        ethnicityCode: '03',
        originRegionCode: '622900',
        idCardNumber: '620000199005170020',
        arrivalDate: '2024-03-01',
        residence: { communityCode: known.community, address: '丽景路 17号' },
      }),
      'input.familyName',
    ],
    [
      'a NUL byte in a course',
      EMPLOYMENT_CASEWORKER,
      'registerTraining(input: $input) { __typename }',
      () => ({ personId: known.person, course: '焊\u0000工', kind: 'VOCATIONAL_SKILL', provider: '培训中心', startDate: '2025-03-01', endDate: '2025-04-01' }),
      'input.course',
    ],
    [
      'a NUL byte in a mediated outcome',
      MEDIATOR,
      'recordMediation(input: $input) { __typename }',
      () => ({ caseNumber: known.openDispute, on: '2025-12-01', outcome: '和解\u0000' }),
      'input.outcome',
    ],
    [
      'a NUL byte in customs to respect',
      CASEWORKER,
      'applyForRelief(input: $input) { __typename }',
      () => relief({ customsAccommodation: '清真\u0000' }),
      'input.customsAccommodation',
    ],
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
    [
      '101 ids in a persons filter',
      CASEWORKER,
      'query ($v: [ID!]) { persons(filter: { ids: $v }) { totalCount } }',
      () => ({ v: Array(101).fill(known.person) }),
      'filter.ids',
    ],
    [
      'a 17-character id in a persons filter',
      CASEWORKER,
      'query ($v: [ID!]) { persons(filter: { ids: $v }) { totalCount } }',
      () => ({ v: [known.person, tooLongId] }),
      'filter.ids[1]',
    ],
    [
      'a dispute cursor whose key is 1e30',
      MEDIATOR,
      'query ($v: String) { street(code: "STREET") { disputes(after: $v) { totalCount } } }',
      () => ({ v: encodeCursor('dispute', '1e30') }),
      'after',
    ],
    [
      'a persons cursor whose key has a NUL byte',
      CASEWORKER,
      'query ($v: String) { persons(after: $v) { totalCount } }',
      () => ({ v: encodeCursor('person', 'P\u0000') }),
      'after',
    ],
    ['a null page size where the argument has a default', CASEWORKER, 'query ($v: Int) { persons(first: $v) { totalCount } }', () => ({ v: null }), 'first'],
    [
      'an employees cursor beyond integer',
      EMPLOYMENT_CASEWORKER,
      'query ($v: String) { employer(code: "EMPLOYER") { employees(after: $v) { totalCount } } }',
      () => ({ v: encodeCursor('employment', '99999999999') }),
      'after',
    ],
  ];

  it.each(lookups)('refuses %s in a query', async (_name, caller, query, variables, field) => {
    const result = await federation.query(query.replace('STREET', known.street).replace('EMPLOYER', known.employer), variables(), caller);
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
  });

  it('refuses money written as negative zero or with more than two decimals, as a variable or a literal, at the gateway and at the bureau', async () => {
    const status = () => firstValue('human-resources', `SELECT status FROM labour_dispute WHERE id = ${Number(known.openLabourDispute)}`);
    const statusBefore = await status();
    const headers = { 'content-type': 'application/json', ...(await callerHeaders(federation.signingKey, EMPLOYMENT_CASEWORKER)) };
    const query = 'mutation ($input: CloseLabourDisputeInput!) { closeLabourDispute(input: $input) { id } }';
    const variables = (amountRecovered: unknown) => ({ input: { disputeId: known.openLabourDispute, closedOn: known.labourDisputeFiledOn, amountRecovered } });
    const literal = (amount: string) =>
      `mutation { closeLabourDispute(input: { disputeId: "${known.openLabourDispute}", closedOn: "${known.labourDisputeFiledOn}", amountRecovered: ${amount} }) { id } }`;
    const bodies = [
      ...['-0', '-0.00', 1.005].map((amount) => JSON.stringify({ query, variables: variables(amount) })),
      ...['"-0"', '"-0.00"'].map((amount) => JSON.stringify({ query: literal(amount) })),
    ];
    for (const url of [federation.gatewayUrl, federation.subgraphs['human-resources'].url]) {
      for (const body of bodies) {
        const response = await fetch(url, { method: 'POST', headers, body });
        const answer = (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
        expect({
          url,
          body,
          status: response.status,
          data: answer.data ?? null,
          errors: answer.errors?.map((error) => error.extensions?.code + ' ' + error.extensions?.field),
        }).toEqual({
          url,
          body,
          status: 400,
          data: null,
          errors: ['BAD_USER_INPUT input.amountRecovered'],
        });
      }
    }
    expect(await status()).toBe(statusBefore);
  });

  it('records two first jobs of a new worker at the same moment: both, and the worker once', async () => {
    const before = await rowCounts();
    // A transaction of the test's own holds an uncommitted registration of the worker: both jobs find no worker and
    // wait on its key; when it rolls back they race to register them (on a server; embedded runs them one by one).
    const holder = federation.subgraphs['human-resources'].database.dataSource.createQueryRunner();
    await holder.startTransaction();
    await holder.query(`INSERT INTO worker (person_id, community_code, district_code, registered_on) VALUES ('PNEWWORKER4', $1, $2, '2025-01-01')`, [
      known.community,
      known.community.slice(0, 6),
    ]);
    const recorded = Promise.all(
      ['焊工', '电工'].map((jobTitle) =>
        federation.query(
          'mutation ($input: RecordEmploymentInput!) { recordEmployment(input: $input) { jobTitle } }',
          { input: job({ personId: 'PNEWWORKER4', jobTitle }) },
          EMPLOYMENT_CASEWORKER,
        ),
      ),
    );
    for (let waited = 0; waited < 5000; waited += 50) {
      if (!process.env.TEST_DATABASE_URL && waited >= 200) break;
      await holder.query('SELECT pg_stat_clear_snapshot()');
      const [{ waiting }] = await holder.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
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

const OTHER_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/graphql',
  'application/json; charset=latin1',
  'application/json; charset=utf-7',
  'application/jsonx',
  '*/*',
  'application/graphql-response+json',
];

/** JSON bodies that are no GraphQL request, or not one that can run. */
function wrongShapes(): string[] {
  const query = JSON.stringify(DISTRICTS);
  const deep = `${'['.repeat(2000)}1${']'.repeat(2000)}`;
  return [
    'null',
    'true',
    '1',
    '"x"',
    '[]',
    '[{}]',
    `[{"query":${query}},{"query":${query}}]`,
    '{}',
    '{"query":1}',
    '{"query":null}',
    '{"query":""}',
    `{"query":[${query}]}`,
    '{"query":{"a":1}}',
    `{"query":${query},"variables":"x"}`,
    `{"query":${query},"variables":[1]}`,
    `{"query":${query},"variables":1}`,
    `{"query":${query},"operationName":5}`,
    `{"query":${query},"operationName":{}}`,
    `{"query":${query},"extensions":"x"}`,
    `{"query":${query},"extensions":[1]}`,
    `{"query":${query},"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}`,
    '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}',
    `{"query":${query},"extensions":{"persistedQuery":{"version":"1"}}}`,
    `{"query":${query},"extensions":{"persistedQuery":{"version":1,"sha256Hash":1}}}`,
    `{"query":${query},"extensions":{"persistedQuery":null}}`,
    `{"query":${query},"variables":{"unused":${deep}}}`,
    `{"query":${query}} trailing`,
    `\ufeff{"query":${query}}`,
    `{"query":${query},"query":1}`,
    `{"query":"query A { districts { name } }","operationName":"B"}`,
  ];
}

const DOCUMENTS = [
  DISTRICTS,
  'query A { districts { name } } query B { districts { code } }',
  'mutation { registerPerson }',
  '{ person(id: "P00RJQ5GN3K") { name } }',
  `${'{ districts '.repeat(300)}${'}'.repeat(300)}`,
  'subscription { districts { name } }',
  'fragment F on District { name }',
  '{ ...F }',
  '{ districts { name } } fragment F on District { name }',
  '{ districts { name @skip } }',
  '{ districts { name @unknown } }',
  '{ districts(first: 1) { name } }',
  '{ district(code: "\\u{D800}") { name } }',
  '# nothing',
  '',
  '{ districts { name } }'.repeat(50),
  '{ a: districts { name } b: districts { name } }',
  '{ districts { ... on Street { name } } }',
  'query ($a: Int = "x") { districts { name } }',
];

/** A document with a few random characters cut, put in or swapped. */
function brokenDocument(rng: Random): string {
  let document = rng.pick(DOCUMENTS);
  for (let edits = rng.int(0, 4); edits > 0; edits--) {
    const at = rng.int(0, document.length);
    const character = rng.pick([...'{}()[]:$@!."\\\n #,=&|', '\u0000', '\ud800', '😀']);
    document = rng.chance(0.5) ? document.slice(0, at) + character + document.slice(at) : document.slice(0, at) + document.slice(at + 1);
  }
  return document;
}

/** A request malformed in its HTTP, its JSON or its document, to the gateway or one of the subgraphs. */
function malformedRequest(rng: Random, urls: string[], headers: Record<string, string>): { url: string; init: RequestInit; described: string } {
  const url = rng.chance(0.4) ? urls[0] : rng.pick(urls.slice(1));
  const valid = JSON.stringify({ query: DISTRICTS });
  const json = (body: string | Uint8Array, extra: Record<string, string> = {}): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers, ...extra },
    body,
  });
  const kinds: [string, () => { url?: string; init: RequestInit }][] = [
    ['truncated JSON', () => ({ init: json(valid.slice(0, rng.int(0, valid.length - 1))) })],
    ['bytes that are not UTF-8', () => ({ init: json(Buffer.from(Array.from({ length: rng.int(1, 64) }, () => rng.int(0, 255)))) })],
    ['JSON of the wrong shape', () => ({ init: json(rng.pick(wrongShapes())) })],
    ['another content type', () => ({ init: { method: 'POST', headers: { ...headers, 'content-type': rng.pick(OTHER_CONTENT_TYPES) }, body: valid } })],
    ['no content type', () => ({ init: { method: 'POST', headers, body: Buffer.from(valid) } })],
    [
      'a content encoding the body is not in',
      () => ({ init: json(valid, { 'content-encoding': rng.pick(['gzip', 'deflate', 'br', 'compress', 'x-unknown']) }) }),
    ],
    ['an oversized body', () => ({ init: json(JSON.stringify({ query: `${DISTRICTS}${' '.repeat(1_100_000)}` })) })],
    ['a broken document', () => ({ init: json(JSON.stringify({ query: brokenDocument(rng) })) })],
    [
      'an operation name longer than an audit record keeps',
      () => ({ init: json(JSON.stringify({ query: `query ${'N'.repeat(rng.int(150, 3000))} ${PERSONAL_READ}` })) }),
    ],
    [
      'an odd request id',
      () => ({
        init: json(JSON.stringify({ query: PERSONAL_READ }), { 'x-request-id': rng.pick(['x'.repeat(rng.int(60, 4000)), 'a b', '%00', '../..', '']) }),
      }),
    ],
    ['another method', () => ({ init: { ...json(valid), method: rng.pick(['PUT', 'PATCH', 'DELETE']) } })],
    [
      'a path it does not serve',
      () => {
        const [method, path] = rng.pick(UNKNOWN_PATHS);
        return { url: url.replace(/\/graphql$/, path), init: { ...json(valid), method, body: method === 'GET' ? undefined : valid } };
      },
    ],
    [
      'a GET',
      () => ({
        url: `${url}?${new URLSearchParams({ query: brokenDocument(rng) })}${rng.chance(0.3) ? '&variables=%7B' : ''}`,
        init: { method: 'GET', headers: { ...headers, 'apollo-require-preflight': 'true' } },
      }),
    ],
  ];
  const [kind, make] = rng.pick(kinds);
  const request = make();
  const body = request.init.body;
  const excerpt = typeof body === 'string' ? body.slice(0, 300) : body ? `${(body as Uint8Array).length} bytes` : '';
  return { url: request.url ?? url, init: request.init, described: `${kind} to ${request.url ?? url}: ${excerpt}` };
}

describe('fuzz from the schema', () => {
  /** Bad inputs per kind; with the callers' preflights, well over 5,000 requests. */
  const MUTATIONS = 2300;
  const QUERIES = 2100;
  const BODIES = 800;
  const seed = process.env.FUZZ_SEED ?? String(Date.now() % 1_000_000);

  /** Values of the first column of `sql` in a bureau's database. */
  async function columnValues(bureau: string, sql: string): Promise<string[]> {
    const rows = await federation.subgraphs[bureau].database.dataSource.query(sql);
    return rows.map((row: Record<string, unknown>) => String(Object.values(row)[0]));
  }

  /** Who may try each target: the first caller the graph does not refuse for its plausible arguments. */
  // Every declared role with each purpose it may declare (a bureau that joins brings its own), but the community-scoped
  // ones: a caller of each until one may reach the target.
  const CANDIDATE_CALLERS: Caller[] = ROLES.filter((role) => !isCommunityScoped(role)).flatMap((role) =>
    ROLE_PURPOSES[role].map((purpose) => ({ role, purpose })),
  );

  interface Outcome {
    request: string;
    status: number;
    text: string;
  }

  /** What must hold of every answer, whatever was sent; a list of what did not. */
  function faultsOf(outcome: Outcome): string[] {
    const faults: string[] = [];
    if (outcome.status >= 500) faults.push(`HTTP ${outcome.status}`);
    if (LEAK.test(outcome.text)) faults.push('a stack trace or a file path');
    let body: RawResponse['body'];
    try {
      body = JSON.parse(outcome.text);
    } catch {
      return [...faults, 'not JSON'];
    }
    if (outcome.status !== 200 && !body?.errors?.length) faults.push(`HTTP ${outcome.status} without errors`);
    for (const error of body?.errors ?? []) {
      const extensions = error.extensions as { code?: unknown; field?: unknown } | undefined;
      if (typeof extensions?.code !== 'string') faults.push(`an error without extensions.code: ${error.message}`);
      else if (['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE'].includes(extensions.code)) faults.push(`${extensions.code}: ${error.message}`);
      else if (extensions.code === 'BAD_USER_INPUT' && typeof extensions.field !== 'string') faults.push(`BAD_USER_INPUT without field: ${error.message}`);
    }
    // Refused whole (nothing answered, only the caller's errors): a client error, so a 4xx, never 200 — except the
    // persisted-query handshake, whose "send me the text" is a 200 by Apollo's protocol (clients then resend).
    const data = (body as { data?: Record<string, unknown> | null } | undefined)?.data;
    const answeredNothing = !data || Object.values(data).every((value) => value === null);
    const handshake = body?.errors?.every((error) => error.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND');
    if (body?.errors?.length && answeredNothing && !handshake && outcome.status === 200) faults.push('HTTP 200 for an answer refused whole');
    return faults;
  }

  /** Ids and codes that exist in the seeded databases, for the plausible values the fuzz starts from. */
  async function knownValues() {
    return {
      person: await columnValues('public-security', 'SELECT id FROM person ORDER BY id LIMIT 5'),
      district: await columnValues('civil-affairs', 'SELECT code FROM district ORDER BY code'),
      street: await columnValues('civil-affairs', 'SELECT street_code FROM dispute_case ORDER BY id LIMIT 3'),
      community: await columnValues('civil-affairs', 'SELECT community_code FROM dispute_case ORDER BY id LIMIT 5'),
      school: await columnValues('education', 'SELECT code FROM school ORDER BY code LIMIT 3'),
      employer: await columnValues('human-resources', 'SELECT code FROM employer ORDER BY code LIMIT 3'),
      reliefCase: await columnValues('civil-affairs', 'SELECT DISTINCT ON (status) id FROM relief_case ORDER BY status, id'),
      dispute: await columnValues('civil-affairs', `SELECT case_number FROM dispute_case WHERE status = 'OPEN' ORDER BY id LIMIT 3`),
      permit: await columnValues('public-security', 'SELECT number FROM residence_permit WHERE is_latest ORDER BY id LIMIT 3'),
      employment: await columnValues('human-resources', 'SELECT id FROM employment ORDER BY id LIMIT 3'),
      training: await columnValues('human-resources', 'SELECT id FROM training ORDER BY id LIMIT 3'),
      labourDispute: await columnValues('human-resources', 'SELECT id FROM labour_dispute ORDER BY id LIMIT 3'),
    };
  }

  /** Plausible values by argument or input field name: what exists, consistent where the graph checks it. */
  function goodValues(rng: Random, known: Awaited<ReturnType<typeof knownValues>>): GoodValue {
    const pick = (values: string[]) => rng.pick(values);
    const byName: Record<string, () => unknown> = {
      personId: () => pick(known.person),
      childId: () => pick(known.person),
      guardianId: () => pick(known.person),
      partyIds: () => pick(known.person),
      ids: () => pick(known.person),
      communityCode: () => pick(known.community),
      homeCommunityCode: () => pick(known.community),
      streetCode: () => pick(known.street),
      districtCode: () => pick(known.district),
      schoolCode: () => pick(known.school),
      toSchoolCode: () => pick(known.school),
      employerCode: () => pick(known.employer),
      caseId: () => pick(known.reliefCase),
      caseNumber: () => pick(known.dispute),
      permitNumber: () => pick(known.permit),
      employmentId: () => pick(known.employment),
      trainingId: () => pick(known.training),
      disputeId: () => pick(known.labourDispute),
      ethnicityCode: () => rng.pick(['01', '03']),
      originRegionCode: () => rng.pick(['622900', '640104']),
      after: () => null,
      first: () => rng.int(0, 100),
      grade: () => rng.int(1, 6),
      weeklyHours: () => 40,
      childBirthDate: () => '2016-05-01',
      birthDate: () => '1990-05-17',
    };
    return (name, type) => {
      if (type.name === 'RegisterPersonInput') {
        const sequence = rng.int(100, 499);
        const first17 = `62000019900517${String(sequence * 2).padStart(3, '0')}`;
        return {
          familyName: '马',
          givenName: '小红',
          sex: 'FEMALE',
          birthDate: '1990-05-17',
          ethnicityCode: '03',
          originRegionCode: '622900',
          idCardNumber: first17 + idCardCheckCharacter(first17),
          arrivalDate: '2024-03-01',
          residence: { communityCode: pick(known.community), address: '丽景路 17号' },
        };
      }
      if ((name === 'from' || name === 'to') && type.name === 'Int') return rng.int(2013, 2020);
      if (name === 'from' || name === 'to') return `20${rng.int(13, 24)}-0${rng.int(1, 9)}`;
      return byName[name]?.();
    };
  }

  /** Runs `jobs` jobs, `concurrency` at a time. */
  async function inParallel(jobs: number, concurrency: number, job: (index: number) => Promise<unknown>) {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < jobs) await job(next++);
      }),
    );
  }

  it(`answers ${MUTATIONS + QUERIES + BODIES} bad requests without a 5xx, each error with its code, and rejected mutations write nothing`, async () => {
    console.log(`fuzz seed ${seed} (FUZZ_SEED=${seed} repeats this run)`);
    const rng = new Random(seed);
    const known = await knownValues();
    const rootArgs = {
      'Query.district': { code: known.district[0] },
      'Query.street': { code: known.street[0] },
      'Query.community': { code: known.community[0] },
      'Query.school': { code: known.school[0] },
      'Query.employer': { code: known.employer[0] },
      'Query.person': { id: known.person[0] },
      'Query.originReport': { region: '620000' },
    };
    const targets = fuzzTargets(supergraph, rootArgs);
    // Every mutation, and every field with arguments, is reached.
    const withArguments = Object.values(supergraph.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .flatMap((type) =>
        Object.values((type as GraphQLObjectType).getFields())
          .filter((field) => field.args.length > 0)
          .map((field) => `${type.name}.${field.name}`),
      );
    expect(targets.map((target) => target.coordinate).sort()).toEqual(withArguments.sort());

    const fuzzer = new InputFuzzer(rng, goodValues(rng, known));
    const headersOf = new Map<Caller, Record<string, string>>();
    for (const caller of CANDIDATE_CALLERS) headersOf.set(caller, await callerHeaders(federation.signingKey, caller));
    let requests = 0;
    /** How the answers went: HTTP statuses and error codes, with how often. */
    const tally: Record<string, number> = {};
    const note = (key: string) => (tally[key] = (tally[key] ?? 0) + 1);
    let faulty = 0;
    const failures: { request: string; status: number; faults: string[]; answer: string }[] = [];
    const send = async (url: string, init: RequestInit, described: string): Promise<Outcome> => {
      requests += 1;
      const response = await fetch(url, init);
      const outcome = { request: described, status: response.status, text: await response.text() };
      note(`HTTP ${outcome.status}`);
      for (const code of outcome.text.match(/"code":"[A-Z_]+"/g) ?? []) note(code.slice(8, -1));
      const faults = faultsOf(outcome);
      if (faults.length > 0) faulty += 1;
      if (faults.length > 0 && failures.length < 20)
        failures.push({ request: described.slice(0, 600), status: outcome.status, faults, answer: outcome.text.slice(0, 400) });
      return outcome;
    };
    const sendGraphQL = (body: { query: string; variables: Record<string, unknown> }, caller: Caller) =>
      send(
        federation.gatewayUrl,
        { method: 'POST', headers: { 'content-type': 'application/json', ...headersOf.get(caller) }, body: JSON.stringify(body) },
        JSON.stringify(body),
      );

    const callerOf = new Map<FuzzTarget, Caller>();
    for (const target of targets) {
      for (const caller of CANDIDATE_CALLERS) {
        const outcome = await sendGraphQL(fuzzRequest(target, fuzzer, rng, 'valid'), caller);
        const codes = (JSON.parse(outcome.text).errors ?? []).map((error: { extensions?: { code?: string } }) => error.extensions?.code);
        if (!codes.includes('FORBIDDEN') && !codes.includes('UNAUTHENTICATED')) {
          callerOf.set(target, caller);
          break;
        }
      }
      if (!callerOf.has(target)) throw new Error(`No caller may reach ${target.coordinate}: the fuzz would test only the refusal`);
    }
    const mode = (): FuzzMode => (rng.chance(0.6) ? 'mutated' : 'random');

    // Queries and malformed bodies, made first (so that the seed alone decides them), then sent four at a time.
    const queryTargets = targets.filter((target) => target.operation === 'query');
    const queries = Array.from({ length: QUERIES }, () => {
      const target = rng.pick(queryTargets);
      return { body: fuzzRequest(target, fuzzer, rng, mode()), caller: callerOf.get(target)! };
    });
    await inParallel(QUERIES, 4, (index) => sendGraphQL(queries[index].body, queries[index].caller));
    const bodies = Array.from({ length: BODIES }, () =>
      malformedRequest(
        rng,
        endpoints().map(([, url]) => url),
        headersOf.get(CASEWORKER)!,
      ),
    );
    await inParallel(BODIES, 4, (index) => send(bodies[index].url, bodies[index].init, bodies[index].described));

    // Mutations one at a time, the row counts of every table compared around each that was rejected.
    const mutationTargets = targets.filter((target) => target.operation === 'mutation');
    const writtenByRejected: { request: string; changed: Record<string, [number, number]> }[] = [];
    let rejected = 0;
    let rejectedThatWrote = 0;
    /** Mutations a bureau answered (accepted, or refused by its resolver) rather than the gateway's validation. */
    let reachedBureau = 0;
    let counts = await rowCounts();
    let marks = await writeMarks();
    for (let i = 0; i < MUTATIONS; i++) {
      const target = rng.pick(mutationTargets);
      const body = fuzzRequest(target, fuzzer, rng, mode());
      const outcome = await sendGraphQL(body, callerOf.get(target)!);
      const marksAfter = await writeMarks();
      const after = marksAfter === marks ? counts : await rowCounts();
      marks = marksAfter;
      let answer: { data?: Record<string, unknown> | null; errors?: { extensions?: { serviceName?: string } }[] } | undefined;
      try {
        answer = JSON.parse(outcome.text);
      } catch {
        answer = undefined;
      }
      if (answer?.data?.[target.field.name] || answer?.errors?.some((error) => error.extensions?.serviceName)) reachedBureau += 1;
      if (!answer?.data?.[target.field.name]) {
        rejected += 1;
        const changed = Object.fromEntries(
          Object.keys(after)
            .filter((table) => after[table] !== counts[table])
            .map((table) => [table, [counts[table], after[table]] as [number, number]]),
        );
        if (Object.keys(changed).length > 0) {
          rejectedThatWrote += 1;
          if (writtenByRejected.length < 20) writtenByRejected.push({ request: JSON.stringify(body).slice(0, 600), changed });
        }
      }
      counts = after;
    }

    // Every service is still up and answering.
    const health = await Promise.all(
      [federation.gatewayOrigin, ...Object.values(federation.subgraphs).map((subgraph) => subgraph.url.replace(/\/graphql$/, ''))].map(
        async (origin) => (await fetch(`${origin}/health`)).status,
      ),
    );
    const stillAnswers = await federation.query('{ districts { code } }');

    console.log(JSON.stringify({ seed, requests, faulty, mutations: MUTATIONS, reachedBureau, rejectedMutations: rejected, rejectedThatWrote, tally }));
    expect({ seed, failures }).toEqual({ seed, failures: [] });
    expect({ seed, writtenByRejected }).toEqual({ seed, writtenByRejected: [] });
    expect(requests).toBeGreaterThanOrEqual(5000);
    // Enough bad inputs got past the gateway's checks to the bureaus' own validation.
    expect(reachedBureau).toBeGreaterThan(MUTATIONS / 5);
    expect(health.every((status) => status === 200)).toBe(true);
    expect(stillAnswers.data.districts).toHaveLength(6);
  }, 600_000);
});
