import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTokenVerifier, localSigningKeys, signToken, trustedKey } from '../subgraphs/kit/auth/identity';
import { startFederationProcesses } from './federation-processes';
import { benchPorts, benchPositiveInt } from './bench-options';

/**
 * `npm run bench:security`: what the security checks add to a request's latency. Starts the federation as processes
 * on a fresh embedded database, sends the same persons page through the gateway many times as a relief caseworker,
 * and reads the time each subgraph logged for token verification, field grants and the audit record; the gateway's
 * own verification is timed with the same verifier in this process.
 * BENCH_REQUESTS (default 500) and POPULATION_SIZE (default 20000) set the size of the run; BENCH_CONCURRENCY (default
 * 1) how many requests are in flight at once (under load the audit records of concurrent requests meet).
 */

const QUERY = `query BenchPage {
  persons(first: 20, filter: { districtCode: "640104" }) {
    edges { node { id name sex birthDate ethnicity { name } currentResidence { address community { name district { name } } } residencePermits { number status } } }
  }
}`;

interface Timing {
  durationMs: number;
  verifyMs: number;
  checksMs: number;
  auditMs: number;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function main(): Promise<void> {
  const requests = benchPositiveInt('BENCH_REQUESTS', 500);
  const concurrency = benchPositiveInt('BENCH_CONCURRENCY', 1);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-bench-'));
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    POPULATION_SIZE: String(benchPositiveInt('POPULATION_SIZE', 20_000)),
    ...benchPorts(4100),
  };
  const timings: Record<string, Timing[]> = {};
  let measuring = false;
  console.log(`Starting the federation on a fresh embedded database (${env.POPULATION_SIZE} persons)…`);
  const federation = await startFederationProcesses({
    env,
    onLine: (service, line) => {
      if (!measuring || !line.includes('"graphql request"')) return;
      const entry = JSON.parse(line) as Timing;
      (timings[service] ??= []).push(entry);
    },
    // A service restarted in the middle would spoil the measurement.
    onServiceEvent: (event) => {
      if (event.kind !== 'stopped') return;
      console.error(`${event.service} stopped (${event.reason})`);
      process.exit(1);
    },
  });
  try {
    process.env.DATA_DIR = dataDir;
    const keys = await localSigningKeys();
    const token = await signToken(keys.privateKey, { subject: 'bench', bureau: 'civil-affairs', role: 'CIVIL_AFFAIRS_CASEWORKER' });
    const url = `http://${federation.host}:${federation.gateway.port}/graphql`;
    const send = async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'social-assistance' },
        body: JSON.stringify({ query: QUERY }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`the bench query failed: ${JSON.stringify(body.errors)}`);
    };
    for (let i = 0; i < 50; i += 1) await send(); // warm-up: JIT, connection pools, caches
    measuring = true;
    const latencies: number[] = [];
    let sent = 0;
    const runStarted = performance.now();
    const client = async () => {
      while (sent < requests) {
        sent += 1;
        const started = performance.now();
        await send();
        latencies.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, client));
    const throughput = requests / ((performance.now() - runStarted) / 1000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last log lines
    measuring = false;

    const verify = createTokenVerifier(await trustedKey(keys.publicKey));
    const verifyStarted = performance.now();
    for (let i = 0; i < 2000; i += 1) await verify(token);
    const gatewayVerifyMs = (performance.now() - verifyStarted) / 2000;

    console.log(`\n${requests} requests through the gateway, ${concurrency} at a time (persons page of 20, residence, community, district, permits):`);
    console.log(
      `  end to end: mean ${fmt(mean(latencies))}, p50 ${fmt(percentile(latencies, 50))}, p95 ${fmt(percentile(latencies, 95))}, p99 ${fmt(percentile(latencies, 99))}, ${throughput.toFixed(1)} requests/s`,
    );
    console.log(`  gateway token verification (ES256 once per token, then from the cache; measured here): ${fmt(gatewayVerifyMs)} per request`);
    let security = gatewayVerifyMs;
    for (const [service, entries] of Object.entries(timings)) {
      const verifyMs = mean(entries.map((e) => e.verifyMs));
      const checksMs = mean(entries.map((e) => e.checksMs));
      const auditMs = mean(entries.map((e) => e.auditMs));
      security += verifyMs + checksMs + auditMs;
      console.log(
        `  ${service}: ${entries.length} subgraph requests, mean ${fmt(mean(entries.map((e) => e.durationMs)))} of which ` +
          `token ${fmt(verifyMs)}, field grants ${fmt(checksMs)}, audit record ${fmt(auditMs)}`,
      );
    }
    const p50 = percentile(latencies, 50);
    console.log(`  security checks in all: ${fmt(security)} per request, ${((security / p50) * 100).toFixed(1)}% of the p50 latency`);
  } finally {
    await federation.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
