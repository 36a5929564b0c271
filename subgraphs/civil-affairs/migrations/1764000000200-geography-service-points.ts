import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GeographyServicePoints1764000000200 implements MigrationInterface {
  name = 'GeographyServicePoints1764000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE district (
        code varchar(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
        name_zh varchar(32) NOT NULL,
        name_en varchar(64) NOT NULL,
        kind varchar(20) NOT NULL CHECK (kind IN ('URBAN_DISTRICT', 'COUNTY', 'COUNTY_LEVEL_CITY'))
      )`);
    await queryRunner.query(`
      CREATE TABLE street (
        code varchar(9) PRIMARY KEY CHECK (code ~ '^[0-9]{9}$'),
        name_zh varchar(32) NOT NULL,
        district_code varchar(6) NOT NULL REFERENCES district(code),
        CHECK (left(code, 6) = district_code)
      )`);
    await queryRunner.query('CREATE INDEX street_district_idx ON street (district_code, code)');
    await queryRunner.query(`
      CREATE TABLE community (
        code varchar(12) PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
        name_zh varchar(32) NOT NULL,
        street_code varchar(9) NOT NULL REFERENCES street(code),
        district_code varchar(6) NOT NULL REFERENCES district(code),
        CHECK (left(code, 9) = street_code AND left(code, 6) = district_code)
      )`);
    await queryRunner.query('CREATE INDEX community_street_idx ON community (street_code, code)');
    await queryRunner.query('CREATE INDEX community_district_idx ON community (district_code, code)');
    await queryRunner.query(`
      CREATE TABLE service_point (
        id serial PRIMARY KEY,
        community_code varchar(12) NOT NULL REFERENCES community(code),
        name_zh varchar(48) NOT NULL,
        opened_year integer NOT NULL CHECK (opened_year >= 2013),
        funding_yuan numeric(12, 2) NOT NULL CHECK (funding_yuan >= 0),
        city_share_yuan numeric(12, 2) NOT NULL CHECK (city_share_yuan >= 0),
        district_share_yuan numeric(12, 2) NOT NULL CHECK (district_share_yuan >= 0),
        CONSTRAINT service_point_one_per_community UNIQUE (community_code),
        CHECK (city_share_yuan + district_share_yuan = funding_yuan)
      )`);
    // District.servicePoints selects by the district prefix of the community code.
    await queryRunner.query('CREATE INDEX service_point_district_idx ON service_point ((left(community_code, 6)), opened_year)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE service_point');
    await queryRunner.query('DROP TABLE community');
    await queryRunner.query('DROP TABLE street');
    await queryRunner.query('DROP TABLE district');
  }
}
