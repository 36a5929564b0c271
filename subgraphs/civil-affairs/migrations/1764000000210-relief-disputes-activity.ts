import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReliefDisputesActivity1764000000210 implements MigrationInterface {
  name = 'ReliefDisputesActivity1764000000210';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Each case keeps its current state for queries, and every change as an event: nothing is overwritten unrecorded.
    await queryRunner.query(`
      CREATE TABLE relief_case (
        id serial PRIMARY KEY,
        person_id varchar(16) NOT NULL,
        kind varchar(20) NOT NULL CHECK (kind IN ('TEMPORARY_HARDSHIP', 'STRANDED_PERSON', 'MEDICAL_HARDSHIP', 'DISASTER')),
        community_code varchar(12) NOT NULL REFERENCES community(code),
        district_code varchar(6) NOT NULL,
        applied_on date NOT NULL,
        amount_requested_yuan numeric(12, 2) NOT NULL CHECK (amount_requested_yuan > 0),
        status varchar(10) NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'PAID')),
        amount_approved_yuan numeric(12, 2) CHECK (amount_approved_yuan >= 0 AND amount_approved_yuan <= amount_requested_yuan),
        decided_on date,
        paid_on date,
        customs_accommodation varchar(64),
        CHECK (decided_on IS NULL OR decided_on >= applied_on),
        CHECK (paid_on IS NULL OR (status = 'PAID' AND paid_on >= decided_on)),
        CHECK (district_code = left(community_code, 6))
      )`);
    await queryRunner.query('CREATE INDEX relief_case_person_idx ON relief_case (person_id, applied_on)');
    await queryRunner.query('CREATE INDEX relief_case_community_idx ON relief_case (community_code)');
    await queryRunner.query('CREATE INDEX relief_case_district_idx ON relief_case (district_code)');
    await queryRunner.query(`
      CREATE TABLE relief_event (
        id serial PRIMARY KEY,
        case_id integer NOT NULL REFERENCES relief_case(id),
        kind varchar(10) NOT NULL CHECK (kind IN ('APPLIED', 'APPROVED', 'REJECTED', 'PAID')),
        happened_on date NOT NULL,
        amount_yuan numeric(12, 2),
        recorded_by varchar(128)
      )`);
    await queryRunner.query('CREATE INDEX relief_event_case_idx ON relief_event (case_id, id)');

    await queryRunner.query(`
      CREATE TABLE dispute_case (
        id serial PRIMARY KEY,
        case_number varchar(20) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('LABOUR', 'NEIGHBOURHOOD', 'COMMERCIAL', 'TENANCY', 'FAMILY', 'OTHER')),
        community_code varchar(12) NOT NULL REFERENCES community(code),
        street_code varchar(9) NOT NULL REFERENCES street(code),
        district_code varchar(6) NOT NULL,
        found_on date NOT NULL,
        party_ids text[] NOT NULL,
        level varchar(10) NOT NULL CHECK (level IN ('COMMUNITY', 'STREET', 'DISTRICT')),
        status varchar(6) NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
        mediated_outcome varchar(200),
        closed_on date,
        CONSTRAINT dispute_case_number_unique UNIQUE (case_number),
        CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL)),
        CHECK (closed_on IS NULL OR closed_on >= found_on),
        CHECK (street_code = left(community_code, 9) AND district_code = left(community_code, 6))
      )`);
    await queryRunner.query('CREATE INDEX dispute_case_community_idx ON dispute_case (community_code, id)');
    await queryRunner.query('CREATE INDEX dispute_case_street_idx ON dispute_case (street_code, id)');
    await queryRunner.query('CREATE INDEX dispute_case_district_idx ON dispute_case (district_code)');
    await queryRunner.query('CREATE INDEX dispute_case_party_idx ON dispute_case USING gin (party_ids)');
    await queryRunner.query(`
      CREATE TABLE dispute_event (
        id serial PRIMARY KEY,
        case_id integer NOT NULL REFERENCES dispute_case(id),
        kind varchar(10) NOT NULL CHECK (kind IN ('OPENED', 'ESCALATED', 'MEDIATED', 'CLOSED')),
        happened_on date NOT NULL,
        level varchar(10) NOT NULL,
        note varchar(200),
        recorded_by varchar(128)
      )`);
    await queryRunner.query('CREATE INDEX dispute_event_case_idx ON dispute_event (case_id, id)');

    await queryRunner.query(`
      CREATE TABLE service_point_month (
        community_code varchar(12) NOT NULL REFERENCES community(code),
        month varchar(7) NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
        visits integer NOT NULL CHECK (visits >= 0),
        services_given integer NOT NULL CHECK (services_given >= 0 AND services_given <= visits),
        PRIMARY KEY (community_code, month)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['service_point_month', 'dispute_event', 'dispute_case', 'relief_event', 'relief_case']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
