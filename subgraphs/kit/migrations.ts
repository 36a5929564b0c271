import fs from 'node:fs';
import path from 'node:path';

/** TypeORM reads a migration's timestamp from the last 13 digits of its name; the file name starts with the same. */
const MIGRATION_FILE = /^(\d{13})-[a-z0-9-]+$/;
const CLASS_TIMESTAMP = /(\d{13})$/;

const isMigrationClass = (value: unknown): value is Function =>
  typeof value === 'function' && typeof value.prototype?.up === 'function' && typeof value.prototype?.down === 'function';

/**
 * Every migration class exported by the files of `folder` (a bureau's `migrations/`), in timestamp order, so a new
 * migration file is run without being registered anywhere. Files of this module's own kind are read: `.ts` sources
 * under ts-jest, the compiled `.js` in dist/.
 */
export function migrationsIn(folder: string): Function[] {
  const extension = path.extname(__filename);
  const migrations: { timestamp: string; migration: Function }[] = [];
  for (const file of fs.readdirSync(folder)) {
    if (path.extname(file) !== extension || file.endsWith('.d.ts')) continue;
    const fileTimestamp = MIGRATION_FILE.exec(path.basename(file, extension))?.[1];
    if (!fileTimestamp) throw new Error(`${path.join(folder, file)}: a migration file is named <13-digit timestamp>-<kebab-case-name>${extension}`);
    // A bureau's migrations are found at its start, so they are required synchronously with the rest of its modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported: Record<string, unknown> = require(path.join(folder, file));
    const classes = Object.values(exported).filter(isMigrationClass);
    if (classes.length === 0) throw new Error(`${path.join(folder, file)} exports no migration class (one with up and down)`);
    for (const migration of classes) {
      if (CLASS_TIMESTAMP.exec(migration.name)?.[1] !== fileTimestamp) {
        throw new Error(`${path.join(folder, file)}: the class ${migration.name} must end with the file's timestamp ${fileTimestamp}`);
      }
      migrations.push({ timestamp: fileTimestamp, migration });
    }
  }
  return migrations.sort((a, b) => a.timestamp.localeCompare(b.timestamp)).map((entry) => entry.migration);
}
