import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SchoolsEnrolments1764000000300 implements MigrationInterface {
  name = 'SchoolsEnrolments1764000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE school (
        code varchar(10) PRIMARY KEY CHECK (code ~ '^[0-9]{10}$'),
        name varchar(48) NOT NULL,
        level varchar(20) NOT NULL CHECK (level IN ('KINDERGARTEN', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY', 'VOCATIONAL')),
        ownership varchar(8) NOT NULL CHECK (ownership IN ('PUBLIC', 'PRIVATE')),
        district_code varchar(6) NOT NULL,
        community_code varchar(12) NOT NULL,
        capacity integer NOT NULL CHECK (capacity >= 0),
        CHECK (left(code, 6) = district_code AND left(community_code, 6) = district_code)
      )`);
    // Filters of `schools` and District/Community.schools.
    await queryRunner.query('CREATE INDEX school_district_idx ON school (district_code, code)');
    await queryRunner.query('CREATE INDEX school_community_idx ON school (community_code, code)');
    await queryRunner.query('CREATE INDEX school_level_idx ON school (level, code)');
    await queryRunner.query(`
      CREATE TABLE enrolment (
        id serial PRIMARY KEY,
        child_id varchar(16) NOT NULL,
        guardian_id varchar(16) NOT NULL,
        child_birth_date date NOT NULL,
        home_community_code varchar(12) NOT NULL CHECK (home_community_code ~ '^[0-9]{12}$'),
        home_district_code varchar(6) NOT NULL,
        school_code varchar(10) NOT NULL REFERENCES school(code),
        grade smallint NOT NULL CHECK (grade BETWEEN 1 AND 6),
        school_year integer NOT NULL,
        enrolled_on date NOT NULL,
        ended_on date,
        end_reason varchar(12) CHECK (end_reason IN ('TRANSFERRED', 'GRADUATED', 'DROPPED_OUT')),
        fees_equal_to_local boolean NOT NULL,
        CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
        CHECK (ended_on IS NULL OR ended_on >= enrolled_on),
        CHECK (home_district_code = left(home_community_code, 6))
      )`);
    // One school at a time per child; the loaders read by child, guardian, school and home place.
    await queryRunner.query('CREATE UNIQUE INDEX enrolment_active_unique ON enrolment (child_id) WHERE ended_on IS NULL');
    await queryRunner.query('CREATE INDEX enrolment_child_idx ON enrolment (child_id, enrolled_on)');
    await queryRunner.query('CREATE INDEX enrolment_guardian_idx ON enrolment (guardian_id) WHERE ended_on IS NULL');
    await queryRunner.query('CREATE INDEX enrolment_school_idx ON enrolment (school_code, id)');
    await queryRunner.query('CREATE INDEX enrolment_home_district_idx ON enrolment (home_district_code) WHERE ended_on IS NULL');
    await queryRunner.query('CREATE INDEX enrolment_home_community_idx ON enrolment (home_community_code) WHERE ended_on IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE enrolment');
    await queryRunner.query('DROP TABLE school');
  }
}
