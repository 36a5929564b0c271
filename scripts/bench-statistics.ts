import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localSigningKeys, signToken } from '../subgraphs/kit/auth/identity';
import { startFederationProcesses } from './federation-processes';

/**
 * `npm run bench:statistics`: how fast the dashboard figures come on a large population. Starts the federation as
 * processes on fresh databases (embedded, or the servers named by <BUREAU>_DATABASE_URL), seeded with POPULATION_SIZE
 * persons (default 300,000), then asks each panel's query BENCH_REQUESTS times (default 20) as an analyst and prints
 * the latency of each. The first start seeds every bureau, which takes minutes at this size.
 */

const PANELS: Record<string, string> = {
  'schooling by district (public security + education, @requires)': `{ districts { name schoolEnrolment { byAgeGroup { ageGroup schoolAgeChildren enrolled rate } compulsoryEducation { rate } } } }`,
  'employment by district': `{ districts { name employment { registered employed withContract contractRate insurance { type insured rate } trained disputesOpen disputesClosed wagesRecovered } } }`,
  'relief and mediation by district': `{ districts { name reliefAndMediation { reliefCases reliefAmountPaid disputesFound disputesOpen settledByLevel { level settled } medianDaysToSettle servicePointVisits } } }`,
  'roll-out against the plan': `{ districts { name rollout(from: 2013, to: 2018) { year openedCumulative coverage onTarget } servicePointSpending { total overCap { name } } } }`,
  'relief and mediation by community (212 communities)': `{ districts { communities { code reliefAndMediation { disputesFound disputesOpen } } } }`,
};

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

async function main(): Promise<void> {
  const requests = Number(process.env.BENCH_REQUESTS ?? 20);
  const size = process.env.POPULATION_SIZE ?? '300000';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-bench-'));
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', POPULATION_SIZE: size, START_TIMEOUT_SECONDS: '3600',
    GATEWAY_PORT: '4200', PUBLIC_SECURITY_PORT: '4201', CIVIL_AFFAIRS_PORT: '4202', EDUCATION_PORT: '4203', HUMAN_RESOURCES_PORT: '4204' };
  console.log(`Starting the federation and seeding ${size} persons in every bureau…`);
  const started = Date.now();
  const federation = await startFederationProcesses({
    env,
    onLine: () => undefined,
    onUnexpectedExit: (service, reason) => {
      console.error(`${service} stopped (${reason})`);
      process.exit(1);
    },
  });
  console.log(`Up after ${((Date.now() - started) / 1000).toFixed(0)} s (seeding included).\n`);
  try {
    process.env.DATA_DIR = dataDir;
    const token = await signToken((await localSigningKeys()).privateKey, { subject: 'bench', bureau: 'statistics', role: 'ANALYST' });
    const url = `http://${federation.host}:${federation.gateway.port}/graphql`;
    for (const [panel, query] of Object.entries(PANELS)) {
      const times: number[] = [];
      for (let i = 0; i < requests + 2; i += 1) {
        const begun = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'statistics' },
          body: JSON.stringify({ query }),
        });
        const body = (await response.json()) as { errors?: unknown[] };
        if (body.errors) throw new Error(`${panel}: ${JSON.stringify(body.errors)}`);
        if (i >= 2) times.push(performance.now() - begun); // the first two warm up caches and plans
      }
      console.log(`  ${panel}: p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms`);
    }
  } finally {
    await federation.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
