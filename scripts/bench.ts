import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { localKeyFile, localSigningKeys, signToken } from '../subgraphs/kit/auth/identity';
import { BUREAU_NAMES } from '../subgraphs/kit/bureau-identity';
import { embeddedDataDir, embeddedServerUrlFile } from '../subgraphs/kit/database';
import { repoRoot } from '../subgraphs/kit/paths';
import { envPrefix } from '../subgraphs/kit/settings';
import { isDeepStrictEqual } from 'node:util';
import { benchPerson, Floor, ONE_PERSON, PAGE_100, PAGE_20, startFloor } from './bench-floor';
import { Hive, HIVE_GATEWAY_VERSION, startHive } from './bench-hive';
import { benchNonNegativeInt, benchPortBase, benchPorts, benchPositiveInt, databaseUrlWithSuffix } from './bench-options';
import { readServed, Served, servedPerRequest, settle } from './bench-served';
import { dashboardQueries } from './dashboard-queries';
import { FederationProcesses, startFederationProcesses } from './federation-processes';

/**
 * `npm run bench`: the federation under load. Starts every subgraph and the gateway as processes (on the PostgreSQL
 * servers named by <BUREAU>_DATABASE_URL, else embedded in BENCH_DATA_DIR or a temp folder; a database already seeded
 * with the same population is reused as it is, the kit's seed marker says so), then drives fixed workloads with
 * autocannon, BENCH_ROUNDS rounds of BENCH_SECONDS each at BENCH_CONNECTIONS connections, against the gateway, the
 * direct-SQL floor (bench-floor.ts) and Hive Gateway on the same subgraphs (bench-hive.ts), interleaved per round, and
 * prints the medians: requests/s, p50/p99 latency, the ratios gateway/floor and gateway/Hive, SQL statements and
 * subgraph requests per request, the scale ratio of the paged workloads (against a second federation of
 * BENCH_SCALE_SIZE persons, measured in the same rounds) and the resident memory of every process after each workload.
 */

interface Workload {
  name: string;
  /** One or more requests, sent round-robin by every connection. */
  bodies: string[];
  headers: Record<string, string>;
  /** A page of a district's persons: measured at the scale population too. */
  paged?: boolean;
}

interface Measure {
  rps: number;
  /** Infinity when no request completed within the run (every one took longer). */
  p50: number;
  p99: number;
  errors: number;
}

/** Sequential requests of each workload whose cost in SQL statements and subgraph requests is read from /health. */
const COST_REQUESTS = 20;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

type Answer = { data?: any; errors?: { extensions?: { code?: string } }[] };

async function post(url: string, headers: Record<string, string>, body: string): Promise<any> {
  return dataOf(body, await answerOf(url, headers, body));
}

async function answerOf(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers, body });
  if (!response.ok && response.status !== 504) throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return (await response.json()) as Answer;
}

/** The answer's data; throws with its errors if it has any. */
function dataOf(body: string, answer: Answer): any {
  if (answer.errors) throw new Error(`${body.slice(0, 60)}…: ${JSON.stringify(answer.errors).slice(0, 500)}`);
  return answer.data;
}

/** How long the warm-up waits for the bureaus to finish their first statistics release (minutes at 300,000 persons). */
const RELEASE_WAIT_MS = 60 * 60_000;

/**
 * `post`, sent again every few seconds while a bureau misses its deadline: at start each bureau counts and protects
 * its statistics release, which at 300,000 persons keeps it busy for minutes, and nothing is measured before.
 */
async function postWhenReady(url: string, headers: Record<string, string>, body: string): Promise<any> {
  const until = Date.now() + RELEASE_WAIT_MS;
  for (;;) {
    const answer = await answerOf(url, headers, body);
    const late = answer.errors?.length && answer.errors.every((error) => error.extensions?.code === 'DEADLINE_EXCEEDED');
    if (!late || Date.now() > until) return dataOf(body, answer);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}

/** The resident set of a process in MB, from /proc (Linux); undefined where there is none. */
function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function run(url: string, workload: Workload, seconds: number, connections: number): Promise<Measure> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: workload.headers,
    connections,
    duration: seconds,
    requests: workload.bodies.map((body) => ({ method: 'POST' as const, body })),
  });
  const none = result.requests.total === 0;
  return {
    rps: result.requests.average,
    p50: none ? Infinity : result.latency.p50,
    p99: none ? Infinity : result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** The workloads of the federation at `url`, whose services trust the local key pair of `dataDir`. */
async function workloads(url: string, dataDir: string): Promise<Workload[]> {
  const keys = await localSigningKeys(localKeyFile(dataDir));
  const caseworker = {
    'content-type': 'application/json',
    authorization: `Bearer ${await signToken(keys.privateKey, { subject: 'bench', bureau: 'civil-affairs', role: 'CIVIL_AFFAIRS_CASEWORKER', expiresIn: '2h' })}`,
    'x-purpose': 'social-assistance',
  };
  const analyst = {
    'content-type': 'application/json',
    authorization: `Bearer ${await signToken(keys.privateKey, { subject: 'bench', bureau: 'statistics', role: 'ANALYST', expiresIn: '2h' })}`,
    'x-purpose': 'statistics',
  };
  // The district with the most persons, and a person of it with children in school and a job where there is one.
  const districts = await postWhenReady(url, caseworker, JSON.stringify({ query: '{ districts { code } }' }));
  const sizes = await Promise.all(
    districts.districts.map(async ({ code }: { code: string }) => {
      const data = await post(url, caseworker, JSON.stringify({ query: PAGE_20, variables: { district: code } }));
      return { code, count: data.persons.totalCount as number };
    }),
  );
  const largest = sizes.sort((a, b) => b.count - a.count)[0];
  const page = await post(url, caseworker, JSON.stringify({ query: PAGE_100, variables: { district: largest.code } }));
  const nodes = page.persons.edges.map((edge: any) => edge.node);
  const person = benchPerson(nodes);
  const panels = dashboardQueries().map(({ query, variables }) => JSON.stringify({ query, variables }));
  return [
    { name: 'one person across four bureaus', bodies: [JSON.stringify({ query: ONE_PERSON, variables: { id: person.id } })], headers: caseworker },
    {
      name: 'page of 20 of a district',
      bodies: [JSON.stringify({ query: PAGE_20, variables: { district: largest.code } })],
      headers: caseworker,
      paged: true,
    },
    {
      name: 'page of 100 with jobs and schooling',
      bodies: [JSON.stringify({ query: PAGE_100, variables: { district: largest.code } })],
      headers: caseworker,
      paged: true,
    },
    { name: `dashboard panels (${panels.length}, round-robin)`, bodies: panels, headers: analyst },
  ];
}

/** Every answer of `workload` from `url` equals the gateway's (the `data`, deep and in order); throws with both if not. */
async function checkSameAnswers(name: string, url: string, gatewayUrl: string, workload: Workload): Promise<void> {
  for (const body of workload.bodies) {
    const [gatewayData, data] = await Promise.all([post(gatewayUrl, workload.headers, body), post(url, workload.headers, body)]);
    if (!isDeepStrictEqual(gatewayData, data)) {
      throw new Error(
        `${name} answers ${workload.name} otherwise than the gateway:\n${JSON.stringify(data).slice(0, 800)}\n${JSON.stringify(gatewayData).slice(0, 800)}`,
      );
    }
  }
}

/** SQL statements and subgraph requests per request of `workload` through `url`, sent COST_REQUESTS times one after another. */
async function costOf(url: string, workload: Workload, healthUrls: Record<string, string>): Promise<Served> {
  const before = await readServed(healthUrls);
  for (let i = 0; i < COST_REQUESTS; i += 1) await post(url, workload.headers, workload.bodies[i % workload.bodies.length]);
  return servedPerRequest(before, await readServed(healthUrls), COST_REQUESTS);
}

/**
 * Starts a federation of `size` persons with `env`; stops the bench if a service stops in the middle (a restart would
 * spoil the measurement) or a database holds another population (measuring it would mislabel the figures).
 */
async function startBenchFederation(size: number, env: NodeJS.ProcessEnv): Promise<FederationProcesses> {
  const otherPopulation = new Set<string>();
  const federation = await startFederationProcesses({
    env,
    onLine: (service, line) => {
      if (line.includes('already holds another synthetic population')) otherPopulation.add(service);
    },
    onServiceEvent: (event) => {
      if (event.kind !== 'stopped') return;
      console.error(`${event.service} (${size} persons) stopped (${event.reason})`);
      process.exit(1);
    },
  });
  if (otherPopulation.size > 0) {
    await federation.stop();
    throw new Error(`${[...otherPopulation].join(', ')} hold another population than ${size} persons: use another BENCH_DATA_DIR or database`);
  }
  return federation;
}

const graphqlUrl = (federation: FederationProcesses) => `http://${federation.host}:${federation.gateway.port}/graphql`;
const thousands = (n: number) => n.toLocaleString('en-US');

async function main(): Promise<void> {
  const databaseUrls = Object.fromEntries(
    BUREAU_NAMES.map((name) => [`${envPrefix(name)}_DATABASE_URL`, process.env[`${envPrefix(name)}_DATABASE_URL`]]).filter(([, url]) => url),
  ) as Record<string, string>;
  const onServer = Object.keys(databaseUrls).length > 0;
  // Embedded, every bureau seeds in its own PGlite on the same two cores: a smaller default keeps the first start short.
  const size = benchPositiveInt('POPULATION_SIZE', onServer ? 300_000 : 20_000);
  // The same size again would only measure the same thing twice.
  const scaleSize = ((n) => (n === size ? 0 : n))(benchNonNegativeInt('BENCH_SCALE_SIZE', 20_000));
  const rounds = benchPositiveInt('BENCH_ROUNDS', 3);
  const seconds = benchPositiveInt('BENCH_SECONDS', 10);
  // The main federation's ports from BENCH_PORT_BASE on; Hive Gateway's and the scale federation's beside them.
  const portBase = benchPortBase();
  const connections = benchPositiveInt('BENCH_CONNECTIONS', 10);
  const dataDir = process.env.BENCH_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-bench-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', POPULATION_SIZE: String(size), START_TIMEOUT_SECONDS: '3600', ...benchPorts(portBase) };
  // The federation at the scale population: its own ports, its own databases (named like the main ones with a suffix,
  // or in a folder of BENCH_DATA_DIR), seeded on first start and reused after, as the main ones.
  const scaleSuffix = `_at_${scaleSize}`;
  const scaleEnv = {
    ...env,
    DATA_DIR: path.join(dataDir, `scale-${scaleSize}`),
    POPULATION_SIZE: String(scaleSize),
    ...benchPorts(portBase + 100),
    ...Object.fromEntries(Object.entries(databaseUrls).map(([variable, url]) => [variable, databaseUrlWithSuffix(url, scaleSuffix)])),
  };
  if (scaleSize) fs.mkdirSync(scaleEnv.DATA_DIR, { recursive: true });
  const where = onServer ? 'PostgreSQL server' : 'embedded';
  console.log(`Starting the federation (${where}, ${size} persons${scaleSize ? `, and one of ${scaleSize} beside it` : ''}; seeding on first start)…`);
  const started = Date.now();
  let federation: FederationProcesses | undefined;
  let scale: FederationProcesses | undefined;
  let floor: Floor | undefined;
  let hive: Hive | undefined;
  const hiveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-bench-hive-'));
  try {
    const starts = await Promise.allSettled([startBenchFederation(size, env), scaleSize ? startBenchFederation(scaleSize, scaleEnv) : undefined]);
    [federation, scale] = starts.map((start) => (start.status === 'fulfilled' ? start.value : undefined));
    const failed = starts.find((start): start is PromiseRejectedResult => start.status === 'rejected');
    if (failed) throw failed.reason;
    if (!federation) throw new Error('the federation did not start');
    console.log(`Up after ${((Date.now() - started) / 1000).toFixed(0)} s. ${rounds} round(s) of ${seconds} s at ${connections} connections.`);
    const url = graphqlUrl(federation);
    const chosen = await workloads(url, dataDir);
    // The scale federation's paged workloads, on its own largest district.
    const scaleWorkloads = new Map(scale ? (await workloads(graphqlUrl(scale), scaleEnv.DATA_DIR)).filter((w) => w.paged).map((w) => [w.name, w]) : []);
    // A warm-up request of each: the statistics releases and the connection pools are ready before anything is timed.
    for (const workload of chosen) for (const body of workload.bodies) await postWhenReady(url, workload.headers, body);
    for (const workload of scaleWorkloads.values()) for (const body of workload.bodies) await postWhenReady(graphqlUrl(scale!), workload.headers, body);
    console.log(`Every workload answered after ${((Date.now() - started) / 1000).toFixed(0)} s (the statistics releases counted).`);
    // The floor reads the databases directly: on the servers, or through the socket each subgraph serves its PGlite on
    // (which takes two connections besides the subgraph's pool, see kit/database.ts).
    const floorUrls = onServer
      ? Object.values(databaseUrls)
      : BUREAU_NAMES.map((name) => fs.readFileSync(embeddedServerUrlFile(embeddedDataDir(name, dataDir)), 'utf8').trim());
    floor = await startFloor(floorUrls, onServer ? connections : 2);
    for (const workload of chosen) await checkSameAnswers('the floor', floor.url, url, workload);
    const subgraphUrls = Object.fromEntries(federation.subgraphs.map((s) => [s.name, `http://${federation!.host}:${s.port}/graphql`]));
    hive = await startHive({
      supergraphSdl: fs.readFileSync(path.join(repoRoot(), 'schema', 'supergraph.graphql'), 'utf8'),
      subgraphUrls,
      host: federation.host,
      port: portBase + 90,
      dir: hiveDir,
      onLine: (line) => line.trim() && console.error(`hive-gateway: ${line}`),
    });
    for (const workload of chosen) await checkSameAnswers(`Hive Gateway ${HIVE_GATEWAY_VERSION}`, hive.url, url, workload);
    // What each request costs the subgraphs, through either gateway, before anything else loads them.
    const healthUrlsOf = (f: FederationProcesses, label: string) =>
      Object.fromEntries(f.subgraphs.map((s) => [`${s.name}${label}`, `http://${f.host}:${s.port}/health`]));
    const healthUrls = healthUrlsOf(federation, '');
    // Every run waits for the subgraphs of both federations to be quiet before the next starts.
    const allHealthUrls = { ...healthUrls, ...(scale ? healthUrlsOf(scale, ` at ${scaleSize}`) : {}) };
    const costs = new Map<string, { gateway: Served; hive: Served }>();
    for (const workload of chosen) {
      costs.set(workload.name, { gateway: await costOf(url, workload, healthUrls), hive: await costOf(hive.url, workload, healthUrls) });
    }

    const processes = [federation.gateway, { name: 'Hive', pid: hive.pid }, ...federation.subgraphs];
    const small = scaleSize ? thousands(scaleSize) : undefined;
    console.log('');
    console.log(
      [
        'workload',
        'requests/s',
        'p50 ms',
        'p99 ms',
        'floor requests/s',
        'floor p50 ms',
        'floor p99 ms',
        'Hive requests/s',
        'Hive p50 ms',
        'Hive p99 ms',
        'gateway/floor throughput',
        'gateway/Hive throughput',
        'SQL statements per request (gateway, Hive)',
        'subgraph requests per request (gateway, Hive)',
        `p50 ms at ${small ?? '–'}`,
        `p50 at ${thousands(size)} / p50 at ${small ?? '–'}`,
        'errors (gateway, floor, Hive)',
        `RSS MB (${processes.map((p) => p.name).join(', ')})`,
      ].reduce((row, cell) => `${row} ${cell} |`, '|'),
    );
    console.log(`|${'---|'.repeat(18)}`);
    for (const workload of chosen) {
      const measures: Measure[] = [];
      const floorMeasures: Measure[] = [];
      const hiveMeasures: Measure[] = [];
      const scaleMeasures: Measure[] = [];
      const scaleWorkload = scaleWorkloads.get(workload.name);
      // Gateway, floor, Hive (and the gateway at the scale population) interleaved per round, so a change in the
      // machine's load touches all alike.
      for (let round = 0; round < rounds; round += 1) {
        measures.push(await run(url, workload, seconds, connections));
        await settle(allHealthUrls);
        if (floor) floorMeasures.push(await run(floor.url, workload, seconds, connections));
        hiveMeasures.push(await run(hive.url, workload, seconds, connections));
        await settle(allHealthUrls);
        if (scale && scaleWorkload) {
          scaleMeasures.push(await run(graphqlUrl(scale), scaleWorkload, seconds, connections));
          await settle(allHealthUrls);
        }
      }
      const rss = processes.map((p) => rssMb(p.pid) ?? '–').join(', ');
      const of = (list: Measure[], key: keyof Measure) => (list.length ? median(list.map((measure) => measure[key])) : undefined);
      const m = (key: keyof Measure) => of(measures, key)!;
      const f = (key: keyof Measure) => of(floorMeasures, key);
      const h = (key: keyof Measure) => of(hiveMeasures, key)!;
      const ratio = (a: number, b: number | undefined) => (b && Number.isFinite(a / b) ? (a / b).toFixed(2) : '–');
      // None completed within the run: each of the first requests took longer than the run.
      const ms = (value: number | undefined) => (value === undefined ? '–' : Number.isFinite(value) ? value : `> ${seconds * 1000}`);
      const cost = costs.get(workload.name)!;
      const perRequest = (key: keyof Served) => `${cost.gateway[key].toFixed(1)}, ${cost.hive[key].toFixed(1)}`;
      const scaleP50 = of(scaleMeasures, 'p50');
      console.log(
        [
          workload.name,
          m('rps').toFixed(1),
          ms(m('p50')),
          ms(m('p99')),
          f('rps')?.toFixed(1) ?? '–',
          ms(f('p50')),
          ms(f('p99')),
          h('rps').toFixed(1),
          ms(h('p50')),
          ms(h('p99')),
          ratio(m('rps'), f('rps')),
          ratio(m('rps'), h('rps')),
          perRequest('sqlStatements'),
          perRequest('graphqlRequests'),
          ms(scaleP50),
          ratio(m('p50'), scaleP50),
          `${m('errors')}, ${f('errors') ?? '–'}, ${h('errors')}`,
          rss,
        ].reduce<string>((row, cell) => `${row} ${cell} |`, '|'),
      );
    }
  } finally {
    await hive?.stop();
    await floor?.stop();
    await Promise.all([federation?.stop(), scale?.stop()]);
    fs.rmSync(hiveDir, { recursive: true, force: true });
    if (!process.env.BENCH_DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
