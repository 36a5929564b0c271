import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The child's household registration place (户籍所在地, GB/T 2260), from the enrolment application, for the report to
 * the sending regions. Enrolments recorded before it have none (NULL): they are counted in no region.
 */
export class EnrolmentOrigin1764000000320 implements MigrationInterface {
  name = 'EnrolmentOrigin1764000000320';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE enrolment ADD COLUMN origin_region_code varchar(6) CHECK (origin_region_code ~ '^[0-9]{6}$')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE enrolment DROP COLUMN origin_region_code');
  }
}
