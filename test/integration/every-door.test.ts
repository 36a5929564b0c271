import { buildClientSchema, getIntrospectionQuery, GraphQLSchema } from 'graphql';
import { BUREAUS } from '../../subgraphs';
import { queryLimitsOf, QueryLimits, subgraphLimits } from '../../subgraphs/kit/query-limits';
import { Random } from '../../subgraphs/kit/random';
import { buildFederatedSchema } from '../../subgraphs/kit/schema';
import { loadSettings } from '../../subgraphs/kit/settings';
import { CASEWORKER, GraphQLResponse, postGraphQL, startTestFederation, TestFederation } from '../support/federation';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { KnownArguments, measure, randomChain, widest, withDirectives, withinLimits, withSharedFragment } from '../support/limit-queries';
import { RequestCounter, startRequestCounter } from '../support/request-counter';

// Every GraphQL endpoint is as hard as the gateway: a subgraph keeps the gateway's limits (with the allowances its
// query plans need), bounds what one request may take (fields, time), and a bureau that is slow or hangs holds up
// only the answers that need it.

let federation: TestFederation;
const counters: Record<string, RequestCounter> = {};
const proxies: Record<string, FaultProxy> = {};
let api: GraphQLSchema;
const servedSchemas = Object.fromEntries(BUREAUS.map((bureau) => [bureau.name, buildFederatedSchema(bureau)]));

// The services' default deadlines and statement timeouts (the suite's global setup gives the other files longer ones, for a busy machine),
// and a smaller answer bound than the default 50,000: the fan-out below then stops in about a tenth of a second
// rather than four, well inside the gateway's deadline on a busy machine.
const SETTINGS = { REQUEST_DEADLINE_MS: '5000', MUTATION_DEADLINE_MS: '15000', SQL_STATEMENT_TIMEOUT_MS: '30000', MAX_RESPONSE_FIELDS: '10000' };
const settings = loadSettings({ ...process.env, ...SETTINGS });
const gatewayLimits = queryLimitsOf(settings);
const bureauLimits = subgraphLimits(gatewayLimits);

beforeAll(async () => {
  federation = await startTestFederation({
    settings: SETTINGS,
    // gateway → fault proxy (to make a bureau hang) → request counter (to see the plan's fetches) → subgraph
    routeSubgraph: async (bureau, url) => {
      counters[bureau] = await startRequestCounter(url);
      proxies[bureau] = await startFaultProxy(counters[bureau].url);
      return proxies[bureau].url;
    },
  });
  const introspection = await federation.query(getIntrospectionQuery());
  api = buildClientSchema(introspection.data);
});

afterAll(async () => {
  await federation?.stop();
  for (const proxy of Object.values(proxies)) await proxy.stop();
  for (const counter of Object.values(counters)) await counter.stop();
});

async function headers(): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await federation.token(CASEWORKER)}`, 'x-purpose': CASEWORKER.purpose! };
}

/** POSTs straight to a subgraph, as anyone holding a token could; returns the answer and how long it took. */
async function direct(bureau: string, query: string, variables?: Record<string, unknown>) {
  const started = performance.now();
  const answer = await postGraphQL(federation.subgraphs[bureau].url, query, variables, await headers());
  return { ...answer, ms: performance.now() - started };
}

async function knownArguments(): Promise<KnownArguments> {
  const { data } = await federation.query(`{ districts { code streets { code communities { code } } } persons(first: 1) { edges { node { id } } } }`);
  const district = data.districts[0];
  return {
    'Query.district': `(code: "${district.code}")`,
    'Query.street': `(code: "${district.streets[0].code}")`,
    'Query.community': `(code: "${district.streets[0].communities[0].code}")`,
    'Query.person': `(id: "${data.persons.edges[0].node.id}")`,
  };
}

/** A subgraph's refusal of what the gateway sent it for a query the gateway had accepted. */
function refusedPlan(answer: GraphQLResponse): string[] {
  return (answer.errors ?? [])
    .filter((error) => error.extensions?.serviceName && ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'].includes(error.extensions.code))
    .map((error) => `${error.extensions!.serviceName}: ${error.message}`);
}

const DIMENSIONS = ['depth', 'cost', 'aliases', 'directives', 'tokens'] as const;
const combine = (a: QueryLimits, b: QueryLimits, by: (x: number, y: number) => number): QueryLimits =>
  Object.fromEntries(DIMENSIONS.map((key) => [key, by(a[key], b[key])])) as unknown as QueryLimits;
const ratio = (figures: QueryLimits, limits: QueryLimits) => combine(figures, limits, (figure, limit) => Math.round((figure / limit) * 1000) / 1000);
const highest = (a: QueryLimits, b: QueryLimits) => combine(a, b, Math.max);
const none: QueryLimits = { depth: 0, cost: 0, aliases: 0, directives: 0, tokens: 0 };

describe("the gateway's largest queries", () => {
  it('reach every subgraph within its limits: no plan of a query the gateway accepts is refused by a bureau', async () => {
    const known = await knownArguments();
    const random = new Random(13);
    let atGateway = none;
    let inPlans = none;
    const refused: string[] = [];
    const plansTooLarge: string[] = [];
    const bureausReached = new Set<string>();
    let queries = 0;
    // At least 30 queries, and on until every bureau has been sent a plan (a random walk over a growing schema may
    // take a while to reach the smallest one), within a bound.
    for (let attempt = 0; attempt < 400 && (queries < 30 || bureausReached.size < BUREAUS.length); attempt += 1) {
      const chain = randomChain(api, gatewayLimits.depth - 1, random, known);
      if (!chain) continue;
      for (const query of [widest(api, chain, gatewayLimits), withDirectives(api, chain, gatewayLimits), withSharedFragment(api, chain, gatewayLimits)]) {
        queries += 1;
        const figures = measure(api, query);
        // The generator's queries are the gateway's to accept.
        expect(withinLimits(figures, gatewayLimits)).toBe(true);
        atGateway = highest(atGateway, ratio(figures, gatewayLimits));
        for (const counter of Object.values(counters)) counter.reset();
        const answer = await federation.query(query);
        expect(answer.errors?.filter((error) => !error.extensions?.serviceName && error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED') ?? []).toEqual([]);
        refused.push(...refusedPlan(answer));
        for (const [bureau, counter] of Object.entries(counters)) {
          for (const fetch of counter.requests()) {
            bureausReached.add(bureau);
            const planFigures = measure(servedSchemas[bureau], fetch.query);
            inPlans = highest(inPlans, ratio(planFigures, bureauLimits));
            if (!withinLimits(planFigures, bureauLimits)) plansTooLarge.push(`${bureau}: ${JSON.stringify(planFigures)} for ${query}`);
          }
        }
      }
    }
    expect(queries).toBeGreaterThanOrEqual(30);
    console.log('largest figure / limit', { queriesAtTheGateway: atGateway, fetchesAtTheSubgraphs: inPlans, queries });
    expect(refused).toEqual([]);
    expect(plansTooLarge).toEqual([]);
    expect([...bureausReached].sort()).toEqual(BUREAUS.map((bureau) => bureau.name).sort());
    // The queries were at the gateway's limits, not far inside them.
    expect(atGateway.depth).toBe(1);
    expect(atGateway.directives).toBe(1);
    expect(atGateway.aliases).toBe(1);
    expect(atGateway.cost).toBeGreaterThan(0.9);
  });
});

describe('straight at a subgraph', () => {
  /** `{ districts { communities { district { communities … code } } } }`, `levels` fields deep. */
  function districtCommunityBomb(levels: number): string {
    const fields = Array.from({ length: levels - 1 }, (_, index) => (index === 0 ? 'districts' : index % 2 === 1 ? 'communities' : 'district'));
    return `{ ${fields.reduceRight((inner, field) => `${field} { ${inner} }`, 'code')} }`;
  }

  it('refuses the 30-level depth bomb in well under a second, while the rest of the federation keeps answering', async () => {
    const bomb = districtCommunityBomb(30);
    expect(measure(servedSchemas['civil-affairs'], bomb).depth).toBe(30);
    const others = federation.query('{ persons(first: 20) { totalCount edges { node { id employments { employer { code } } } } } }');
    const answer = await direct('civil-affairs', bomb);
    console.log(`30-level bomb straight at civil-affairs: HTTP ${answer.status} ${answer.errors?.[0]?.extensions?.code} in ${answer.ms.toFixed(0)} ms`);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.errors?.map((error) => error.message)).toContain('Syntax Error: Query depth limit of 12 exceeded, found 30.');
    // Refused at validation: nothing ran. (It used to run for 140 s and exhaust the heap.)
    expect(answer.ms).toBeLessThan(1000);
    expect((await others).errors).toBeUndefined();
    const health = await fetch(federation.subgraphs['civil-affairs'].url.replace(/\/graphql$/, '/health'));
    expect(health.status).toBe(200);
  });

  it.each(BUREAUS.map((bureau) => bureau.name))('%s refuses anything larger than the gateway could send it, with 400 and a code', async (bureau) => {
    const schema = servedSchemas[bureau];
    const random = new Random(bureau);
    const deeper = randomChain(schema, bureauLimits.depth, random, {})!;
    expect(deeper).not.toBeNull();
    const tooDeep = withDirectives(schema, deeper, { ...bureauLimits, directives: 0 });
    // Aliases of __typename are not counted (armor's allow-list): `_service`, which every subgraph has, is.
    const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `a${index}: _service { __typename }`).join(' ')} }`;
    const tooManyAliases = aliased(bureauLimits.aliases + 1);
    const tooManyDirectives = `{ __typename ${Array.from({ length: bureauLimits.directives + 1 }, () => '@include(if: true)').join(' ')} }`;
    const tooManyTokens = `{ ${Array.from({ length: bureauLimits.tokens }, () => '__typename').join(' ')} }`;
    const refusals = {
      depth: await direct(bureau, tooDeep),
      aliases: await direct(bureau, tooManyAliases),
      directives: await direct(bureau, tooManyDirectives),
      tokens: await direct(bureau, tooManyTokens),
    };
    expect(measure(schema, tooDeep).depth).toBe(bureauLimits.depth + 1);
    for (const [limit, answer] of Object.entries(refusals)) {
      expect({ limit, status: answer.status, code: answer.errors?.[0]?.extensions?.code, data: answer.data }).toEqual({
        limit,
        status: 400,
        code: limit === 'tokens' ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED',
        data: undefined,
      });
    }
    // Within the limits, the same kind of request is served.
    const served = await direct(bureau, aliased(bureauLimits.aliases));
    expect(served.status).toBe(200);
    expect(served.data.a0).toEqual({ __typename: '_Service' });
  });

  it('refuses a query costing more than any plan, sent straight to public security', async () => {
    const schema = servedSchemas['public-security'];
    const random = new Random('cost');
    let chain = null;
    // A chain through a page of 100 persons: pages multiply the cost of what they hold.
    while (!chain || chain[0].field.name !== 'persons') chain = randomChain(schema, bureauLimits.depth - 1, random, { 'Query.persons': '(first: 100)' });
    const costly = widest(schema, chain, { ...bureauLimits, cost: Infinity });
    const figures = measure(schema, costly);
    expect(withinLimits(figures, { ...bureauLimits, cost: Infinity })).toBe(true);
    expect(figures.cost).toBeGreaterThan(bureauLimits.cost);
    const answer = await direct('public-security', costly);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.errors?.[0]?.message).toMatch(/Cost limit of 40000 exceeded/);
  });

  it('caps _entities representations wherever the field stands: at the top, in ... on Query, in a fragment, over several aliases', async () => {
    const representations = Array.from({ length: 1500 }, (_, index) => ({ __typename: 'Person', id: String(index + 1) }));
    const half = representations.slice(0, 750);
    const attempts = {
      top: ['query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: representations }],
      inlineFragment: ['query($r: [_Any!]!) { ... on Query { _entities(representations: $r) { __typename } } }', { r: representations }],
      namedFragment: ['query($r: [_Any!]!) { ...E } fragment E on Query { _entities(representations: $r) { __typename } }', { r: representations }],
      aliases: [
        'query($a: [_Any!]!, $b: [_Any!]!) { a: _entities(representations: $a) { __typename } b: _entities(representations: $b) { __typename } }',
        { a: half, b: half },
      ],
    } as const;
    for (const [where, [query, variables]] of Object.entries(attempts)) {
      const answer = await direct('human-resources', query, variables as Record<string, unknown>);
      expect({ where, status: answer.status, code: answer.errors?.[0]?.extensions?.code, field: answer.errors?.[0]?.extensions?.field }).toEqual({
        where,
        status: 400,
        code: 'BAD_USER_INPUT',
        field: 'representations',
      });
    }
  });
});

describe('what one request may take', () => {
  const fanOut = '{ districts { communities { district { communities { district { communities { code name } } } } } } }';

  it('stops a fan-out within the limits at the answer size bound, through the gateway and straight at the bureau, and the bureau stays up', async () => {
    expect(withinLimits(measure(api, fanOut), gatewayLimits)).toBe(true);
    const started = performance.now();
    const through = await federation.query(fanOut);
    const throughMs = performance.now() - started;
    const straight = await direct('civil-affairs', fanOut);
    console.log(
      `fan-out bomb: through the gateway HTTP ${through.status} in ${throughMs.toFixed(0)} ms; straight at civil-affairs HTTP ${straight.status} in ${straight.ms.toFixed(0)} ms`,
      through.errors,
    );
    expect(through.errors?.map((error) => [error.extensions?.code, error.extensions?.serviceName])).toEqual([['RESPONSE_TOO_LARGE', 'civil-affairs']]);
    expect(through.data?.districts ?? null).toBeNull();
    expect(straight.status).toBe(400);
    expect(straight.errors?.map((error) => error.extensions?.code)).toEqual(['RESPONSE_TOO_LARGE']);
    const after = await federation.query('{ districts { code communities { code } } }');
    expect(after.errors).toBeUndefined();
    expect(after.data.districts.length).toBeGreaterThan(0);
  });

  it('gives up on a bureau that hangs at the deadline, naming it, and serves the others meanwhile', async () => {
    proxies['human-resources'].setHanging(true);
    try {
      const started = performance.now();
      let waiting = true;
      const touchingIt = federation.query('{ persons(first: 3) { edges { node { id employments { employer { code } } } } } }').finally(() => (waiting = false));
      // A request that does not need the hanging bureau is answered while the other one waits.
      const notNeedingIt = await federation.query('{ persons(first: 3) { edges { node { id } } } }');
      const notNeedingItMs = performance.now() - started;
      expect(waiting).toBe(true);
      const answer = await touchingIt;
      const waitedMs = performance.now() - started;
      console.log(`human-resources hanging: other request answered in ${notNeedingItMs.toFixed(0)} ms, the one needing it in ${waitedMs.toFixed(0)} ms`);
      expect(notNeedingIt.errors).toBeUndefined();
      expect(answer.data.persons.edges).toHaveLength(3);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', serviceName: 'human-resources' });
      expect(answer.errors?.[0]?.message).toMatch(/did not answer within 6 s/);
    } finally {
      proxies['human-resources'].setHanging(false);
    }
    const recovered = await federation.query('{ persons(first: 3) { edges { node { id employments { employer { code } } } } } }');
    expect(recovered.errors).toBeUndefined();
  });
});

describe('statement timeouts on a PostgreSQL server', () => {
  // PGlite enforces no statement_timeout: embedded, the execution budget stops a request between its statements.
  const onServer = process.env.TEST_DATABASE_URL ? it : it.skip;

  onServer("cancels a request's statement at the request deadline; counting a release may take longer", async () => {
    const { database } = federation.subgraphs['civil-affairs'];
    const deadlineMs = settings.REQUEST_DEADLINE_MS;
    const [requests] = await database.dataSource.query('SHOW statement_timeout');
    const [background] = await database.backgroundDataSource.query('SHOW statement_timeout');
    expect({ requests: requests.statement_timeout, background: background.statement_timeout }).toEqual({
      requests: `${deadlineMs / 1000}s`,
      background: `${settings.SQL_STATEMENT_TIMEOUT_MS / 1000}s`,
    });
    const started = performance.now();
    await expect(database.dataSource.query(`SELECT pg_sleep(${deadlineMs / 1000 + 5})`)).rejects.toThrow(/statement timeout/);
    expect(performance.now() - started).toBeLessThan(deadlineMs + 5000);
  });
});
