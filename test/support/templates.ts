import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { generateKeyPair } from 'jose';
import { BUREAUS } from '../../subgraphs';
import { createTokenVerifier, trustedKey } from '../../subgraphs/kit/auth/identity';
import type { PopulationOptions } from '../../subgraphs/kit/population';
import { startSubgraph } from '../../subgraphs/kit/server';

/**
 * Seeding four bureau databases and counting their statistics releases takes most of a federation's start (about
 * 30 s of 33 s). A test run does it once per population: the first test file that needs a population builds a
 * template of each bureau's database — seeded, migrated, its release counted and stored, its audit checkpoints
 * written — and every file then starts from a copy: the PGlite data folder copied, or on a server a database made
 * with `CREATE DATABASE … TEMPLATE`. Test workers are separate processes: a lock folder makes one of them the
 * builder and the others wait for its `ready` mark. `TEST_TEMPLATE_DIR` (set by global-setup.ts) is the run's folder;
 * global-teardown.ts removes it and the template databases.
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
        databaseName: serverUrl ? templateDatabaseName(population, bureau.name) : undefined,
        checkpointFile: path.join(dir, `${bureau.name}.audit-checkpoints`),
      },
    ]),
  );
  const ready = path.join(dir, 'ready');
  if (fs.existsSync(ready)) return templates;
  const lock = `${dir}.lock`;
  let builder = false;
  try {
    fs.mkdirSync(lock);
    builder = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (builder) {
    fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
    try {
      await buildTemplates(population, templates);
      fs.writeFileSync(ready, '');
    } catch (error) {
      fs.writeFileSync(path.join(lock, 'failed'), String((error as Error)?.stack ?? error));
      throw error;
    }
    return templates;
  }
  await waitForBuilder(lock, ready);
  return templates;
}

function templateDatabaseName(population: PopulationOptions, bureau: string): string {
  return `${TEMPLATE_DATABASE_PREFIX}${path.basename(templateRoot()).replace(/\W/g, '_')}_${populationKey(population)}_${bureau.replace(/-/g, '_')}`.toLowerCase();
}

async function waitForBuilder(lock: string, ready: string): Promise<void> {
  const deadline = Date.now() + TEMPLATE_WAIT_MS;
  for (;;) {
    if (fs.existsSync(ready)) return;
    if (fs.existsSync(path.join(lock, 'failed'))) throw new Error(`building the test databases' template failed in another worker:\n${fs.readFileSync(path.join(lock, 'failed'), 'utf8')}`);
    const pid = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }));
    if (pid > 0 && !processAlive(pid)) throw new Error(`the worker (pid ${pid}) building the test databases' template ended without finishing it`);
    if (Date.now() > deadline) throw new Error(`the test databases' template was not ready after ${TEMPLATE_WAIT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
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

/** Copies a bureau's template to a test's database: the data folder (embedded) or a database on the server. */
export async function copyTemplate(template: BureauTemplate, target: { dataDir: string; databaseName?: string }): Promise<void> {
  if (template.databaseName) {
    await serverQuery('postgres', `CREATE DATABASE "${target.databaseName}" TEMPLATE "${template.databaseName}"`);
  } else {
    fs.cpSync(template.dataDir, target.dataDir, { recursive: true });
  }
  if (fs.existsSync(template.checkpointFile)) fs.copyFileSync(template.checkpointFile, `${target.dataDir}.audit-checkpoints`);
}

/** Drops every template database of the run (global-teardown.ts). */
export async function dropTemplateDatabases(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL || !process.env.TEST_TEMPLATE_DIR) return;
  const prefix = `${TEMPLATE_DATABASE_PREFIX}${path.basename(templateRoot()).replace(/\W/g, '_')}_`.toLowerCase();
  const client = await serverClient('postgres');
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
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
