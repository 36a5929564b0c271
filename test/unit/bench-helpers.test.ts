import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { printSchema } from 'graphql';
import { repoRoot } from '../../subgraphs/kit/paths';
import { withSubgraphUrls } from '../../scripts/bench-hive';
import { benchNonNegativeInt, benchPortBase, benchPorts, databaseUrlWithSuffix } from '../../scripts/bench-options';
import { servedPerRequest } from '../../scripts/bench-served';

/** The bench's pure helpers: what it feeds Hive Gateway, where its scale federation keeps its data, what it counts. */

const supergraphSdl = fs.readFileSync(path.join(repoRoot(), 'schema', 'supergraph.graphql'), 'utf8');
const apiSchemaOf = (sdl: string) => printSchema(Supergraph.build(sdl).apiSchema().toGraphQLJSSchema());

describe('withSubgraphUrls', () => {
  const composed = Supergraph.build(supergraphSdl).subgraphsMetadata();
  const urls = Object.fromEntries(composed.map(({ name }, index) => [name, `http://127.0.0.1:${4801 + index}/graphql`]));

  it('points every subgraph of the supergraph at the URL given for it, and changes nothing of the schema', () => {
    const rewritten = withSubgraphUrls(supergraphSdl, urls);
    const subgraphs = Supergraph.build(rewritten, { validateSupergraph: true }).subgraphsMetadata();
    expect(Object.fromEntries(subgraphs.map(({ name, url }) => [name, url]))).toEqual(urls);
    expect(composed.some(({ name, url }) => url === urls[name])).toBe(false);
    expect(apiSchemaOf(rewritten)).toEqual(apiSchemaOf(supergraphSdl));
  });

  it('names the subgraphs it has no URL for', () => {
    const [first, ...others] = composed;
    const partial = Object.fromEntries(others.map(({ name }) => [name, urls[name]]));
    expect(() => withSubgraphUrls(supergraphSdl, partial)).toThrow(`no URL for the subgraph(s) ${first.name}`);
  });
});

describe('databaseUrlWithSuffix', () => {
  it('appends the suffix to the database name alone', () => {
    expect(databaseUrlWithSuffix('postgres://postgres:secret@127.0.0.1:5432/bench_health?sslmode=disable', '_at_20000')).toBe(
      'postgres://postgres:secret@127.0.0.1:5432/bench_health_at_20000?sslmode=disable',
    );
  });

  it('refuses a URL that names no database', () => {
    expect(() => databaseUrlWithSuffix('postgres://postgres@127.0.0.1:5432', '_at_20000')).toThrow('names no database');
  });
});

describe('benchNonNegativeInt', () => {
  afterEach(() => delete process.env.BENCH_TEST_SIZE);

  it('reads 0 and whole numbers, falls back when unset, and refuses anything else', () => {
    expect(benchNonNegativeInt('BENCH_TEST_SIZE', 20_000)).toBe(20_000);
    process.env.BENCH_TEST_SIZE = '0';
    expect(benchNonNegativeInt('BENCH_TEST_SIZE', 20_000)).toBe(0);
    process.env.BENCH_TEST_SIZE = '5000';
    expect(benchNonNegativeInt('BENCH_TEST_SIZE', 20_000)).toBe(5000);
    for (const bad of ['-1', '2.5', 'many']) {
      process.env.BENCH_TEST_SIZE = bad;
      expect(() => benchNonNegativeInt('BENCH_TEST_SIZE', 20_000)).toThrow(`BENCH_TEST_SIZE must be a whole number of at least 0; got "${bad}"`);
    }
  });
});

describe('benchPortBase', () => {
  afterEach(() => delete process.env.BENCH_PORT_BASE);

  it('is 4700 when unset, takes another base, and refuses a port the bench could not take 110 ports from', () => {
    expect(benchPortBase()).toBe(4700);
    process.env.BENCH_PORT_BASE = '5200';
    expect(benchPortBase()).toBe(5200);
    expect(benchPorts(benchPortBase())).toMatchObject({ GATEWAY_PORT: '5200', PUBLIC_SECURITY_PORT: expect.stringMatching(/^520[1-5]$/) });
    for (const bad of ['80', '65500', 'x']) {
      process.env.BENCH_PORT_BASE = bad;
      expect(() => benchPortBase()).toThrow(`BENCH_PORT_BASE must be a port number from 1024 to 65425; got "${bad}"`);
    }
  });
});

describe('servedPerRequest', () => {
  it('divides what all subgraphs served in between by the requests, without the second read of /health', () => {
    const before = { a: { graphqlRequests: 10, sqlStatements: 100 }, b: { graphqlRequests: 0, sqlStatements: 7 } };
    // 4 requests: 2 subgraph requests and 9 statements each on a, 1 and 3 on b, plus one SELECT 1 per subgraph.
    const after = { a: { graphqlRequests: 18, sqlStatements: 100 + 36 + 1 }, b: { graphqlRequests: 4, sqlStatements: 7 + 12 + 1 } };
    expect(servedPerRequest(before, after, 4)).toEqual({ graphqlRequests: 3, sqlStatements: 12 });
  });
});
