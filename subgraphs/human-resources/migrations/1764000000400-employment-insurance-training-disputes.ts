import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EmploymentInsuranceTrainingDisputes1764000000400 implements MigrationInterface {
  name = 'EmploymentInsuranceTrainingDisputes1764000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE employer (
        code varchar(18) PRIMARY KEY CHECK (code ~ '^[0-9A-HJ-NP-RTUWXY]{18}$'),
        name varchar(64) NOT NULL,
        industry varchar(24) NOT NULL,
        size varchar(8) NOT NULL CHECK (size IN ('MICRO', 'SMALL', 'MEDIUM', 'LARGE')),
        district_code varchar(6) NOT NULL,
        community_code varchar(12) NOT NULL,
        CHECK (left(community_code, 6) = district_code)
      )`);
    await queryRunner.query('CREATE INDEX employer_district_idx ON employer (district_code, code)');
    await queryRunner.query('CREATE INDEX employer_industry_idx ON employer (industry, code)');
    await queryRunner.query(`
      CREATE TABLE worker (
        person_id varchar(16) PRIMARY KEY,
        community_code varchar(12) NOT NULL CHECK (community_code ~ '^[0-9]{12}$'),
        district_code varchar(6) NOT NULL,
        registered_on date NOT NULL,
        CHECK (district_code = left(community_code, 6))
      )`);
    await queryRunner.query('CREATE INDEX worker_district_idx ON worker (district_code)');
    await queryRunner.query('CREATE INDEX worker_community_idx ON worker (community_code)');
    await queryRunner.query(`
      CREATE TABLE employment (
        id serial PRIMARY KEY,
        person_id varchar(16) NOT NULL REFERENCES worker(person_id),
        employer_code varchar(18) NOT NULL REFERENCES employer(code),
        job_title varchar(48) NOT NULL,
        start_date date NOT NULL,
        end_date date,
        monthly_wage_yuan numeric(10, 2) NOT NULL CHECK (monthly_wage_yuan >= 0),
        weekly_hours smallint NOT NULL CHECK (weekly_hours BETWEEN 1 AND 84),
        contract_signed boolean NOT NULL,
        contract_type varchar(12) CHECK (contract_type IN ('FIXED_TERM', 'OPEN_ENDED', 'TASK_BASED')),
        CHECK (end_date IS NULL OR end_date >= start_date),
        CHECK (contract_signed OR contract_type IS NULL)
      )`);
    await queryRunner.query('CREATE INDEX employment_person_idx ON employment (person_id, start_date)');
    await queryRunner.query('CREATE INDEX employment_employer_idx ON employment (employer_code, id)');
    await queryRunner.query(`
      CREATE TABLE social_insurance (
        id serial PRIMARY KEY,
        person_id varchar(16) NOT NULL REFERENCES worker(person_id),
        type varchar(12) NOT NULL CHECK (type IN ('PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY')),
        status varchar(10) NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'TERMINATED')),
        start_date date NOT NULL,
        end_date date,
        CHECK (end_date IS NULL OR end_date >= start_date)
      )`);
    await queryRunner.query('CREATE INDEX social_insurance_person_idx ON social_insurance (person_id, type)');
    // One live enrolment per scheme and person.
    await queryRunner.query(`CREATE UNIQUE INDEX social_insurance_active_unique ON social_insurance (person_id, type) WHERE status <> 'TERMINATED'`);
    await queryRunner.query(`
      CREATE TABLE training (
        id serial PRIMARY KEY,
        person_id varchar(16) NOT NULL REFERENCES worker(person_id),
        course varchar(48) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('VOCATIONAL_SKILL', 'SKILL_UPGRADE', 'START_UP')),
        provider varchar(64) NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        completed boolean NOT NULL,
        certificate varchar(64),
        CHECK (end_date >= start_date),
        CHECK (completed OR certificate IS NULL)
      )`);
    await queryRunner.query('CREATE INDEX training_person_idx ON training (person_id, start_date)');
    await queryRunner.query(`
      CREATE TABLE employment_service (
        id serial PRIMARY KEY,
        person_id varchar(16) NOT NULL REFERENCES worker(person_id),
        service_date date NOT NULL,
        kind varchar(20) NOT NULL,
        outcome varchar(12) NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX employment_service_person_idx ON employment_service (person_id, service_date)');
    await queryRunner.query(`
      CREATE TABLE labour_dispute (
        id serial PRIMARY KEY,
        person_id varchar(16) NOT NULL REFERENCES worker(person_id),
        employer_code varchar(18) NOT NULL REFERENCES employer(code),
        kind varchar(16) NOT NULL,
        filed_on date NOT NULL,
        amount_claimed_yuan numeric(12, 2) NOT NULL CHECK (amount_claimed_yuan >= 0),
        amount_recovered_yuan numeric(12, 2) NOT NULL DEFAULT 0 CHECK (amount_recovered_yuan >= 0),
        status varchar(12) NOT NULL CHECK (status IN ('OPEN', 'MEDIATING', 'ARBITRATION', 'CLOSED')),
        closed_on date,
        CHECK (amount_recovered_yuan <= amount_claimed_yuan),
        CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL)),
        CHECK (closed_on IS NULL OR closed_on >= filed_on)
      )`);
    await queryRunner.query('CREATE INDEX labour_dispute_person_idx ON labour_dispute (person_id, filed_on)');
    await queryRunner.query('CREATE INDEX labour_dispute_employer_idx ON labour_dispute (employer_code)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['labour_dispute', 'employment_service', 'training', 'social_insurance', 'employment', 'worker', 'employer']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
