import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Kind, parse, print, visit } from 'graphql';
import { repoRoot } from '../subgraphs/kit/paths';

/**
 * Hive Gateway, the peer `npm run bench` measures the gateway against: the same supergraph on the same running
 * subgraphs. It is never a dependency of the project: the bench installs the pinned version from the npm registry on
 * first use, into node_modules/.cache, and runs its CLI with node.
 */

/** The newest release; it runs on Node 20 although some of its dependencies declare Node >= 22 (npm warns). */
export const HIVE_GATEWAY_VERSION = '2.15.1';

const PACKAGE = '@graphql-hive/gateway';

/** The headers a client's request passes on to every subgraph: who asks and why (and its request id, when it sends one). */
export const PROPAGATED_HEADERS = ['authorization', 'x-purpose', 'x-request-id'];

export interface Hive {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * `sdl` with the URL of every subgraph it joins replaced by `urls[name]` (name as the supergraph's `@join__graph`
 * gives it); throws if `urls` lacks one. Rewritten in the document's syntax tree, so nothing else changes meaning.
 */
export function withSubgraphUrls(sdl: string, urls: Record<string, string>): string {
  const missing: string[] = [];
  const document = visit(parse(sdl), {
    [Kind.DIRECTIVE](directive) {
      if (directive.name.value !== 'join__graph') return undefined;
      const name = directive.arguments?.find((argument) => argument.name.value === 'name')?.value;
      const subgraph = name?.kind === Kind.STRING ? name.value : undefined;
      const url = subgraph === undefined ? undefined : urls[subgraph];
      if (url === undefined) {
        missing.push(subgraph ?? '(unnamed)');
        return undefined;
      }
      return {
        ...directive,
        arguments: directive.arguments?.map((argument) =>
          argument.name.value === 'url' ? { ...argument, value: { kind: Kind.STRING, value: url } } : argument,
        ),
      };
    },
  });
  if (missing.length > 0) throw new Error(`no URL for the subgraph(s) ${missing.join(', ')}`);
  return print(document);
}

/** The CLI script of the pinned Hive Gateway, installed first if it is not there yet. */
export function installHive(): string {
  const prefix = path.join(repoRoot(), 'node_modules', '.cache', 'bench-hive-gateway');
  const packageDir = path.join(prefix, 'node_modules', ...PACKAGE.split('/'));
  const manifest = path.join(packageDir, 'package.json');
  const installed = () =>
    fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string; bin: Record<string, string> }) : undefined;
  if (installed()?.version !== HIVE_GATEWAY_VERSION) {
    console.log(`Installing ${PACKAGE}@${HIVE_GATEWAY_VERSION} into ${prefix} (once)…`);
    fs.mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `${PACKAGE}@${HIVE_GATEWAY_VERSION}`], {
      stdio: 'inherit',
    });
  }
  const bin = installed()?.bin['hive-gateway'];
  if (!bin) throw new Error(`${PACKAGE}@${HIVE_GATEWAY_VERSION} did not install its hive-gateway command in ${prefix}`);
  return path.join(packageDir, bin);
}

/**
 * The gateway config: client headers to every subgraph, and no in-flight deduplication of subgraph requests (it would
 * merge concurrent identical reads, which the subgraphs must each audit).
 */
function configModule(): string {
  return `export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      return Object.fromEntries(${JSON.stringify(PROPAGATED_HEADERS)}.map((name) => [name, request.headers.get(name)]).filter(([, value]) => value !== null));
    },
  },
  transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
};
`;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('Hive Gateway exited during start-up');
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`Hive Gateway was not ready within ${timeoutMs / 1000} s`);
}

/**
 * Starts Hive Gateway on `host:port` serving `supergraphSdl` with its subgraphs at `subgraphUrls`; its files go in
 * `dir`. `onLine` gets every line it prints.
 */
export async function startHive(options: {
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  host: string;
  port: number;
  dir: string;
  onLine(line: string): void;
}): Promise<Hive> {
  const bin = installHive();
  const supergraphFile = path.join(options.dir, 'supergraph.graphql');
  fs.writeFileSync(supergraphFile, withSubgraphUrls(options.supergraphSdl, options.subgraphUrls));
  const configFile = path.join(options.dir, 'gateway.config.mjs');
  fs.writeFileSync(configFile, configModule());
  const child = spawn(
    process.execPath,
    [bin, 'supergraph', supergraphFile, '--config-path', configFile, '--host', options.host, '--port', String(options.port)],
    {
      cwd: options.dir,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const stream of [child.stdout, child.stderr]) readline.createInterface({ input: stream }).on('line', options.onLine);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const base = `http://${options.host}:${options.port}`;
  try {
    await waitReady(`${base}/readiness`, child, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `${base}/graphql`, pid: child.pid, stop };
}
