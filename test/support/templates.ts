import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { generateKeyPair } from 'jose';
import { BUREAUS } from '../../subgraphs';
import { createTokenVerifier, trustedKey } from '../../subgraphs/kit/auth/identity';
import { serviceKeys } from '../../subgraphs/kit/auth/service-keys';
import type { PopulationOptions } from '../../subgraphs/kit/seed';
import { repoRoot } from '../../subgraphs/kit/paths';
import { releaseAsOf } from '../../subgraphs/kit/releases';
import { startSubgraph } from '../../subgraphs/kit/server';

/**
 * Seeding four bureau databases and counting their statistics releases takes most of a federation's start (about
 * 30 s of 33 s). Tests do it once per population: the first test file that needs a population builds a template of
 * each bureau's database — seeded, migrated, its release counted and stored, its audit checkpoints written — and
 * every file then starts from a copy: the PGlite data folder copied, or on a server a database made with
 * `CREATE DATABASE … TEMPLATE`. Test workers are separate processes: a lock folder makes one of them the builder and
 * the others wait for its `ready` mark.
 *
 * Templates are kept between runs, under a key that changes with anything that could change them (templateKey): the
 * code of the subgraphs, the installed packages, the release cut-off, the database kind. `TEST_TEMPLATE_DIR` (set by
 * global-setup.ts) is the folder of the current key; templates of other keys are removed then.
 */

/** How long a worker waits for another worker's template (a build takes about 30 s alone, minutes on a busy machine). */
const TEMPLATE_WAIT_MS = 15 * 60_000;

/** The prefix of every template database of a run (the run's folder name follows it). */
export const TEMPLATE_DATABASE_PREFIX = 'mpg_tmpl_';

export interface BureauTemplate {
  /** The seeded PGlite data folder (embedded), to copy. */
  dataDir: string;
  /** The template database on the server named by TEST_DATABASE_URL (server). */
  databaseName?: string;
  /** The audit checkpoints written while the template was built (they name its chain's head). */
  checkpointFile: string;
}

/** The run's template folder. */
export function templateRoot(): string {
  const dir = process.env.TEST_TEMPLATE_DIR;
  if (!dir) throw new Error('TEST_TEMPLATE_DIR is not set: the tests run through jest, whose global-setup.ts sets it');
  return dir;
}

function populationKey(population: PopulationOptions): string {
  return `${population.seed}_${population.size}`;
}

/** Each bureau's template of `population`, built by this process or waited for while another worker builds it. */
export async function bureauTemplates(population: PopulationOptions): Promise<Record<string, BureauTemplate>> {
  const dir = path.join(templateRoot(), populationKey(population));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const templates = Object.fromEntries(
    BUREAUS.map((bureau) => [
      bureau.name,
      {
        dataDir: path.join(dir, bureau.name),
        databaseName: serverUrl ? templateDatabaseName(populationKey(population), bureau.name) : undefined,
        checkpointFile: path.join(dir, `${bureau.name}.audit-checkpoints`),
      },
    ]),
  );
  await buildOnce(
    dir,
    () => serverTemplatesExist(Object.values(templates)),
    () => buildTemplates(population, templates),
  );
  return templates;
}

/**
 * An empty embedded database in `dataDir`, copied from a cluster made once per key (PGlite's initdb takes seconds,
 * opening a copy under one). Nothing to do on a server, where the kit creates the database named in its URL.
 */
export async function emptyEmbeddedCluster(dataDir: string): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const dir = path.join(templateRoot(), 'empty-cluster');
  await buildOnce(
    dir,
    async () => true,
    async () => {
      const db = await PGlite.create({ dataDir: path.join(dir, 'data') });
      await db.close();
    },
  );
  await copyFolder(path.join(dir, 'data'), dataDir);
}

/**
 * Makes `dir` once: by this process, after any run that was stopped while making it, or by waiting while another
 * worker makes it. `dir/ready` marks it made; `stillThere` says whether what it stands for outside `dir` still is.
 */
async function buildOnce(dir: string, stillThere: () => Promise<boolean>, build: () => Promise<void>): Promise<void> {
  const ready = path.join(dir, 'ready');
  if (fs.existsSync(ready) && (await stillThere())) return;
  const lock = `${dir}.lock`;
  // A run stopped while building left its lock behind: start again.
  if (lockHolderGone(lock)) fs.rmSync(lock, { recursive: true, force: true });
  let builder = false;
  try {
    fs.mkdirSync(lock);
    builder = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!builder) return waitForBuilder(lock, ready);
  fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    await build();
    fs.writeFileSync(ready, '');
    fs.rmSync(lock, { recursive: true, force: true });
  } catch (error) {
    fs.writeFileSync(path.join(lock, 'failed'), String((error as Error)?.stack ?? error));
    throw error;
  }
}

/** On a server, whether the template databases a `ready` mark stands for are still there (always true embedded). */
async function serverTemplatesExist(templates: BureauTemplate[]): Promise<boolean> {
  const names = templates.map((template) => template.databaseName).filter((name) => name !== undefined);
  if (names.length === 0) return true;
  const client = await serverClient('postgres');
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_database WHERE datname = ANY($1)', [names]);
    return rows[0].n === names.length;
  } finally {
    await client.end();
  }
}

/** A lock whose builder process has ended, or that failed (a later run may try again). */
function lockHolderGone(lock: string): boolean {
  if (!fs.existsSync(lock) || readIfThere(path.join(lock, 'failed')) !== null) return fs.existsSync(lock);
  const pid = Number(readIfThere(path.join(lock, 'pid')));
  return pid > 0 && !processAlive(pid);
}

/** Every server template database of a key starts so (the key is hex). */
const templateDatabasesOf = (key: string) => `${TEMPLATE_DATABASE_PREFIX}${key}_`.toLowerCase();

function templateDatabaseName(populationKey: string, bureau: string): string {
  return `${templateDatabasesOf(path.basename(templateRoot()))}${populationKey}_${bureau.replace(/-/g, '_')}`.toLowerCase();
}

async function waitForBuilder(lock: string, ready: string): Promise<void> {
  const deadline = Date.now() + TEMPLATE_WAIT_MS;
  for (;;) {
    if (fs.existsSync(ready)) return;
    const failed = readIfThere(path.join(lock, 'failed'));
    if (failed !== null) throw new Error(`building the test databases' template failed in another worker:\n${failed}`);
    const pid = Number(readIfThere(path.join(lock, 'pid')));
    if (pid > 0 && !processAlive(pid) && !fs.existsSync(ready))
      throw new Error(`the worker (pid ${pid}) building the test databases' template ended without finishing it`);
    if (Date.now() > deadline) throw new Error(`the test databases' template was not ready after ${TEMPLATE_WAIT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A file's text, or null if it is not there (yet, or any more: a builder removes its lock when done). */
function readIfThere(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Seeds each bureau's database as a subgraph does at start, counts its release, and stops it cleanly. */
async function buildTemplates(population: PopulationOptions, templates: Record<string, BureauTemplate>): Promise<void> {
  const keys = await generateKeyPair('ES256');
  const verifyToken = createTokenVerifier(await trustedKey(keys.publicKey));
  await Promise.all(
    BUREAUS.map(async (bureau) => {
      const template = templates[bureau.name];
      if (template.databaseName) await dropServerDatabase(template.databaseName);
      const running = await startSubgraph(bureau, {
        port: 0,
        databaseUrl: template.databaseName && serverDatabaseUrl(template.databaseName),
        dataDir: template.dataDir,
        population,
        verifyToken,
        auditCheckpointSeconds: 3600,
      });
      try {
        await bureau.countFigures?.(bureau.createLoaders(running.database.dataSource));
      } finally {
        await running.stop();
      }
      if (template.databaseName) await dropTemplateRole(template.databaseName);
    }),
  );
}

/**
 * The application role the kit made for the template database holds privileges in it, which every copy would
 * inherit: it is removed before any copy is made (each copy gets a role of its own at start).
 */
async function dropTemplateRole(databaseName: string): Promise<void> {
  const role = `"${databaseName.slice(0, 59)}_app"`;
  await serverQuery(databaseName, `DROP OWNED BY ${role}`);
  await serverQuery('postgres', `DROP ROLE ${role}`);
}

/**
 * A PGlite data folder (about 1,000 files) copied by the system's `cp`: in 0.1 s where fs.cpSync takes a second per
 * folder, blocking the event loop meanwhile (four folders per federation start).
 */
async function copyFolder(from: string, to: string): Promise<void> {
  await promisify(execFile)('cp', ['-R', from, to]);
}

/** Copies a bureau's template to a test's database: the data folder (embedded) or a database on the server. */
export async function copyTemplate(template: BureauTemplate, target: { dataDir: string; databaseName?: string }): Promise<void> {
  if (template.databaseName) {
    await serverQuery('postgres', `CREATE DATABASE "${target.databaseName}" TEMPLATE "${template.databaseName}"`);
  } else {
    await copyFolder(template.dataDir, target.dataDir);
  }
  if (fs.existsSync(template.checkpointFile)) fs.copyFileSync(template.checkpointFile, `${target.dataDir}.audit-checkpoints`);
}

/** Templates unused for this long are removed, those of the current key aside (other checkouts may share the cache). */
const TEMPLATE_CACHE_MAX_IDLE_MS = 2 * 3600_000;

/**
 * Marks the current key's templates as used and removes those idle for two hours, with their server databases (a
 * database another run still copies from is left to it: DROP DATABASE refuses one in use).
 */
export async function pruneTemplateCache(key: string): Promise<void> {
  const root = templateCacheRoot();
  fs.mkdirSync(path.join(root, key), { recursive: true });
  const now = new Date();
  fs.utimesSync(path.join(root, key), now, now);
  const stale = fs
    .readdirSync(root)
    .filter((entry) => entry !== key && now.getTime() - fs.statSync(path.join(root, entry)).mtimeMs > TEMPLATE_CACHE_MAX_IDLE_MS);
  for (const entry of stale) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
  if (process.env.TEST_DATABASE_URL && stale.length > 0) await dropTemplateDatabasesOf(stale);
}

async function dropTemplateDatabasesOf(keys: string[]): Promise<void> {
  const client = await serverClient('postgres');
  try {
    for (const key of keys) {
      const { rows } = await client.query('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [templateDatabasesOf(key)]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

async function dropServerDatabase(name: string): Promise<void> {
  await serverQuery('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await serverQuery('postgres', `DROP ROLE IF EXISTS "${name.slice(0, 59)}_app"`);
}

/** The URL of database `name` on the server named by TEST_DATABASE_URL. */
export function serverDatabaseUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function serverClient(database: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: serverDatabaseUrl(database) });
  await client.connect();
  return client;
}

/** Runs one statement in database `name` of the server named by TEST_DATABASE_URL. */
export async function serverQuery(database: string, sql: string): Promise<void> {
  const client = await serverClient(database);
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * What a template depends on, hashed: every file of the subgraphs' code and reference data, the installed packages
 * (package-lock.json), the release cut-off of today, where the databases are (embedded or a server), and the key
 * their audit checkpoints are signed with.
 */
export function templateKey(): string {
  const hash = createHash('sha256');
  const addTree = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) addTree(full);
      else
        hash
          .update(`${path.relative(repoRoot(), full)}\0`)
          .update(fs.readFileSync(full))
          .update('\0');
    }
  };
  addTree(path.join(repoRoot(), 'subgraphs'));
  hash.update(fs.readFileSync(path.join(repoRoot(), 'package-lock.json')));
  hash.update(`${releaseAsOf()}|${process.env.TEST_DATABASE_URL ?? 'embedded'}`);
  // The templates' audit checkpoints are signed with this checkout's key (DATA_DIR/keys): another checkout sharing
  // node_modules has keys of its own.
  hash.update(serviceKeys('audit-checkpoint').publicKey.export({ type: 'spki', format: 'pem' }));
  return hash.digest('hex').slice(0, 16);
}

/** Where templates are kept between runs: one folder per key, beside the other tools' caches. */
export function templateCacheRoot(): string {
  return path.join(repoRoot(), 'node_modules', '.cache', 'migrant-person-graph-test-templates');
}
