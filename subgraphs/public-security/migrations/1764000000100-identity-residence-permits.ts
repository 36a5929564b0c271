import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityResidencePermits1764000000100 implements MigrationInterface {
  name = 'IdentityResidencePermits1764000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE administrative_division (
        code varchar(12) PRIMARY KEY,
        level varchar(10) NOT NULL CHECK (level IN ('DISTRICT', 'STREET', 'COMMUNITY')),
        parent_code varchar(12) REFERENCES administrative_division(code)
      )`);
    await queryRunner.query(`
      CREATE TABLE person (
        id varchar(16) PRIMARY KEY,
        family_name varchar(16) NOT NULL,
        given_name varchar(16) NOT NULL,
        sex varchar(6) NOT NULL CHECK (sex IN ('MALE', 'FEMALE')),
        birth_date date NOT NULL,
        ethnicity_code varchar(2) NOT NULL,
        origin_region_code varchar(6) NOT NULL,
        id_card_number varchar(18) NOT NULL,
        arrival_date date NOT NULL,
        household_id varchar(16) NOT NULL,
        CONSTRAINT person_id_card_number_unique UNIQUE (id_card_number)
      )`);
    // Filters of `persons`: each with the id so a filtered page is read in key order.
    await queryRunner.query('CREATE INDEX person_ethnicity_idx ON person (ethnicity_code, id)');
    await queryRunner.query('CREATE INDEX person_origin_region_idx ON person (origin_region_code, id)');
    await queryRunner.query('CREATE INDEX person_arrival_date_idx ON person (arrival_date)');
    await queryRunner.query('CREATE INDEX person_household_idx ON person (household_id)');

    await queryRunner.query(`
      CREATE TABLE residence_registration (
        id serial PRIMARY KEY,
        person_id varchar(16) NOT NULL REFERENCES person(id),
        address varchar(100) NOT NULL,
        community_code varchar(12) NOT NULL,
        street_code varchar(9) NOT NULL,
        district_code varchar(6) NOT NULL,
        registered_on date NOT NULL,
        ended_on date,
        CHECK (ended_on IS NULL OR ended_on >= registered_on),
        CHECK (street_code = left(community_code, 9) AND district_code = left(community_code, 6))
      )`);
    await queryRunner.query('CREATE INDEX residence_person_idx ON residence_registration (person_id, registered_on)');
    // At most one current residence per person; the partial indexes serve the district/street/community filters.
    await queryRunner.query('CREATE UNIQUE INDEX residence_current_unique ON residence_registration (person_id) WHERE ended_on IS NULL');
    await queryRunner.query('CREATE INDEX residence_current_community_idx ON residence_registration (community_code, person_id) WHERE ended_on IS NULL');
    await queryRunner.query('CREATE INDEX residence_current_street_idx ON residence_registration (street_code, person_id) WHERE ended_on IS NULL');
    await queryRunner.query('CREATE INDEX residence_current_district_idx ON residence_registration (district_code, person_id) WHERE ended_on IS NULL');

    await queryRunner.query(`
      CREATE TABLE residence_permit (
        id serial PRIMARY KEY,
        number varchar(24) NOT NULL,
        person_id varchar(16) NOT NULL REFERENCES person(id),
        issued_on date NOT NULL,
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        revoked_on date,
        renews_permit_id integer REFERENCES residence_permit(id),
        -- The person's latest period (by valid_from): what the permit-status filter looks at.
        is_latest boolean NOT NULL DEFAULT false,
        CONSTRAINT residence_permit_number_unique UNIQUE (number),
        CHECK (valid_until >= valid_from)
      )`);
    await queryRunner.query('CREATE INDEX residence_permit_person_idx ON residence_permit (person_id, valid_from)');
    await queryRunner.query('CREATE UNIQUE INDEX residence_permit_latest_unique ON residence_permit (person_id) WHERE is_latest');
    // Registry ids of persons registered through the API (made opaque in code).
    await queryRunner.query('CREATE SEQUENCE person_registry_seq');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SEQUENCE person_registry_seq');
    await queryRunner.query('DROP TABLE residence_permit');
    await queryRunner.query('DROP TABLE residence_registration');
    await queryRunner.query('DROP TABLE person');
    await queryRunner.query('DROP TABLE administrative_division');
  }
}
