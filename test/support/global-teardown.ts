import fs from 'node:fs';
import os from 'node:os';

/** Removes the run's disclosure memo folder made by global-setup.ts (only ours, under the temp folder). */
export default function globalTeardown(): void {
  const dir = process.env.DISCLOSURE_MEMO_DIR;
  if (dir?.startsWith(`${os.tmpdir()}/mpg-disclosure-memo-`)) fs.rmSync(dir, { recursive: true, force: true });
}
