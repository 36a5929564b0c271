import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DataSource, MixedList } from 'typeorm';
import { envInt, envOptional, envPrefix } from './config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { retryStatementsOnLostConnection } from './lost-connections';
import type { Logger } from './logger';
import { dataRoot, writePrivateFile } from './private-files';

// Dates are calendar days in this graph: keep PostgreSQL `date` values as 'YYYY-MM-DD' strings instead of
// letting pg turn them into local-midnight Date objects that shift with the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// COUNT(*) and SUM() come back as int8; the counts here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface BureauDatabase {
  dataSource: DataSource;
  /** Connection URL (credentials included): for tools of the same operator, never for logs. */
  url: string;
  /** Where the data lives, for logs: the server URL without credentials, or the embedded data folder. */
  location: string;
  embedded: boolean;
  /** Closes every connection the server has open to this database (an operator's `pg_terminate_backend`). */
  terminateConnections(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  bureau: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  /** A server URL; without one the bureau gets an embedded PGlite database under `dataDir`. */
  url?: string;
  dataDir?: string;
  log: Logger;
}

const POOL_SIZE = 10;
/** `<BUREAU>_DATABASE_URL`, or undefined for the embedded default. */
export function databaseUrlFromEnv(bureau: string): string | undefined {
  return envOptional(`${envPrefix(bureau)}_DATABASE_URL`);
}

/**
 * While a subgraph runs, the URL of its embedded database server is written beside the data folder
 * (`DATA_DIR/<bureau>.server-url`), so tools such as `npm run audit:verify` can connect instead of opening the files
 * a running PGlite holds.
 */
export function embeddedServerUrlFile(dataDir: string): string {
  return `${dataDir}.server-url`;
}

/** `DATA_DIR/<bureau>`: where the embedded database of a bureau is kept between runs. */
export function embeddedDataDir(bureau: string): string {
  return path.join(dataRoot(), bureau);
}

function redact(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** Creates the database named in `url` when it does not exist yet, connecting to the server's `postgres` database. */
async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error('the database URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by a parallel start
      });
    }
  } finally {
    await client.end();
  }
}

async function terminateServerConnections(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  } finally {
    await client.end();
  }
}

/**
 * Opens a bureau's own database — a PostgreSQL server when a URL is given, else embedded PGlite —
 * and brings its schema up to date with the bureau's migrations (never `synchronize`).
 */
export async function openBureauDatabase(options: DatabaseOptions): Promise<BureauDatabase> {
  const embedded = options.url === undefined;
  let url: string;
  let location: string;
  let stopEmbedded = async () => {};
  let terminateConnections = async () => terminateServerConnections(url);
  if (options.url === undefined) {
    const dataDir = options.dataDir ?? embeddedDataDir(options.bureau);
    // The pool's connection, and a few for tools such as audit:verify.
    const server = await startEmbeddedPostgres(dataDir, POOL_SIZE + 2);
    url = server.url;
    terminateConnections = server.dropConnections;
    location = dataDir;
    const urlFile = embeddedServerUrlFile(dataDir);
    writePrivateFile(urlFile, url);
    stopEmbedded = async () => {
      fs.rmSync(urlFile, { force: true });
      await server.stop();
    };
  } else {
    url = options.url;
    location = redact(url);
    await ensureDatabaseExists(url);
  }
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: POOL_SIZE,
      statement_timeout: envInt('SQL_STATEMENT_TIMEOUT_MS', 30_000),
      // A request waiting for a pooled connection fails after this instead of hanging for ever.
      connectionTimeoutMillis: envInt('SQL_STATEMENT_TIMEOUT_MS', 30_000),
    },
  });
  try {
    await dataSource.initialize();
    retryStatementsOnLostConnection(dataSource, POOL_SIZE, (error) =>
      options.log.warn({ err: error }, 'database connection lost; statement sent again on a fresh connection'),
    );
    const applied = await dataSource.runMigrations();
    if (applied.length > 0) options.log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stopEmbedded();
    throw error;
  }
  return {
    dataSource,
    url,
    location,
    embedded,
    terminateConnections: () => terminateConnections(),
    async close() {
      await dataSource.destroy();
      await stopEmbedded();
    },
  };
}
