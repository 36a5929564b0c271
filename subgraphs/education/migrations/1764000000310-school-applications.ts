import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SchoolApplications1764000000310 implements MigrationInterface {
  name = 'SchoolApplications1764000000310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE school_application (
        id serial PRIMARY KEY,
        child_id varchar(16) NOT NULL,
        child_birth_date date NOT NULL,
        community_code varchar(12) NOT NULL CHECK (community_code ~ '^[0-9]{12}$'),
        school_year integer NOT NULL,
        level varchar(20) NOT NULL CHECK (level IN ('KINDERGARTEN', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY', 'VOCATIONAL')),
        filed_on date NOT NULL,
        outcome varchar(10) NOT NULL CHECK (outcome IN ('WAITING', 'PLACED', 'WITHDRAWN')),
        decided_on date,
        enrolment_id integer REFERENCES enrolment(id),
        CHECK ((outcome = 'PLACED') = (enrolment_id IS NOT NULL)),
        CHECK ((outcome = 'WAITING') = (decided_on IS NULL)),
        CHECK (decided_on IS NULL OR decided_on >= filed_on),
        CHECK (filed_on >= child_birth_date)
      )`);
    // A child waits on one application at a time; enrolling the child places it (enrolChild looks it up by child).
    await queryRunner.query(`CREATE UNIQUE INDEX school_application_waiting_unique ON school_application (child_id) WHERE outcome = 'WAITING'`);
    // Community.childrenAwaitingSchoolPlace: a community's waiting applications in register order.
    await queryRunner.query(`CREATE INDEX school_application_waiting_idx ON school_application (community_code, id) WHERE outcome = 'WAITING'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE school_application');
  }
}
