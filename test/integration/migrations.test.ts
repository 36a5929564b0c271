import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { BUREAUS } from '../../subgraphs';
import { education } from '../../subgraphs/education/bureau';
import { School } from '../../subgraphs/education/entities/school';
import type { Bureau } from '../../subgraphs/kit/bureau';
import { BureauDatabase, openBureauDatabase } from '../../subgraphs/kit/database';
import { createLogger } from '../../subgraphs/kit/logger';
import { repoRoot } from '../../subgraphs/kit/paths';
import { driftReport, SchemaDrift, schemaDrift } from '../../subgraphs/kit/schema-drift';
import { KIT_MIGRATIONS } from '../../subgraphs/kit/server';
import { dropTestDatabase, testDatabaseUrl } from '../support/federation';
import { emptyEmbeddedCluster } from '../support/templates';

// Each bureau's migrations, run on an empty database of the kind the suite runs on (embedded, or the server in
// TEST_DATABASE_URL), make exactly the tables and columns its entities describe: an entity column no migration adds
// would fail every read of its type at run time.

let tempDir: string;
const serverDatabases: string[] = [];

beforeAll(() => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-migrations-'));
});

afterAll(async () => {
  for (const name of serverDatabases) await dropTestDatabase(name);
  fs.rmSync(tempDir, { recursive: true, force: true });
});

/** A fresh database with the kit's and `bureau`'s migrations run, nothing seeded. */
async function migratedDatabase(bureau: Bureau<any>): Promise<BureauDatabase> {
  const dataDir = path.join(tempDir, `${bureau.name}-${randomBytes(4).toString('hex')}`);
  let url: string | undefined;
  if (process.env.TEST_DATABASE_URL) {
    const name = `mpg_test_migrations_${randomBytes(4).toString('hex')}`;
    serverDatabases.push(name);
    url = testDatabaseUrl(name);
  }
  await emptyEmbeddedCluster(dataDir);
  return openBureauDatabase({
    bureau: bureau.name,
    entities: bureau.entities,
    migrations: [...KIT_MIGRATIONS, ...bureau.migrations],
    url,
    dataDir,
    log: createLogger('test'),
  });
}

describe("each bureau's migrations", () => {
  it.each(BUREAUS.map((bureau) => [bureau.name, bureau]))('%s: a database migrated from empty matches the entities exactly', async (_name, bureau) => {
    const database = await migratedDatabase(bureau);
    try {
      const report = driftReport(bureau.name, await schemaDrift(database.dataSource));
      if (report) throw new Error(report);
    } finally {
      await database.close();
    }
  });

  it('are every migration file of the bureau, in timestamp order', () => {
    for (const bureau of BUREAUS) {
      const files = fs.readdirSync(path.join(repoRoot(), 'subgraphs', bureau.name, 'migrations')).sort();
      const timestamps = bureau.migrations.map((migration) => /(\d{13})$/.exec(migration.name)?.[1]);
      expect(timestamps).toEqual(files.map((file) => file.slice(0, 13)));
    }
  });
});

// Test-only entities, of a bureau team that changed them without writing the migration.
@Entity('school')
class SchoolWithWebsite extends School {
  @Column({ type: 'varchar', length: 80, nullable: true })
  website!: string | null;
}

@Entity('school_inspection')
class SchoolInspection {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  schoolCode!: string;

  @Column({ name: 'inspected_on', type: 'date' })
  inspectedOn!: string;
}

describe('the migrations check', () => {
  let database: BureauDatabase;
  let changed: DataSource;

  beforeAll(async () => {
    database = await migratedDatabase(education);
    const entities = [...education.entities.filter((entity) => entity !== School), SchoolWithWebsite, SchoolInspection];
    changed = new DataSource({ type: 'postgres', url: database.ownerUrl, entities, synchronize: false, logging: false });
    await changed.initialize();
  });

  afterAll(async () => {
    if (changed?.isInitialized) await changed.destroy();
    await database?.close();
  });

  const runAll = async (queries: SchemaDrift['upQueries']) => {
    for (const query of queries) await changed.query(query.query, query.parameters);
  };

  it('fails on an entity column and an entity table no migration makes, naming the bureau, table and column, and how to fix it', async () => {
    const drift = await schemaDrift(changed);
    expect(drift.differences).toEqual([
      { table: 'school', column: 'website', problem: 'in the entity, no migration adds the column' },
      { table: 'school_inspection', problem: 'in the entities, no migration creates the table' },
    ]);
    const report = driftReport('education', drift);
    expect(report).toMatch(
      /^education: the database its migrations make differs from its entities:\n {2}school\.website: in the entity, no migration adds the column\n/,
    );
    expect(report).toContain('  school_inspection: in the entities, no migration creates the table');
    expect(report).toContain('npm run migration:generate -- education <MigrationName>');
  });

  it("gives the statements of the missing migration: up brings the database to the entities, down back to the migrations' state", async () => {
    const drift = await schemaDrift(changed);
    await runAll(drift.upQueries);
    expect(driftReport('education', await schemaDrift(changed))).toBe('');
    await runAll([...drift.downQueries].reverse());
    expect((await schemaDrift(changed)).differences).toEqual(drift.differences);
    expect(driftReport('education', await schemaDrift(database.dataSource))).toBe('');
  });
});
