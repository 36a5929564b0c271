import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateFileOnce } from '../private-files';
import { protect, ProtectionReport } from './protect';
import type { AuditedTable } from './table';

let memoDir: string | undefined;

/** Where this process remembers results (`DISCLOSURE_MEMO_DIR`), set by the subgraph at start; undefined: nowhere. */
export function rememberProtectionsIn(dir: string | undefined): void {
  memoDir = dir;
}

/**
 * `protect` is a pure function of its table (deterministic: the same table gives the same pattern), and costs seconds
 * to tens of seconds on small populations. With `DISCLOSURE_MEMO_DIR` set — the test suite sets it to a fresh folder
 * per run, where many federations seed the same population — each result is kept under the SHA-256 of the table as
 * the solver sees it (every cell, value, status and relation, in canonical order), and an identical table gets it
 * back. Any other table, however slightly different, is protected afresh. Unset (the default), nothing is kept.
 */
export function protectRemembered(table: AuditedTable): Promise<ProtectionReport> {
  if (!memoDir) return protect(table);
  const file = path.join(memoDir, `${fingerprint(table)}.json`);
  if (fs.existsSync(file)) return Promise.resolve(JSON.parse(fs.readFileSync(file, 'utf8')) as ProtectionReport);
  return protect(table).then((report) => {
    createPrivateFileOnce(file, () => JSON.stringify(report));
    return report;
  });
}

function fingerprint(table: AuditedTable): string {
  const cells = table.cells.map((cell) => JSON.stringify([cell.id, cell.status, cell.value ?? null])).sort();
  const relations = table.relations
    .map((relation) => JSON.stringify([relation.atMost ?? false, relation.terms.map((term) => [term.cell, term.coefficient]).sort()]))
    .sort();
  return createHash('sha256')
    .update(JSON.stringify([cells, relations]))
    .digest('hex');
}
