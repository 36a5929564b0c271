import { ApolloServer } from '@apollo/server';
import { createErrorFormatter } from '../../subgraphs/kit/errors';
import { createLogger } from '../../subgraphs/kit/logger';
import { ValueLimits, valueLimitsRule, variableLimitsPlugin } from '../../subgraphs/kit/value-limits';

// The rule and the plugin on a small schema whose Date takes any literal, as the supergraph's custom scalars do at the
// gateway; `_Any` takes objects, as a subgraph's representations do.

const typeDefs = `#graphql
  scalar Date
  scalar _Any
  input PersonFilter { ids: [ID!] arrivedFrom: Date residence: ResidenceFilter }
  input ResidenceFilter { communityCode: ID }
  type Query {
    persons(first: Int, filter: PersonFilter): Int
    _entities(representations: [_Any!]!): [String]
  }
`;

const LIMITS: ValueLimits = { maxDepth: 6, maxListSize: 1000 };

let server: ApolloServer;

beforeAll(async () => {
  server = new ApolloServer({
    typeDefs,
    resolvers: { Query: { persons: () => 1, _entities: (_: unknown, { representations }: { representations: unknown[] }) => representations.map(() => 'ok') } },
    validationRules: [valueLimitsRule(LIMITS)],
    plugins: [variableLimitsPlugin(LIMITS)],
    formatError: createErrorFormatter(createLogger('test')),
  });
  await server.start();
});

afterAll(async () => {
  await server?.stop();
});

async function run(query: string, variables?: Record<string, unknown>) {
  const response = await server.executeOperation({ query, variables });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { errors, data } = response.body.singleResult;
  return { status: response.http.status ?? 200, errors, data };
}

/** `"x"` inside `levels` lists, as a literal. */
function nestedListLiteral(levels: number): string {
  return `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;
}

const refusal = (field: string) => ({ status: 400, errors: [expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field } })] });

describe('argument literals', () => {
  it('accepts the inputs the graph really takes', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `"P${i}"`).join(', ');
    const result = await run(`{ persons(first: 100, filter: { ids: [${ids}], arrivedFrom: "2020-01-01", residence: { communityCode: "640104001001" } }) }`);
    expect(result).toEqual({ status: 200, errors: undefined, data: { persons: 1 } });
    const entities = await run(
      `{ _entities(representations: [{ __typename: "District", code: "640104", schoolAgeChildren: [{ ageGroup: "6-11", count: 3 }] }]) }`,
    );
    expect(entities.errors).toBeUndefined();
  });

  it('refuses lists and objects nested deeper than the limit, naming the argument field', async () => {
    expect(await run(`{ persons(filter: { arrivedFrom: ${nestedListLiteral(24)} }) }`)).toMatchObject(refusal('filter.arrivedFrom'));
    const sixLevels = '[{ a: { b: { c: { d: { e: "x" } } } } }]';
    expect((await run(`{ _entities(representations: ${sixLevels}) }`)).errors).toBeUndefined();
    const sevenLevels = '[{ a: { b: { c: { d: { e: { f: "x" } } } } } }]';
    expect(await run(`{ _entities(representations: ${sevenLevels}) }`)).toMatchObject(refusal('representations.a.b.c.d.e'));
  });

  it('refuses a list longer than the limit', async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => `"P${i}"`).join(', ');
    expect(await run(`{ persons(filter: { ids: [${ids}] }) }`)).toMatchObject(refusal('filter.ids'));
  });

  it('refuses a list or an object where one value of a custom scalar is expected', async () => {
    for (const literal of ['["2020-01-01"]', '{ day: "2020-01-01" }', nestedListLiteral(3)]) {
      const result = await run(`{ persons(filter: { arrivedFrom: ${literal} }) }`);
      expect(result).toMatchObject(refusal('filter.arrivedFrom'));
      expect(result.errors?.[0].message).toMatch(/takes one Date value/);
    }
  });

  it('holds default values of variables to the same limits', async () => {
    const result = await run(`query ($filter: PersonFilter = { arrivedFrom: ${nestedListLiteral(10)} }) { persons(filter: $filter) }`);
    expect(result).toMatchObject(refusal('filter.arrivedFrom'));
  });

  it('answers a 60-deep literal at once: the walk stops at the limit', async () => {
    const started = performance.now();
    expect(await run(`{ persons(filter: { arrivedFrom: ${nestedListLiteral(60)} }) }`)).toMatchObject(refusal('filter.arrivedFrom'));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('variable values', () => {
  const personsQuery = 'query ($filter: PersonFilter) { persons(filter: $filter) }';
  const entitiesQuery = 'query ($representations: [_Any!]!) { _entities(representations: $representations) }';

  it('accepts a full page of representations as the gateway sends them', async () => {
    const representations = Array.from({ length: 1000 }, (_, i) => ({
      __typename: 'Person',
      id: `P${i}`,
      schoolAgeChildren: [{ ageGroup: '6-11', count: i }],
    }));
    const result = await run(entitiesQuery, { representations });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toHaveLength(1000);
  });

  it('refuses nesting deeper than the limit, lists longer than it, and lists where a scalar is expected', async () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 24; level += 1) deep = [deep];
    expect(await run(personsQuery, { filter: { arrivedFrom: deep } })).toMatchObject(refusal('filter.arrivedFrom'));
    expect(await run(personsQuery, { filter: { ids: Array.from({ length: 1001 }, (_, i) => `P${i}`) } })).toMatchObject(refusal('filter.ids'));
    expect(await run(personsQuery, { filter: { arrivedFrom: ['2020-01-01'] } })).toMatchObject(refusal('filter.arrivedFrom'));
    const representations = Array.from({ length: 1001 }, (_, i) => ({ __typename: 'Person', id: `P${i}` }));
    expect(await run(entitiesQuery, { representations })).toMatchObject(refusal('representations'));
  });

  it('stops at the limit: a value with 2^60 paths through it is refused at once', async () => {
    // Each level holds the level below twice: a few objects in memory, but a walk of every path would never end.
    let shared: unknown = 'x';
    for (let level = 0; level < 60; level += 1) shared = [shared, shared];
    const started = performance.now();
    expect(await run(entitiesQuery, { representations: [{ __typename: 'Person', nested: shared }] })).toMatchObject(refusal('representations.nested'));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
