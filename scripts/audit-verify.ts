import fs from 'node:fs';
import pg from 'pg';
import { ChainEvidence, ChainReport, verifyAuditChain } from '../subgraphs/kit/auth/audit';
import { auditCheckpointFile } from '../subgraphs/kit/auth/audit-checkpoints';
import { BUREAU_NAMES } from '../subgraphs/kit/bureau-identity';
import { embeddedDataDir, embeddedServerUrlFile } from '../subgraphs/kit/database';
import { startEmbeddedPostgres } from '../subgraphs/kit/embedded-postgres';
import { bureauSettings, loadSettings, Settings } from '../subgraphs/kit/settings';

/**
 * `npm run audit:verify`: checks every bureau's audit chain — hashes, signatures, and the checkpoints kept outside the
 * database — and reports records edited, re-hashed, renumbered, inserted or deleted, and a tampered checkpoint file.
 * A bureau on a server is read through its URL; an embedded one through its running server, or from its files
 * when the federation is stopped. Exits 1 when any chain is broken.
 */

export async function verifyDatabase(url: string, evidence: ChainEvidence): Promise<ChainReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await verifyAuditChain({ query: async (sql: string) => (await client.query(sql)).rows }, evidence);
  } finally {
    await client.end();
  }
}

async function runningEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  const file = embeddedServerUrlFile(dataDir);
  if (!fs.existsSync(file)) return undefined;
  const url = fs.readFileSync(file, 'utf8').trim();
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return url;
  } catch {
    return undefined; // left behind by a process that no longer runs
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The report of one bureau (its embedded database in `dataDir`, default `DATA_DIR/<bureau>`), or null when it has none yet. */
export async function verifyBureau(bureau: string, dataDir?: string, settings: Settings = loadSettings()): Promise<ChainReport | null> {
  dataDir ??= embeddedDataDir(bureau, settings.DATA_DIR);
  const evidence = { chain: bureau, checkpointFile: auditCheckpointFile(bureau, dataDir, settings.AUDIT_CHECKPOINT_DIR) };
  const url = bureauSettings(settings, bureau).DATABASE_URL ?? (await runningEmbeddedUrl(dataDir));
  if (url) return verifyDatabase(url, evidence);
  if (!fs.existsSync(dataDir)) return null;
  const embedded = await startEmbeddedPostgres(dataDir, 2);
  try {
    return await verifyDatabase(embedded.url, evidence);
  } finally {
    await embedded.stop();
  }
}

async function main(): Promise<void> {
  const settings = loadSettings();
  let broken = false;
  for (const bureau of BUREAU_NAMES) {
    const report = await verifyBureau(bureau, undefined, settings);
    if (!report) {
      console.log(`${bureau}: no database yet`);
      continue;
    }
    const checkpointed = report.lastCheckpoint ? `, checkpointed up to record ${report.lastCheckpoint.seq} at ${report.lastCheckpoint.at}` : '';
    if (report.problems.length === 0) {
      console.log(`${bureau}: audit chain intact (${report.records} records${checkpointed})`);
    } else {
      broken = true;
      console.log(`${bureau}: audit chain BROKEN (${report.records} records)`);
      for (const problem of report.problems) console.log(`  - ${problem}`);
    }
  }
  process.exit(broken ? 1 : 0);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`audit:verify failed: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  });
}
