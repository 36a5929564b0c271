import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localSigningKeys, signToken } from '../subgraphs/kit/auth/identity';
import { BUREAU_NAMES } from '../subgraphs/kit/bureau-identity';
import { startFederationProcesses } from './federation-processes';
import { benchPorts, benchPositiveInt } from './bench-options';
import { dashboardQueries } from './dashboard-queries';

/**
 * `npm run bench:statistics`: how fast the dashboard figures come on a large population. Starts the federation as
 * processes on fresh databases (embedded, or the servers named by <BUREAU>_DATABASE_URL), seeded with POPULATION_SIZE
 * persons (default 300,000), then asks each dashboard panel's query for the city (gateway/dashboard/queries/*.graphql) and a few
 * more BENCH_REQUESTS times (default 20) as an analyst and prints the latency of each: the first answer (figures
 * counted afresh) and the p50/p95 of the rest (figures from the subgraphs' latest release). The first
 * start seeds every bureau, which takes minutes at this size; BENCH_DATA_DIR keeps the seeded databases for next time.
 */

const MORE_PANELS: Record<string, string> = {
  'schooling by district (public security + education, @requires)': `{ districts { name schoolEnrolment { byAgeGroup { ageGroup schoolAgeChildren enrolled rate } compulsoryEducation { rate } } } }`,
  'employment by district': `{ districts { name employment { registered employed withContract contractRate insurance { type insured rate } trained disputesOpen disputesClosed wagesRecovered } } }`,
  'relief and mediation by district': `{ districts { name reliefAndMediation { reliefCases reliefAmountPaid disputesFound disputesOpen settledByLevel { level settled } medianDaysToSettle servicePointVisits } } }`,
  'population by community (212 communities)': `{ districts { communities { code population { registeredMigrants validPermits permitRate } } } }`,
  'relief and mediation by community (212 communities)': `{ districts { communities { code reliefAndMediation { disputesFound disputesOpen } } } }`,
};

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

async function main(): Promise<void> {
  const requests = benchPositiveInt('BENCH_REQUESTS', 20);
  const size = String(benchPositiveInt('POPULATION_SIZE', 300_000));
  const dataDir = process.env.BENCH_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-bench-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const variablesOf: Record<string, Record<string, unknown>> = {};
  const panels: Record<string, string> = { ...MORE_PANELS };
  for (const { file, query, variables } of dashboardQueries()) {
    panels[`dashboard panel ${file}`] = query;
    variablesOf[`dashboard panel ${file}`] = variables;
  }
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    POPULATION_SIZE: size,
    START_TIMEOUT_SECONDS: '3600',
    ...benchPorts(4200),
  };
  console.log(`Starting the federation and seeding ${size} persons in every bureau…`);
  const counted = new Set<string>();
  let allCounted = () => undefined as void;
  const figuresCounted = new Promise<void>((resolve) => (allCounted = resolve));
  const started = Date.now();
  const federation = await startFederationProcesses({
    env,
    // Each subgraph makes its statistics release (counted, protected, stored) once it listens: report how long that took.
    onLine: (service, line) => {
      if (!line.includes('statistics release ready') && !line.includes('figures could not be counted')) return;
      console.log(`  ${service}: ${JSON.parse(line).msg} (${JSON.parse(line).ms ?? '–'} ms)`);
      counted.add(service);
      if (counted.size === BUREAU_NAMES.length) allCounted();
    },
    // A service restarted in the middle would spoil the measurement.
    onServiceEvent: (event) => {
      if (event.kind !== 'stopped') return;
      console.error(`${event.service} stopped (${event.reason})`);
      process.exit(1);
    },
  });
  console.log(`Up after ${((Date.now() - started) / 1000).toFixed(0)} s (seeding included).`);
  await figuresCounted;
  console.log('');
  try {
    process.env.DATA_DIR = dataDir;
    const token = await signToken((await localSigningKeys()).privateKey, { subject: 'bench', bureau: 'statistics', role: 'ANALYST' });
    const url = `http://${federation.host}:${federation.gateway.port}/graphql`;
    for (const [panel, query] of Object.entries(panels)) {
      const variables = variablesOf[panel] ?? {};
      const times: number[] = [];
      let first = 0;
      for (let i = 0; i < requests + 1; i += 1) {
        const begun = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'statistics' },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { errors?: unknown[] };
        if (body.errors) throw new Error(`${panel}: ${JSON.stringify(body.errors)}`);
        if (i === 0) first = performance.now() - begun;
        else times.push(performance.now() - begun);
      }
      console.log(`  ${panel}: first ${first.toFixed(0)} ms, then p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms`);
    }
  } finally {
    await federation.stop();
    if (!process.env.BENCH_DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
