import fs from 'node:fs';
import path from 'node:path';
import { documentId } from '../../gateway/operations-registry';
import { dashboardPanels } from '../../scripts/bench-floor';
import { repoRoot } from '../../subgraphs/kit/paths';
import { Caller, callerHeaders, CASEWORKER, startTestFederation, TestFederation } from '../support/federation';

// Trusted documents (TRUSTED_DOCUMENTS): with `only` the gateway runs the registered dashboard queries, sent as their
// text or by id, with any variables, and refuses any other document with 403 OPERATION_NOT_TRUSTED; with
// `allow-unregistered-for-roles` the roles named run anything; `off` runs everything.

const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };
const QUERIES = path.join(repoRoot(), 'gateway/dashboard/queries');

/** A dashboard query's text, as the page sends it. */
const dashboardQuery = (name: string) => fs.readFileSync(path.join(QUERIES, `${name}.graphql`), 'utf8');
const COVERAGE = dashboardQuery('coverage');
const UNREGISTERED = '{ districts { code name } }';
const INTROSPECTION = '{ __schema { queryType { name } } }';

/** A stack trace, a path on this machine or an HTML page: nothing a refusal may show (as client-errors.test.ts). */
const LEAK = /\/work\/|node_modules|stacktrace|\n\s+at |\\n\s+at |\.[jt]s:\d+|<html/;

interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(federation: TestFederation, body: Record<string, unknown>, caller: Caller = ANALYST): Promise<Answer> {
  const response = await fetch(federation.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await callerHeaders(federation.signingKey, caller)) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: JSON.parse(text) };
}

const byId = (text: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: documentId(text) } } });

/** The answer ran: 200, data and no errors. */
function expectRan(answer: Answer): void {
  expect({ status: answer.status, errors: answer.body.errors }).toEqual({ status: 200, errors: undefined });
  expect(answer.body.data).toBeTruthy();
}

/** The answer is the refusal: a 4xx with its code and a message that says to register, nothing leaked. */
function expectRefused(answer: Answer): void {
  expect({ status: answer.status, codes: answer.body.errors?.map((error) => error.extensions?.code), data: answer.body.data }).toEqual({
    status: 403,
    codes: ['OPERATION_NOT_TRUSTED'],
    data: undefined,
  });
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(answer.body.errors![0].message).toMatch(/register/);
  expect(answer.text).not.toMatch(LEAK);
}

describe('TRUSTED_DOCUMENTS=only', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation({ settings: { TRUSTED_DOCUMENTS: 'only' } });
  });
  afterAll(async () => {
    await federation?.stop();
  });

  it("runs each of the dashboard's registered queries by its id alone, with no earlier request sending its text", async () => {
    // The city's panels and the place picker, with the variables the page sends.
    for (const { query, variables } of dashboardPanels()) expectRan(await post(federation, { ...byId(query), variables }));
  });

  it('runs a registered query sent as its text, with any variables', async () => {
    for (const year of [2016, 2018]) expectRan(await post(federation, { query: COVERAGE, variables: { year } }));
    expectRan(await post(federation, { query: COVERAGE, variables: { year: 2017 }, ...byId(COVERAGE) }));
  });

  it('refuses the same query with its text changed, even by a space or a comment', async () => {
    for (const changed of [COVERAGE.replace('code', 'code '), COVERAGE.replace(/^#.*\n/, ''), COVERAGE.trim()]) {
      expectRefused(await post(federation, { query: changed, variables: { year: 2018 } }));
    }
  });

  it('refuses an unregistered document whoever sends it, introspection included, by text or as a persisted query', async () => {
    for (const caller of [ANALYST, CASEWORKER]) {
      for (const query of [UNREGISTERED, INTROSPECTION]) expectRefused(await post(federation, { query }, caller));
    }
    expectRefused(await post(federation, { query: UNREGISTERED, ...byId(UNREGISTERED) }));
    // Refused, it was not stored as a persisted query either: its id alone is still unknown.
    const unknown = await post(federation, byId(UNREGISTERED));
    expect(unknown.body.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('still refuses a request without a valid token first (401), as every request', async () => {
    const response = await fetch(federation.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: COVERAGE }),
    });
    expect(response.status).toBe(401);
  });
});

describe('TRUSTED_DOCUMENTS=allow-unregistered-for-roles=ANALYST', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation({ settings: { TRUSTED_DOCUMENTS: 'allow-unregistered-for-roles=ANALYST' } });
  });
  afterAll(async () => {
    await federation?.stop();
  });

  it("runs the analyst's unregistered documents (GraphiQL's introspection too), and refuses other roles'", async () => {
    for (const query of [UNREGISTERED, INTROSPECTION]) {
      expectRan(await post(federation, { query }, ANALYST));
      expectRefused(await post(federation, { query }, CASEWORKER));
    }
  });

  it('runs registered documents for every role', async () => {
    expectRan(await post(federation, { query: COVERAGE, variables: { year: 2018 } }, ANALYST));
    const caseworker = await post(federation, { query: COVERAGE, variables: { year: 2018 } }, CASEWORKER);
    expect(caseworker.body.errors?.map((error) => error.extensions?.code) ?? []).not.toContain('OPERATION_NOT_TRUSTED');
  });
});

describe('TRUSTED_DOCUMENTS=off', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation({ settings: { TRUSTED_DOCUMENTS: 'off' } });
  });
  afterAll(async () => {
    await federation?.stop();
  });

  it('runs any document, and a registered one by its id alone', async () => {
    for (const caller of [ANALYST, CASEWORKER]) {
      for (const query of [UNREGISTERED, INTROSPECTION]) expectRan(await post(federation, { query }, caller));
    }
    expectRan(await post(federation, { ...byId(COVERAGE), variables: { year: 2018 } }));
  });
});
