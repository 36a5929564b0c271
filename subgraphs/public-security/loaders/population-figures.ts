import type { DataSource } from 'typeorm';
import { today } from '../../kit/dates';
import { figuresOncePerRequest } from '../../kit/figure-cache';
import { FigureTable } from '../../kit/figure-table';
import { MonthlyChangeRow, monthlyTables } from '../../kit/monthly-series';
import { loadEthnicGroups, loadOriginRegions } from '../../kit/population/reference';

/** Measures of the breakdowns, e.g. `registeredMigrants@origin:620000`; published from the district up. */
export const byOrigin = (measure: string, region: string) => `${measure}@origin:${region}`;
export const byEthnicity = (measure: string, ethnicity: string) => `${measure}@ethnicity:${ethnicity}`;

const COUNTS = ['registeredMigrants', 'validPermits'] as const;

/** A permit valid on day $1, of the registration's person. */
const VALID_PERMIT_ON = `EXISTS (SELECT 1 FROM residence_permit rp WHERE rp.person_id = r.person_id
  AND rp.valid_from <= $1 AND rp.valid_until >= $1 AND (rp.revoked_on IS NULL OR rp.revoked_on > $1))`;

/**
 * The registration figures of every community, street and district and of the city, read in one statement and
 * protected together (see FigureTable): counts by community, and by origin and by ethnic group in each district.
 */
export function createPopulationTable(db: DataSource): () => Promise<FigureTable> {
  return figuresOncePerRequest(db, 'population', async () => {
    const rows: { community: string | null; district: string | null; origin: string | null; ethnicity: string | null; registered: number; valid: number }[] =
      await db.query(
        `SELECT r.community_code AS community, r.district_code AS district, p.origin_region_code AS origin,
                p.ethnicity_code AS ethnicity, count(*)::int AS registered, count(*) FILTER (WHERE ${VALID_PERMIT_ON})::int AS valid
         FROM residence_registration r JOIN person p ON p.id = r.person_id
         WHERE r.ended_on IS NULL
         GROUP BY GROUPING SETS ((r.community_code), (r.district_code, p.origin_region_code), (r.district_code, p.ethnicity_code))`,
        [today()],
      );
    const table = new FigureTable(['COMMUNITY', 'STREET', 'DISTRICT', 'CITY']);
    for (const row of rows) {
      const counts = { registeredMigrants: row.registered, validPermits: row.valid };
      for (const measure of COUNTS) {
        if (row.community) table.add(row.community, measure, counts[measure]);
        else if (row.origin) table.add(row.district!, byOrigin(measure, row.origin), counts[measure]);
        else table.add(row.district!, byEthnicity(measure, row.ethnicity!), counts[measure]);
      }
    }
    for (const measure of COUNTS) {
      table.sumOf(measure, loadOriginRegions().map((region) => byOrigin(measure, region.code)));
      table.sumOf(measure, loadEthnicGroups().map((group) => byEthnicity(measure, group.code)));
    }
    return table;
  });
}

/**
 * Registration figures month by month for every district and the city, from one statement: registrations (a stock,
 * and the new ones as a flow) and, for valid permits, each permit's validity cut to the registration it fell in.
 */
export function createPopulationMonthlyTables(db: DataSource) {
  return monthlyTables(
    db,
    'population-monthly',
    () =>
      db.query(
        `WITH spans AS (
           SELECT 'registeredMigrants' AS measure, r.district_code AS place, r.registered_on AS starts_on, r.ended_on AS ends_on
           FROM residence_registration r
           UNION ALL
           SELECT 'validPermits', r.district_code, greatest(rp.valid_from, r.registered_on),
                  least(rp.valid_until + 1, rp.revoked_on, r.ended_on)
           FROM residence_permit rp JOIN residence_registration r ON r.person_id = rp.person_id
             AND r.registered_on <= rp.valid_until AND (r.ended_on IS NULL OR r.ended_on > rp.valid_from)
         ), changes AS (
           SELECT measure, place, to_char(starts_on, 'YYYY-MM') AS month, 1 AS starts, 0 AS ends FROM spans
             WHERE ends_on IS NULL OR ends_on > starts_on
           UNION ALL
           SELECT measure, place, to_char(ends_on, 'YYYY-MM'), 0, 1 FROM spans WHERE ends_on > starts_on
           UNION ALL
           SELECT 'newRegistrations', place, to_char(starts_on, 'YYYY-MM'), 1, 0 FROM spans WHERE measure = 'registeredMigrants'
         )
         SELECT place, measure, month, sum(starts)::int AS starts, sum(ends)::int AS ends FROM changes GROUP BY 1, 2, 3`,
      ) as Promise<MonthlyChangeRow[]>,
    { registeredMigrants: 'STOCK', validPermits: 'STOCK', newRegistrations: 'FLOW' },
  );
}
