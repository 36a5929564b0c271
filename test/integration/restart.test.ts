import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FederationProcesses, ServiceEvent, startFederationProcesses } from '../../scripts/federation-processes';
import { BUREAUS } from '../../subgraphs';
import { localSigningKeys } from '../../subgraphs/kit/auth/identity';
import { envPrefix } from '../../subgraphs/kit/settings';
import { repoRoot } from '../../subgraphs/kit/paths';
import { callerHeaders, CASEWORKER, dropTestDatabase, postGraphQL, TEST_POPULATION, testDatabaseUrl } from '../support/federation';
import { bureauTemplates, copyTemplate } from '../support/templates';

// `npm start`'s federation, as real processes (scripts/federation-processes.ts, the code npm start runs): a subgraph
// killed with SIGKILL is restarted with back-off while the gateway and the other bureaus keep serving, and the
// gateway serves the bureau again once it is back, without being restarted itself. stop() ends every process and
// cancels a pending restart.

const PERSONS_AND_COMMUNITIES = `{ persons(first: 5) { edges { node { id name currentResidence { community { code name } } } } } }`;
const KILLED = 'civil-affairs';

let federation: FederationProcesses | undefined;
let tempDir: string;
const databaseNames: string[] = [];
const events: ServiceEvent[] = [];
let headers: Record<string, string>;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await sleep(250);
  }
  throw new Error(`not within ${timeoutMs / 1000} s: ${what}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pidOf = (name: string) => [federation!.gateway, ...federation!.subgraphs].find((service) => service.name === name)!.pid;
const query = () => postGraphQL(`http://${federation!.host}:${federation!.gateway.port}/graphql`, PERSONS_AND_COMMUNITIES, undefined, headers);

beforeAll(async () => {
  // The processes run the built code, as npm start does: build what is missing or stale.
  execFileSync(process.execPath, [path.join(repoRoot(), 'scripts/ensure-built.js')], { stdio: 'ignore' });
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-restart-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const runId = randomBytes(4).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    DATA_DIR: tempDir,
    POPULATION_SEED: String(TEST_POPULATION.seed),
    POPULATION_SIZE: String(TEST_POPULATION.size),
    // Tokens signed with the local demo key made under DATA_DIR, whatever the outer environment names.
    AUTH_JWKS_URL: '',
    AUTH_PUBLIC_KEY: '',
    AUDIT_CHECKPOINT_DIR: '',
    // Down for 5 s before the first restart, then 10 s: a wide margin for the query below (well under a second) to
    // find it down.
    RESTART_DELAY_SECONDS: '5',
    RESTART_MAX_DELAY_SECONDS: '30',
    GATEWAY_PORT: String(await freePort()),
  };
  // Each bureau's database copied from the run's seeded template, where `npm start` keeps it (DATA_DIR/<bureau>).
  const templates = await bureauTemplates(TEST_POPULATION);
  for (const bureau of BUREAUS) {
    const prefix = envPrefix(bureau.name);
    env[`${prefix}_PORT`] = String(await freePort());
    env[`${prefix}_APP_DATABASE_URL`] = '';
    env[`${prefix}_DATABASE_URL`] = '';
    let databaseName: string | undefined;
    if (serverUrl) {
      databaseName = `mpg_test_${runId}_${bureau.name.replace(/-/g, '_')}`;
      databaseNames.push(databaseName);
      env[`${prefix}_DATABASE_URL`] = testDatabaseUrl(databaseName);
    }
    await copyTemplate(templates[bureau.name], { dataDir: path.join(tempDir, bureau.name), databaseName });
  }
  federation = await startFederationProcesses({ env, onLine: () => undefined, onServiceEvent: (event) => events.push(event) });
  const keys = await localSigningKeys(path.join(tempDir, 'keys', 'local-signing-key.json'));
  headers = await callerHeaders(keys.privateKey, CASEWORKER);
}, 900_000);

afterAll(async () => {
  await federation?.stop();
  for (const name of databaseNames) await dropTestDatabase(name);
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('a subgraph process that dies', () => {
  it("is restarted while the gateway serves the other bureaus' fields, and is served again once it is back", async () => {
    const allUp = await query();
    expect(allUp.errors).toBeUndefined();
    const edges = allUp.data.persons.edges;
    expect(edges).toHaveLength(5);
    for (const { node } of edges) expect(node.currentResidence.community.name).toEqual(expect.any(String));
    const gatewayPid = pidOf('gateway');
    const otherPids = federation!.subgraphs.filter((s) => s.name !== KILLED).map((s) => s.pid);
    const killedPid = pidOf(KILLED)!;

    process.kill(killedPid, 'SIGKILL');
    const stopped = await until('the restart announced', async () => events.find((event) => event.kind === 'stopped'));
    expect(stopped).toMatchObject({ service: KILLED, reason: 'SIGKILL', restartInMs: 5000 });
    expect(stopped.message).toBe(`${KILLED} stopped unexpectedly (SIGKILL); restarting it in 5 s, the other services keep running`);

    // Down: public security's persons still come, civil affairs' community names are null with its error.
    const down = await query();
    expect(down.data.persons.edges.map(({ node }: any) => [node.id, node.name])).toEqual(edges.map(({ node }: any) => [node.id, node.name]));
    for (const { node } of down.data.persons.edges) expect(node.currentResidence.community.name).toBeNull();
    expect(down.errors?.length).toBeGreaterThan(0);
    for (const error of down.errors!) expect(error.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', serviceName: KILLED });

    // Back: the same answer as before, from the same gateway process.
    const again = await until('the full answer again', async () => {
      const answer = await query();
      return answer.errors === undefined ? answer : undefined;
    });
    expect(again.data).toEqual(allUp.data);
    expect(pidOf('gateway')).toBe(gatewayPid);
    expect(federation!.subgraphs.filter((s) => s.name !== KILLED).map((s) => s.pid)).toEqual(otherPids);
    expect(pidOf(KILLED)).not.toBe(killedPid);
    expect(isAlive(killedPid)).toBe(false);
    await until('the recovery reported', async () => events.find((event) => event.kind === 'healthy-again'));
    expect(events.map(({ kind, service }) => [kind, service])).toEqual([
      ['stopped', KILLED],
      ['healthy-again', KILLED],
    ]);
  });

  it('waits twice as long before the next restart, and stop() ends every process and cancels the restart', async () => {
    const pids = [federation!.gateway, ...federation!.subgraphs].map((service) => service.pid!);
    process.kill(pidOf(KILLED)!, 'SIGKILL');
    const stopped = await until('the second restart announced', async () => events.filter((event) => event.kind === 'stopped')[1]);
    expect(stopped).toMatchObject({ service: KILLED, reason: 'SIGKILL', restartInMs: 10_000 });

    const eventsBeforeStop = events.length;
    await federation!.stop();
    for (const pid of pids) expect({ pid, alive: isAlive(pid) }).toEqual({ pid, alive: false });
    // Past the time the restart was due: nothing started again.
    await sleep(stopped.restartInMs + 3000);
    expect(events.length).toBe(eventsBeforeStop);
    for (const service of [federation!.gateway, ...federation!.subgraphs]) {
      expect({ service: service.name, pid: service.pid }).toEqual({ service: service.name, pid: undefined });
      const answered = await fetch(`http://${federation!.host}:${service.port}/health`).then(
        () => true,
        () => false,
      );
      expect({ service: service.name, answered }).toEqual({ service: service.name, answered: false });
    }
  });
});
