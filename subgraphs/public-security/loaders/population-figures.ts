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

/** Holders of a permit valid on day $1 (joined by hash: a lookup per registration is ten times slower). */
const VALID_PERMIT_HOLDERS = `SELECT DISTINCT person_id FROM residence_permit
  WHERE valid_from <= $1 AND valid_until >= $1 AND (revoked_on IS NULL OR revoked_on > $1)`;

/**
 * The registration figures of every community, street and district and of the city, read in one statement and
 * protected together (see FigureTable): counts by community, and by origin and by ethnic group in each district.
 */
export function createPopulationTable(db: DataSource): () => Promise<FigureTable> {
  return figuresOncePerRequest(db, 'population', async () => {
    const rows: { community: string | null; district: string | null; origin: string | null; ethnicity: string | null; registered: number; valid: number }[] =
      await db.query(
        `SELECT r.community_code AS community, r.district_code AS district, p.origin_region_code AS origin,
                p.ethnicity_code AS ethnicity, count(*)::int AS registered, count(v.person_id)::int AS valid
         FROM residence_registration r JOIN person p ON p.id = r.person_id
           LEFT JOIN (${VALID_PERMIT_HOLDERS}) v ON v.person_id = r.person_id
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
    await table.protect();
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
        `WITH permit_spans AS MATERIALIZED (
           SELECT r.district_code AS place, greatest(rp.valid_from, r.registered_on) AS starts_on,
                  least(rp.valid_until + 1, rp.revoked_on, r.ended_on) AS ends_on
           FROM residence_permit rp JOIN residence_registration r ON r.person_id = rp.person_id
             AND r.registered_on <= rp.valid_until AND (r.ended_on IS NULL OR r.ended_on > rp.valid_from)
         ), changes AS (
           SELECT 'registeredMigrants' AS measure, district_code AS place, date_trunc('month', registered_on) AS month,
                  count(*) AS starts, 0 AS ends
             FROM residence_registration GROUP BY 2, 3
           UNION ALL
           SELECT 'registeredMigrants', district_code, date_trunc('month', ended_on), 0, count(*)
             FROM residence_registration WHERE ended_on IS NOT NULL GROUP BY 2, 3
           UNION ALL
           SELECT 'validPermits', place, date_trunc('month', starts_on), count(*), 0
             FROM permit_spans WHERE ends_on IS NULL OR ends_on > starts_on GROUP BY 2, 3
           UNION ALL
           SELECT 'validPermits', place, date_trunc('month', ends_on), 0, count(*)
             FROM permit_spans WHERE ends_on > starts_on GROUP BY 2, 3
         )
         SELECT place, measure, to_char(month, 'YYYY-MM') AS month, sum(starts)::int AS starts, sum(ends)::int AS ends
         FROM changes GROUP BY 1, 2, 3
         UNION ALL
         SELECT place, 'newRegistrations', to_char(month, 'YYYY-MM'), sum(starts)::int, 0
         FROM changes WHERE measure = 'registeredMigrants' GROUP BY 1, 2, 3`,
      ) as Promise<MonthlyChangeRow[]>,
    { registeredMigrants: 'STOCK', validPermits: 'STOCK', newRegistrations: 'FLOW' },
    { registeredMigrants: { starts: 'newRegistrations' } },
  );
}
