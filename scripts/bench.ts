import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { localSigningKeys, signToken } from '../subgraphs/kit/auth/identity';
import { BUREAU_NAMES } from '../subgraphs/kit/bureau-identity';
import { embeddedDataDir, embeddedServerUrlFile } from '../subgraphs/kit/database';
import { envPrefix } from '../subgraphs/kit/settings';
import { isDeepStrictEqual } from 'node:util';
import { benchPerson, dashboardPanels, Floor, ONE_PERSON, PAGE_100, PAGE_20, startFloor } from './bench-floor';
import { benchPorts, benchPositiveInt } from './bench-options';
import { FederationProcesses, startFederationProcesses } from './federation-processes';

/**
 * `npm run bench`: the federation under load. Starts every subgraph and the gateway as processes (on the PostgreSQL
 * servers named by <BUREAU>_DATABASE_URL, else embedded in BENCH_DATA_DIR or a temp folder; a database already seeded
 * with the same population is reused as it is, the kit's seed marker says so), then drives fixed workloads with
 * autocannon, BENCH_ROUNDS rounds of BENCH_SECONDS each at BENCH_CONNECTIONS connections, and prints the medians:
 * requests/s, p50/p99 latency, and the resident memory of every process after each workload.
 */

interface Workload {
  name: string;
  /** One or more requests, sent round-robin by every connection. */
  bodies: string[];
  headers: Record<string, string>;
}

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function post(url: string, headers: Record<string, string>, body: string): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers, body });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (answer.errors) throw new Error(`${body.slice(0, 60)}…: ${JSON.stringify(answer.errors).slice(0, 500)}`);
  return answer.data;
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
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function workloads(url: string): Promise<Workload[]> {
  const keys = await localSigningKeys();
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
  const districts = await post(url, caseworker, JSON.stringify({ query: '{ districts { code } }' }));
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
  const panels = dashboardPanels().map(({ query, variables }) => JSON.stringify({ query, variables }));
  return [
    { name: 'one person across four bureaus', bodies: [JSON.stringify({ query: ONE_PERSON, variables: { id: person.id } })], headers: caseworker },
    { name: 'page of 20 of a district', bodies: [JSON.stringify({ query: PAGE_20, variables: { district: largest.code } })], headers: caseworker },
    { name: 'page of 100 with jobs and schooling', bodies: [JSON.stringify({ query: PAGE_100, variables: { district: largest.code } })], headers: caseworker },
    { name: `dashboard panels (${panels.length}, round-robin)`, bodies: panels, headers: analyst },
  ];
}

async function main(): Promise<void> {
  const onServer = BUREAU_NAMES.some((name) => process.env[`${envPrefix(name)}_DATABASE_URL`]);
  // Embedded, every bureau seeds in its own PGlite on the same two cores: a smaller default keeps the first start short.
  const size = benchPositiveInt('POPULATION_SIZE', onServer ? 300_000 : 20_000);
  const rounds = benchPositiveInt('BENCH_ROUNDS', 3);
  const seconds = benchPositiveInt('BENCH_SECONDS', 10);
  const connections = benchPositiveInt('BENCH_CONNECTIONS', 10);
  const dataDir = process.env.BENCH_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-bench-'));
  fs.mkdirSync(dataDir, { recursive: true });
  process.env.DATA_DIR = dataDir;
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', POPULATION_SIZE: String(size), START_TIMEOUT_SECONDS: '3600', ...benchPorts(4700) };
  console.log(`Starting the federation (${onServer ? 'PostgreSQL server' : 'embedded'}, ${size} persons; seeding on first start)…`);
  const started = Date.now();
  let federation: FederationProcesses | undefined;
  let floor: Floor | undefined;
  // The kit keeps a database seeded with another population (and says so): measuring it would mislabel the figures.
  const otherPopulation = new Set<string>();
  try {
    federation = await startFederationProcesses({
      env,
      onLine: (service, line) => {
        if (line.includes('already holds another synthetic population')) otherPopulation.add(service);
      },
      // A service restarted in the middle would spoil the measurement.
      onServiceEvent: (event) => {
        if (event.kind !== 'stopped') return;
        console.error(`${event.service} stopped (${event.reason})`);
        process.exit(1);
      },
    });
    if (otherPopulation.size > 0) {
      throw new Error(`${[...otherPopulation].join(', ')} hold another population than ${size} persons: use another BENCH_DATA_DIR or database`);
    }
    console.log(`Up after ${((Date.now() - started) / 1000).toFixed(0)} s. ${rounds} round(s) of ${seconds} s at ${connections} connections.`);
    const url = `http://${federation.host}:${federation.gateway.port}/graphql`;
    const chosen = await workloads(url);
    // A warm-up request of each: the statistics releases and the connection pools are ready before anything is timed.
    for (const workload of chosen) for (const body of workload.bodies) await post(url, workload.headers, body);
    // The floor reads the databases directly: on the servers, or through the socket each subgraph serves its PGlite on
    // (which takes two connections besides the subgraph's pool, see kit/database.ts).
    const floorUrls = onServer
      ? BUREAU_NAMES.map((name) => process.env[`${envPrefix(name)}_DATABASE_URL`]).filter((u): u is string => !!u)
      : BUREAU_NAMES.map((name) => fs.readFileSync(embeddedServerUrlFile(embeddedDataDir(name, dataDir)), 'utf8').trim());
    floor = await startFloor(floorUrls, onServer ? connections : 2);
    for (const workload of chosen) {
      for (const body of workload.bodies) {
        const [gatewayData, floorData] = await Promise.all([post(url, workload.headers, body), post(floor.url, workload.headers, body)]);
        if (!isDeepStrictEqual(gatewayData, floorData)) {
          throw new Error(
            `the floor answers ${workload.name} otherwise than the gateway:\n${JSON.stringify(floorData).slice(0, 800)}\n${JSON.stringify(gatewayData).slice(0, 800)}`,
          );
        }
      }
    }
    const processes = [federation.gateway, ...federation.subgraphs];
    console.log('');
    console.log(
      `| workload | requests/s | p50 ms | p99 ms | errors | floor requests/s | floor p50 ms | gateway/floor throughput | RSS MB (${processes.map((p) => p.name).join(', ')}) |`,
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const workload of chosen) {
      const measures: Measure[] = [];
      const floorMeasures: Measure[] = [];
      // Gateway and floor interleaved per round, so a change in the machine's load touches both alike.
      for (let round = 0; round < rounds; round += 1) {
        measures.push(await run(url, workload, seconds, connections));
        if (floor) floorMeasures.push(await run(floor.url, workload, seconds, connections));
      }
      const rss = processes.map((p) => rssMb(p.pid) ?? '–').join(', ');
      const m = (key: keyof Measure) => median(measures.map((measure) => measure[key]));
      const f = (key: keyof Measure) => (floorMeasures.length ? median(floorMeasures.map((measure) => measure[key])) : undefined);
      const ratio = f('rps') ? (m('rps') / f('rps')!).toFixed(2) : '–';
      console.log(
        `| ${workload.name} | ${m('rps').toFixed(1)} | ${m('p50')} | ${m('p99')} | ${m('errors')} | ${f('rps')?.toFixed(1) ?? '–'} | ${f('p50') ?? '–'} | ${ratio} | ${rss} |`,
      );
    }
  } finally {
    await floor?.stop();
    await federation?.stop();
    if (!process.env.BENCH_DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
