import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many persons are registered as living in each place now, kept as the registrations change, so that the
 * `totalCount` of a district's or street's persons is a sum over a few rows rather than a count of every current
 * registration there (115,000 index entries in a district at 300,000 persons: the one cost of a page that grew with
 * the city). Each statement writing `residence_registration` appends what it changed per community, and nothing is
 * updated in place: writers never wait for one another on a counter row, so two moves in opposite directions cannot
 * deadlock. `fold_current_resident_changes()` adds the rows of each community up into one, safely under concurrent
 * writes and folds (it deletes only the rows it sums).
 */
export class CurrentResidentCounts1764000000110 implements MigrationInterface {
  name = 'CurrentResidentCounts1764000000110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE current_resident_change (
        id bigserial PRIMARY KEY,
        community_code varchar(12) NOT NULL,
        street_code varchar(9) NOT NULL,
        district_code varchar(6) NOT NULL,
        change integer NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX current_resident_change_district_idx ON current_resident_change (district_code) INCLUDE (change)');
    await queryRunner.query('CREATE INDEX current_resident_change_street_idx ON current_resident_change (street_code) INCLUDE (change)');
    await queryRunner.query('CREATE INDEX current_resident_change_community_idx ON current_resident_change (community_code) INCLUDE (change)');
    // A registration is current while it has no end date (as the person search has it).
    await queryRunner.query(`
      CREATE FUNCTION count_current_residents() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO current_resident_change (community_code, street_code, district_code, change)
          SELECT community_code, street_code, district_code, count(*) FROM new_rows WHERE ended_on IS NULL GROUP BY 1, 2, 3;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO current_resident_change (community_code, street_code, district_code, change)
          SELECT community_code, street_code, district_code, -count(*) FROM old_rows WHERE ended_on IS NULL GROUP BY 1, 2, 3;
        ELSE
          INSERT INTO current_resident_change (community_code, street_code, district_code, change)
          SELECT community_code, street_code, district_code, sum(change) FROM (
            SELECT community_code, street_code, district_code, 1 AS change FROM new_rows WHERE ended_on IS NULL
            UNION ALL
            SELECT community_code, street_code, district_code, -1 FROM old_rows WHERE ended_on IS NULL
          ) changed GROUP BY 1, 2, 3 HAVING sum(change) <> 0;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER residence_registration_inserted AFTER INSERT ON residence_registration
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_current_residents()`);
    await queryRunner.query(`
      CREATE TRIGGER residence_registration_updated AFTER UPDATE ON residence_registration
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_current_residents()`);
    await queryRunner.query(`
      CREATE TRIGGER residence_registration_deleted AFTER DELETE ON residence_registration
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_current_residents()`);
    // Rows deleted by a concurrent fold are skipped (READ COMMITTED re-checks them), rows appended meanwhile stay.
    await queryRunner.query(`
      CREATE FUNCTION fold_current_resident_changes() RETURNS void LANGUAGE sql AS $$
        WITH folded AS (DELETE FROM current_resident_change RETURNING community_code, street_code, district_code, change)
        INSERT INTO current_resident_change (community_code, street_code, district_code, change)
        SELECT community_code, street_code, district_code, sum(change) FROM folded GROUP BY 1, 2, 3 HAVING sum(change) <> 0
      $$`);
    await queryRunner.query(`
      INSERT INTO current_resident_change (community_code, street_code, district_code, change)
      SELECT community_code, street_code, district_code, count(*) FROM residence_registration WHERE ended_on IS NULL GROUP BY 1, 2, 3`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['inserted', 'updated', 'deleted']) await queryRunner.query(`DROP TRIGGER residence_registration_${event} ON residence_registration`);
    await queryRunner.query('DROP FUNCTION fold_current_resident_changes()');
    await queryRunner.query('DROP FUNCTION count_current_residents()');
    await queryRunner.query('DROP TABLE current_resident_change');
  }
}
