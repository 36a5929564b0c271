import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClinicsVaccinations1764000000500 implements MigrationInterface {
  name = 'ClinicsVaccinations1764000000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE clinic (
        code varchar(10) PRIMARY KEY CHECK (code ~ '^[0-9]{6}9[0-9]{3}$'),
        name varchar(48) NOT NULL,
        district_code varchar(6) NOT NULL,
        community_code varchar(12) NOT NULL,
        CHECK (left(code, 6) = district_code AND left(community_code, 6) = district_code)
      )`);
    await queryRunner.query('CREATE INDEX clinic_district_idx ON clinic (district_code, code)');
    await queryRunner.query('CREATE INDEX clinic_community_idx ON clinic (community_code, code)');
    await queryRunner.query(`
      CREATE TABLE registered_child (
        child_id varchar(16) PRIMARY KEY,
        birth_date date NOT NULL,
        community_code varchar(12) NOT NULL CHECK (community_code ~ '^[0-9]{12}$'),
        district_code varchar(6) NOT NULL,
        registered_on date NOT NULL,
        CHECK (district_code = left(community_code, 6)),
        CHECK (registered_on >= birth_date)
      )`);
    // The follow-up lists of a district and of a community, by child.
    await queryRunner.query('CREATE INDEX registered_child_district_idx ON registered_child (district_code, child_id)');
    await queryRunner.query('CREATE INDEX registered_child_community_idx ON registered_child (community_code, child_id)');
    await queryRunner.query(`
      CREATE TABLE vaccination (
        id serial PRIMARY KEY,
        child_id varchar(16) NOT NULL REFERENCES registered_child(child_id),
        vaccine varchar(8) NOT NULL CHECK (vaccine IN ('HEPB', 'BCG', 'IPV', 'BOPV', 'DTAP', 'DT', 'MMR', 'JE_L', 'MPSV_A', 'MPSV_AC', 'HEPA_L')),
        dose smallint NOT NULL CHECK (dose BETWEEN 1 AND 4),
        vaccinated_on date NOT NULL,
        clinic_code varchar(10) REFERENCES clinic(code)
      )`);
    // A dose is given once; the loaders read a child's doses in order.
    await queryRunner.query('CREATE UNIQUE INDEX vaccination_dose_unique ON vaccination (child_id, vaccine, dose)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE vaccination');
    await queryRunner.query('DROP TABLE registered_child');
    await queryRunner.query('DROP TABLE clinic');
  }
}
