import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { Logger } from './logger';
import type { Settings } from './settings';

/** A synthetic population, as the generator (subgraphs/synthetic) makes it and a bureau database records it. */
export interface PopulationOptions {
  seed: number;
  /** Exact number of persons; the last household may be cut short. */
  size: number;
  /** 'YYYY-MM-DD'; defaults to the generator's DEFAULT_AS_OF. */
  asOf?: string;
}

/** Which synthetic population to load: `POPULATION_SEED` and `POPULATION_SIZE` (persons). */
export function populationOf(settings: Settings): PopulationOptions {
  return { seed: settings.POPULATION_SEED, size: settings.POPULATION_SIZE };
}

/** A bureau's seeder: loads the bureau's own part of the synthetic population, inside the given transaction. */
export type Seeder = (manager: EntityManager, population: PopulationOptions, log: Logger) => Promise<void>;

/** Every bureau database records which synthetic population it holds, so a restart does not seed twice. */
export class SeedRunTable1764000000000 implements MigrationInterface {
  name = 'SeedRunTable1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE seed_run (
        population_seed integer NOT NULL,
        population_size integer NOT NULL,
        seeded_at timestamptz NOT NULL DEFAULT now(),
        duration_ms integer NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE seed_run');
  }
}

/**
 * Seeds an empty bureau database in one transaction (all or nothing), and leaves a seeded one as it is,
 * warning when it holds another population than the one asked for.
 */
export async function seedIfEmpty(db: DataSource, seeder: Seeder, population: PopulationOptions, log: Logger): Promise<void> {
  const previous: { population_seed: number; population_size: number }[] = await db.query('SELECT population_seed, population_size FROM seed_run LIMIT 1');
  if (previous.length > 0) {
    const [held] = previous;
    if (held.population_seed !== population.seed || held.population_size !== population.size) {
      log.warn({ held, asked: population }, 'database already holds another synthetic population; delete its data to reseed');
    }
    return;
  }
  const started = Date.now();
  log.info({ population }, 'seeding synthetic data');
  await db.transaction(async (manager) => {
    // Seeding is a bulk load, not a request: at city scale single statements take longer than the pool's statement
    // timeout (SQL_STATEMENT_TIMEOUT_MS), which stays in force for everything else on the pool.
    await manager.query('SET LOCAL statement_timeout = 0');
    await seeder(manager, population, log);
    await manager.query('INSERT INTO seed_run (population_seed, population_size, duration_ms) VALUES ($1, $2, $3)', [
      population.seed,
      population.size,
      Date.now() - started,
    ]);
  });
  const seededMs = Date.now() - started;
  await vacuumAnalyze(db);
  log.info({ durationMs: Date.now() - started, seedingMs: seededMs, vacuumMs: Date.now() - started - seededMs }, 'seeded');
}

/**
 * VACUUM (ANALYZE) of the tables the connection's role owns (the bureau's): fresh tables have no planner statistics,
 * so PostgreSQL would pick poor plans for the first queries, and no visibility map, so counts could not be answered
 * from an index alone (index-only scans). VACUUM cannot run in a transaction, so the timeout is lifted for the session
 * of one pooled connection and restored to the pool's before it goes back.
 */
async function vacuumAnalyze(db: DataSource): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    const tables: { name: string }[] = await runner.query(
      `SELECT format('%I', tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user ORDER BY tablename`,
    );
    if (tables.length === 0) return;
    await runner.query('SET statement_timeout = 0');
    await runner.query(`VACUUM (ANALYZE) ${tables.map((table) => table.name).join(', ')}`);
  } finally {
    await runner.query('RESET statement_timeout');
    await runner.release();
  }
}
