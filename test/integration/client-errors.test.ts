import { createHash } from 'node:crypto';
import { callerHeaders, CASEWORKER, startTestFederation, TestFederation } from '../support/federation';

// Every client error is a 4xx (or, once the operation ran, an error in the answer) with extensions.code, never a
// 5xx, a stack trace or a file path.

let federation: TestFederation;

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

  it('still runs a persisted query whose hash matches', async () => {
    const sha256Hash = createHash('sha256').update(DISTRICTS).digest('hex');
    const response = await post(federation.gatewayUrl, JSON.stringify({ query: DISTRICTS, extensions: { persistedQuery: { version: 1, sha256Hash } } }));
    expect(response.status).toBe(200);
    expect(response.body?.errors).toBeUndefined();
  });
});
