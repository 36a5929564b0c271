import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { envInt, envPrefix, envString } from '../subgraphs/kit/config';
import { repoRoot } from '../subgraphs/kit/paths';
import { BUREAUS } from '../subgraphs';

/**
 * The whole federation as separate processes, as deployed: every subgraph, then the gateway once all are healthy.
 * Used by `npm start` and by the benchmarks.
 */

export interface Service {
  name: string;
  port: number;
}

export interface FederationProcesses {
  host: string;
  gateway: Service;
  subgraphs: Service[];
  /** Stops every process and waits for them to exit. */
  stop(): Promise<void>;
}

export interface FederationProcessOptions {
  env: NodeJS.ProcessEnv;
  /** Each line a service prints. */
  onLine(service: string, line: string): void;
  /** A service stopped by itself (not by `stop()`). */
  onUnexpectedExit(service: string, reason: string): void;
}

/** Polls `/health` until it answers 200; seeding a large population on first start can take minutes. */
async function waitHealthy(host: string, service: Service, child: ChildProcess, timeoutMs: number): Promise<void> {
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

export async function startFederationProcesses(options: FederationProcessOptions): Promise<FederationProcesses> {
  const { env } = options;
  const host = envString('HOST', '127.0.0.1', env);
  const timeoutMs = envInt('START_TIMEOUT_SECONDS', 600, env) * 1000;
  const children: ChildProcess[] = [];
  let stopping = false;

  const launch = (service: Service, script: string, serviceEnv: NodeJS.ProcessEnv): ChildProcess => {
    const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', script)], { env: serviceEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => options.onLine(service.name, line));
    }
    child.on('exit', (code, signal) => {
      if (!stopping) options.onUnexpectedExit(service.name, signal ?? `exit code ${code}`);
    });
    children.push(child);
    return child;
  };

  const stop = async () => {
    stopping = true;
    const exits = children
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map((child) => new Promise((resolve) => child.once('exit', resolve)));
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(exits);
  };

  try {
    const subgraphs = BUREAUS.map((bureau) => ({ name: bureau.name, port: envInt(`${envPrefix(bureau.name)}_PORT`, bureau.defaultPort, env) }));
    // Subgraphs start side by side; each opens (and on first start seeds) its own database.
    await Promise.all(
      subgraphs.map((service) => waitHealthy(host, service, launch(service, `subgraphs/${service.name}/server.js`, env), timeoutMs)),
    );
    const gateway = { name: 'gateway', port: envInt('GATEWAY_PORT', 4000, env) };
    const subgraphUrls = Object.fromEntries(subgraphs.map((s) => [`${envPrefix(s.name)}_URL`, `http://${host}:${s.port}/graphql`]));
    await waitHealthy(host, gateway, launch(gateway, 'gateway/server.js', { ...env, ...subgraphUrls }), timeoutMs);
    return { host, gateway, subgraphs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
