import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Once per test run: a fresh folder where disclosure protection results are remembered by the hash of their table
 * (see subgraphs/kit/disclosure-audit/remembered.ts), so the many federations that seed the same population protect
 * each identical release once. Workers inherit it through the environment; global-teardown.ts removes it.
 */
export default function globalSetup(): void {
  process.env.DISCLOSURE_MEMO_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-disclosure-memo-'));
}
