import type { DataSource } from 'typeorm';
import { today } from '../../kit/dates';
import { figuresOncePerRequest } from '../../kit/figure-cache';
import { FigureTable } from '../../kit/figure-table';
import { MonthlyChangeRow, monthlyTables } from '../../kit/monthly-series';
import { SchoolAgeGroup, schoolAgeGroupSql, schoolYearOf } from '../../kit/school-age';

/** Compulsory education: the primary and junior secondary ages together, published beside its parts. */
export const COMPULSORY = 'COMPULSORY';
export const COMPULSORY_GROUPS = [SchoolAgeGroup.PRIMARY_AGE, SchoolAgeGroup.JUNIOR_SECONDARY_AGE];

/**
 * Migrant children enrolled now, by the community their family lives in (the home address on the enrolment) and by
 * school-age group — the groups public security counts registered children in — in one statement, protected together
 * over communities, districts and the city, and against the compulsory-education total.
 */
export function createEnrolmentTable(db: DataSource): () => Promise<FigureTable> {
  return figuresOncePerRequest(db, 'enrolment', async () => {
    const params: unknown[] = [];
    const ageGroup = schoolAgeGroupSql('e.child_birth_date', schoolYearOf(today()), params);
    const rows: { community: string; age_group: SchoolAgeGroup; count: number }[] = await db.query(
      `SELECT e.home_community_code AS community, ${ageGroup} AS age_group, count(*)::int AS count
       FROM enrolment e WHERE e.ended_on IS NULL AND ${ageGroup} IS NOT NULL
       GROUP BY 1, 2`,
      params,
    );
    const table = new FigureTable(['COMMUNITY', 'DISTRICT', 'CITY']);
    for (const row of rows) {
      table.add(row.community, row.age_group, row.count);
      if (COMPULSORY_GROUPS.includes(row.age_group)) table.add(row.community, COMPULSORY, row.count);
    }
    table.sumOf(COMPULSORY, COMPULSORY_GROUPS);
    await table.protect();
    return table;
  });
}

/** Enrolments month by month for every district and the city: children enrolled (a stock) and new enrolments. */
export function createEnrolmentMonthlyTables(db: DataSource) {
  return monthlyTables(
    db,
    'enrolment-monthly',
    () =>
      db.query(
        `WITH changes AS (
           SELECT home_district_code AS place, to_char(enrolled_on, 'YYYY-MM') AS month, 1 AS starts, 0 AS ends FROM enrolment
           UNION ALL
           SELECT home_district_code, to_char(ended_on, 'YYYY-MM'), 0, 1 FROM enrolment WHERE ended_on IS NOT NULL
         )
         SELECT place, m.measure, month, sum(starts)::int AS starts, sum(ends)::int AS ends
         FROM changes CROSS JOIN (VALUES ('enrolled'), ('newEnrolments')) AS m(measure)
         GROUP BY 1, 2, 3`,
      ) as Promise<MonthlyChangeRow[]>,
    { enrolled: 'STOCK', newEnrolments: 'FLOW' },
    { enrolled: { starts: 'newEnrolments' } },
  );
}
