import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { envInt, envPrefix, envString } from '../subgraphs/kit/config';
import { repoRoot } from '../subgraphs/kit/paths';
import { BUREAUS } from '../subgraphs';

/**
 * `npm start`: every subgraph and then the gateway, each its own process as in a real deployment. Waits for each
 * to be healthy, prints the URLs, and stops them all on Ctrl-C or SIGTERM. First start creates and seeds the databases.
 */

interface Service {
  name: string;
  script: string;
  port: number;
  child?: ChildProcess;
}

const host = envString('HOST', '127.0.0.1');
const children: ChildProcess[] = [];
let stopping = false;

/** Passes a child's output through, each line prefixed with the service name. */
function prefixOutput(name: string, child: ChildProcess): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
}

function launch(service: Service, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', service.script)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixOutput(service.name, child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${service.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the others.`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

/** Polls `/health` until it answers 200; seeding a large population on first start can take minutes. */
async function waitHealthy(service: Service, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${service.name} exited during start-up`);
    try {
      const response = await fetch(`http://${host}:${service.port}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${service.name} was not healthy within ${timeoutMs / 1000} s`);
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exits = children
    .filter((child) => child.exitCode === null && child.signalCode === null)
    .map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(exits);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const started = Date.now();
  const timeoutMs = envInt('START_TIMEOUT_SECONDS', 600) * 1000;
  const subgraphs: Service[] = BUREAUS.map((bureau) => ({
    name: bureau.name,
    script: `subgraphs/${bureau.name}/server.js`,
    port: envInt(`${envPrefix(bureau.name)}_PORT`, bureau.defaultPort),
  }));
  const subgraphUrls: Record<string, string> = {};
  for (const subgraph of subgraphs) subgraphUrls[`${envPrefix(subgraph.name)}_URL`] = `http://${host}:${subgraph.port}/graphql`;
  // Subgraphs start side by side; each opens (and on first start seeds) its own database.
  await Promise.all(
    subgraphs.map((service) => waitHealthy(service, launch(service, process.env), timeoutMs)),
  );
  const gateway: Service = { name: 'gateway', script: 'gateway/server.js', port: envInt('GATEWAY_PORT', 4000) };
  await waitHealthy(gateway, launch(gateway, { ...process.env, ...subgraphUrls }), timeoutMs);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nThe federation is up (${seconds} s).`);
  console.log(`  GraphiQL and gateway:  http://${host}:${gateway.port}/   (GraphQL endpoint /graphql)`);
  for (const subgraph of subgraphs) console.log(`  ${subgraph.name.padEnd(21)} http://${host}:${subgraph.port}/graphql`);
  console.log('Every request needs a token: `npm run -s token -- --role civil-affairs-caseworker` prints one;');
  console.log('in GraphiQL put it in the Headers tab: {"Authorization": "Bearer <token>", "x-purpose": "social-assistance"}');
  console.log('Press Ctrl-C to stop.\n');
}

main().catch((error) => {
  console.error(`Start failed: ${error instanceof Error ? error.message : error}`);
  void stopAll(1);
});
