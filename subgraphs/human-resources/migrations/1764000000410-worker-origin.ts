import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worker's household registration place (户籍所在地, GB/T 2260), taken at employment registration, for the report to
 * the sending regions. Workers registered before it was asked have none (NULL): they are counted in no region.
 */
export class WorkerOrigin1764000000410 implements MigrationInterface {
  name = 'WorkerOrigin1764000000410';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE worker ADD COLUMN origin_region_code varchar(6) CHECK (origin_region_code ~ '^[0-9]{6}$')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE worker DROP COLUMN origin_region_code');
  }
}
