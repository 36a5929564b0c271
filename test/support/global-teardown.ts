import fs from 'node:fs';
import os from 'node:os';
import { dropTemplateDatabases } from './templates';

/** Removes the run's folders made by global-setup.ts (only ours, under the temp folder) and its template databases. */
export default async function globalTeardown(): Promise<void> {
  await dropTemplateDatabases();
  for (const [variable, prefix] of [
    ['DISCLOSURE_MEMO_DIR', 'mpg-disclosure-memo-'],
    ['TEST_TEMPLATE_DIR', 'mpg-templates-'],
  ]) {
    const dir = process.env[variable];
    if (dir?.startsWith(`${os.tmpdir()}/${prefix}`)) fs.rmSync(dir, { recursive: true, force: true });
  }
}
