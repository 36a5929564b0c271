import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The region of origin of each case, for the report to the sending regions (流出地协作报告): the household registration
 * place (户籍所在地, GB/T 2260) of a relief case's applicant and of a dispute's first party (申请人), so that every case
 * has one origin and civil affairs counts by origin from its own records. NULL where the office did not record it.
 */
export class CaseOriginRegions1764000000220 implements MigrationInterface {
  name = 'CaseOriginRegions1764000000220';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['relief_case', 'dispute_case']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN origin_region_code varchar(6) CHECK (origin_region_code ~ '^[0-9]{6}$')`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['relief_case', 'dispute_case']) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN origin_region_code`);
  }
}
