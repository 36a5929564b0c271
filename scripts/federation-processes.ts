import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { BUREAU_NAMES } from '../subgraphs/kit/bureau-identity';
import { repoRoot } from '../subgraphs/kit/paths';
import { envPrefix, loadSettings } from '../subgraphs/kit/settings';

/**
 * The whole federation as separate processes, as deployed: every subgraph, then the gateway once all are healthy.
 * A service that stops by itself after it has been healthy is started again, with back-off, while the others keep
 * running: the gateway answers a bureau that is down with SERVICE_UNAVAILABLE for its fields only, and serves it again
 * once it is back. Used by `npm start` and by the benchmarks.
 */

/**
 * A service restarted after RESTART_DELAY_SECONDS, doubled each time it stops again up to RESTART_MAX_DELAY_SECONDS,
 * is restarted after the first delay again once it stayed healthy this long before it stopped.
 */
const BACKOFF_RESET_AFTER_HEALTHY_MS = 60_000;

export interface Service {
  name: string;
  port: number;
  /** Its process now; undefined while it waits to be restarted, and after `stop()`. */
  pid: number | undefined;
}

/** What became of a service after it was first healthy; `message` says it in a sentence for the log. */
export type ServiceEvent =
  { kind: 'stopped'; service: string; reason: string; restartInMs: number; message: string } | { kind: 'healthy-again'; service: string; message: string };

export interface FederationProcesses {
  host: string;
  gateway: Service;
  subgraphs: Service[];
  /** Stops every process, restarts none, and waits for them to exit. */
  stop(): Promise<void>;
}

export interface FederationProcessOptions {
  /** The environment of every process; checked whole (loadSettings) before any starts, and a bad one starts none. */
  env: NodeJS.ProcessEnv;
  /** Each line a service prints. */
  onLine(service: string, line: string): void;
  /** A service stopped by itself (not by `stop()`) and is about to be restarted, or is healthy again after it was. */
  onServiceEvent(event: ServiceEvent): void;
}

/** Polls `/health` until it answers 200; seeding a large population on first start can take minutes. */
async function waitHealthy(host: string, service: Service, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${service.name} exited during start-up`);
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
  const settings = loadSettings(env);
  const host = settings.HOST;
  const timeoutMs = settings.START_TIMEOUT_SECONDS * 1000;
  const firstRestartDelayMs = settings.RESTART_DELAY_SECONDS * 1000;
  const maxRestartDelayMs = settings.RESTART_MAX_DELAY_SECONDS * 1000;
  const running = new Set<ChildProcess>();
  const restartTimers = new Set<NodeJS.Timeout>();
  let stopping = false;

  /**
   * Starts a service's process and resolves once it is healthy. A process that exits before it was ever healthy fails
   * the start (a wrong setting would only fail again); after that, whenever it exits by itself it is started again.
   */
  const supervise = async (service: Service, script: string, serviceEnv: NodeJS.ProcessEnv): Promise<void> => {
    let wasHealthy = false;
    let healthySince: number | undefined;
    /** Restarts since it last stayed healthy for BACKOFF_RESET_AFTER_HEALTHY_MS. */
    let restarts = 0;

    const launch = (): ChildProcess => {
      const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', script)], { env: serviceEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      service.pid = child.pid;
      running.add(child);
      for (const stream of [child.stdout, child.stderr]) {
        readline.createInterface({ input: stream }).on('line', (line) => options.onLine(service.name, line));
      }
      child.on('exit', (code, signal) => {
        running.delete(child);
        service.pid = undefined;
        if (stopping || !wasHealthy) return;
        if (healthySince !== undefined && Date.now() - healthySince >= BACKOFF_RESET_AFTER_HEALTHY_MS) restarts = 0;
        healthySince = undefined;
        const restartInMs = Math.min(firstRestartDelayMs * 2 ** restarts, maxRestartDelayMs);
        restarts += 1;
        const reason = signal ?? `exit code ${code}`;
        options.onServiceEvent({
          kind: 'stopped',
          service: service.name,
          reason,
          restartInMs,
          message: `${service.name} stopped unexpectedly (${reason}); restarting it in ${restartInMs / 1000} s, the other services keep running`,
        });
        const timer = setTimeout(() => {
          restartTimers.delete(timer);
          relaunch();
        }, restartInMs);
        restartTimers.add(timer);
      });
      return child;
    };

    const relaunch = () => {
      waitHealthy(host, service, launch(), timeoutMs).then(
        () => {
          healthySince = Date.now();
          options.onServiceEvent({ kind: 'healthy-again', service: service.name, message: `${service.name} is healthy again after its restart` });
        },
        // It exited again (and is restarted once more), or hangs unhealthy: /health says so.
        () => undefined,
      );
    };

    await waitHealthy(host, service, launch(), timeoutMs);
    wasHealthy = true;
    healthySince = Date.now();
  };

  const stop = async () => {
    stopping = true;
    for (const timer of restartTimers) clearTimeout(timer);
    const exits = [...running].map((child) => new Promise((resolve) => child.once('exit', resolve)));
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(exits);
  };

  try {
    const subgraphs: Service[] = BUREAU_NAMES.map((name) => ({ name, port: settings.bureaus[name].PORT, pid: undefined }));
    const gateway: Service = { name: 'gateway', port: settings.GATEWAY_PORT, pid: undefined };
    // Subgraphs start side by side; each opens (and on first start seeds) its own database.
    await Promise.all(subgraphs.map((service) => supervise(service, `subgraphs/${service.name}/server.js`, env)));
    const subgraphUrls = Object.fromEntries(subgraphs.map((s) => [`${envPrefix(s.name)}_URL`, `http://${host}:${s.port}/graphql`]));
    await supervise(gateway, 'gateway/server.js', { ...env, ...subgraphUrls });
    return { host, gateway, subgraphs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
