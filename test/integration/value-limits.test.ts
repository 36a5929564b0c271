import { CASEWORKER, callerHeaders, postGraphQL, startTestFederation, TestFederation } from '../support/federation';

// Argument values bounded at the gateway, before it plans a query, and at each subgraph reached directly.

let federation: TestFederation;

beforeAll(async () => {
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

/** The ~130-byte query that froze the gateway: a Date argument given a list literal `levels` deep. */
function nestedDateQuery(levels: number): string {
  return `{ persons(first: 1, filter: { arrivedFrom: ${'['.repeat(levels)}"x"${']'.repeat(levels)} }) { totalCount } }`;
}

async function post(url: string, query: string, variables?: Record<string, unknown>) {
  return postGraphQL(url, query, variables, await callerHeaders(federation.signingKey, CASEWORKER));
}

const atGateway = (query: string, variables?: Record<string, unknown>) => post(federation.gatewayUrl, query, variables);
const atSubgraph = (bureau: string, query: string, variables?: Record<string, unknown>) => post(federation.subgraphs[bureau].url, query, variables);

const refused = (field: string) => ({ status: 400, data: null, code: 'BAD_USER_INPUT', field });

function outcome(result: { status: number; data?: unknown; errors?: { extensions?: Record<string, any> }[] }) {
  return { status: result.status, data: result.data ?? null, code: result.errors?.[0].extensions?.code, field: result.errors?.[0].extensions?.field };
}

describe('deeply nested literals', () => {
  it.each([24, 51])('refuses a %i-deep list literal at the gateway in milliseconds', async (levels) => {
    const started = performance.now();
    const result = await atGateway(nestedDateQuery(levels));
    const ms = performance.now() - started;
    console.log(`${levels}-deep list literal at the gateway: HTTP ${result.status} in ${ms.toFixed(1)} ms`);
    expect(outcome(result)).toEqual(refused('filter.arrivedFrom'));
    // Unbounded, 24 levels took 5–28 s of planning and 51 never returned.
    expect(ms).toBeLessThan(2000);
  });

  it('refuses them at a subgraph reached directly too', async () => {
    for (const levels of [24, 51]) {
      expect(outcome(await atSubgraph('public-security', nestedDateQuery(levels)))).toEqual(refused('filter.arrivedFrom'));
    }
  });

  it('refuses them as variables, at the gateway and at a subgraph', async () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 51; level += 1) deep = [deep];
    const query = 'query ($filter: PersonFilter) { persons(first: 1, filter: $filter) { totalCount } }';
    expect(outcome(await atGateway(query, { filter: { arrivedFrom: deep } }))).toEqual(refused('filter.arrivedFrom'));
    expect(outcome(await atSubgraph('public-security', query, { filter: { arrivedFrom: deep } }))).toEqual(refused('filter.arrivedFrom'));
    const entities = 'query ($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }';
    const representations = [{ __typename: 'Person', id: 'P1', nested: deep }];
    expect(outcome(await atSubgraph('civil-affairs', entities, { representations }))).toEqual(refused('representations.nested'));
  });
});

describe('custom scalars', () => {
  it('refuse a list or an object literal at validation, at the gateway and at the subgraph', async () => {
    for (const literal of ['["2020-01-01"]', '{ day: "2020-01-01" }']) {
      const query = `{ persons(first: 1, filter: { arrivedFrom: ${literal} }) { totalCount } }`;
      expect(outcome(await atGateway(query))).toEqual(refused('filter.arrivedFrom'));
      expect(outcome(await atSubgraph('public-security', query))).toEqual(refused('filter.arrivedFrom'));
    }
    const relief = `mutation { applyForRelief(input: {
      personId: "P1", kind: TEMPORARY_HARDSHIP, communityCode: "640104001001", appliedOn: "2024-01-01", amountRequested: ["100.00"]
    }) { id } }`;
    expect(outcome(await atGateway(relief))).toEqual(refused('input.amountRequested'));
  });
});

describe('normal use', () => {
  it('still serves a page of 100 persons with fields of every bureau, whose representations go to the subgraphs as variables', async () => {
    const result = await federation.query(
      `query Page($first: Int!) {
        persons(first: $first) { edges { node {
          id name
          currentResidence { address community { name servicePoint { name } street { name } district { name } } }
          residencePermits { status }
          reliefCases { kind }
          employments { employer { name } }
          schoolEnrolments { grade }
        } } }
        districts { name schoolEnrolment { schoolYear } }
      }`,
      { first: 100 },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.persons.edges).toHaveLength(100);
    expect(result.data.districts.length).toBeGreaterThan(0);
  });
});
