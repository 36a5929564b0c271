import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import prettier from 'prettier';
import type { Query } from 'typeorm/driver/Query';
import { BUREAUS } from '../subgraphs';
import type { Bureau } from '../subgraphs/kit/bureau';
import { openBureauDatabase } from '../subgraphs/kit/database';
import { createLogger } from '../subgraphs/kit/logger';
import { repoRoot } from '../subgraphs/kit/paths';
import { describeDrift, SchemaDrift, schemaDrift } from '../subgraphs/kit/schema-drift';
import { KIT_MIGRATIONS } from '../subgraphs/kit/server';

/**
 * `npm run migration:generate -- <bureau> <MigrationName>`: migrates a fresh embedded database (in a temporary folder,
 * no server needed) with the kit's and the bureau's migrations, compares it with the bureau's entities, and writes
 * what differs as a new migration, `subgraphs/<bureau>/migrations/<timestamp>-<migration-name>.ts` — or says there
 * is nothing to do. The bureau finds the file by itself (migrationsIn); review it before committing.
 */

const MIGRATION_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** `AddSchoolWebsite` → `add-school-website`, the file name's part after the timestamp. */
const kebabCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** `await queryRunner.query(…)` for each statement: strings as JSON literals (prettier turns them into the house quotes). */
const statements = (queries: Query[]) =>
  queries.map((query) => `await queryRunner.query(${JSON.stringify(query.query)}${query.parameters?.length ? `, ${JSON.stringify(query.parameters)}` : ''});`);

/** A migration in the house style (see the bureaus' migrations/): a class named `<Name><timestamp>` with up and down. */
export function migrationSource(className: string, upQueries: Query[], downQueries: Query[]): string {
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
    ${statements(upQueries).join('\n    ')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    ${statements([...downQueries].reverse()).join('\n    ')}
  }
}
`;
}

/** A timestamp after the bureau's latest migration, so the new one runs last even with a clock behind. */
function nextTimestamp(bureau: Bureau): number {
  const latest = Math.max(0, ...bureau.migrations.map((migration) => Number(/(\d{13})$/.exec(migration.name)?.[1] ?? 0)));
  return Math.max(Date.now(), latest + 1);
}

/** Writes `bureau`'s next migration, named `name`, when its entities and migrations differ; the file written, or null. */
export async function generateMigration(bureau: Bureau, name: string): Promise<{ file: string; drift: SchemaDrift } | null> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), `mpg-migration-${bureau.name}-`));
  const database = await openBureauDatabase({
    bureau: bureau.name,
    entities: bureau.entities,
    migrations: [...KIT_MIGRATIONS, ...bureau.migrations],
    dataDir: path.join(tempDir, 'db'),
    log: createLogger('migration:generate', 'warn'),
  });
  try {
    const drift = await schemaDrift(database.dataSource);
    if (drift.upQueries.length === 0) return null;
    const timestamp = nextTimestamp(bureau);
    const file = path.join(repoRoot(), 'subgraphs', bureau.name, 'migrations', `${timestamp}-${kebabCase(name)}.ts`);
    const source = migrationSource(`${name}${timestamp}`, drift.upQueries, drift.downQueries);
    const options = await prettier.resolveConfig(file);
    fs.writeFileSync(file, await prettier.format(source, { ...options, filepath: file }));
    return { file, drift };
  } finally {
    await database.close();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [bureauName, name] = process.argv.slice(2);
  const bureau = BUREAUS.find((candidate) => candidate.name === bureauName);
  if (!bureau || !name || !MIGRATION_NAME.test(name)) {
    console.error(`usage: npm run migration:generate -- <${BUREAUS.map((candidate) => candidate.name).join('|')}> <MigrationName in PascalCase>`);
    process.exit(2);
  }
  const written = await generateMigration(bureau, name);
  if (!written) {
    console.log(`${bureau.name}: nothing to do, its entities and migrations agree`);
    return;
  }
  console.log(`${bureau.name}: its entities differ from what its migrations make:`);
  for (const line of describeDrift(written.drift)) console.log(line);
  console.log(`wrote ${path.relative(process.cwd(), written.file)}: review it, then run test/integration/migrations.test.ts`);
  // TypeORM changes a column's type or length by dropping it and adding it anew.
  if (written.drift.upQueries.some((query) => /\bDROP COLUMN\b/i.test(query.query))) {
    console.log('warning: it drops columns, and their data with them; for a changed type write ALTER COLUMN … TYPE … USING instead');
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`migration:generate failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
