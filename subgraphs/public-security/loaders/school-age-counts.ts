import type { DataSource } from 'typeorm';
import { FigureTable } from '../../kit/figure-table';
import type { PublishedTable } from '../../kit/published-table';
import { SCHOOL_AGE_GROUPS, SchoolAgeCount, schoolAgeGroupSql, schoolYearOf } from '../../kit/school-age';

/**
 * School-age migrant children registered in every community on the cut-off day, by age group in that day's school
 * year, in one statement; protected together over communities, districts and the city before they leave this bureau.
 */
export async function countSchoolAge(db: DataSource, asOf: string): Promise<FigureTable> {
  const params: unknown[] = [asOf];
  const ageGroup = schoolAgeGroupSql('p.birth_date', schoolYearOf(asOf), params);
  const rows: { community: string; age_group: string; count: number }[] = await db.query(
    `SELECT r.community_code AS community, ${ageGroup} AS age_group, count(*)::int AS count
     FROM residence_registration r JOIN person p ON p.id = r.person_id
     WHERE r.registered_on <= $1 AND (r.ended_on IS NULL OR r.ended_on >= $1) AND ${ageGroup} IS NOT NULL
     GROUP BY 1, 2`,
    params,
  );
  const table = new FigureTable(['COMMUNITY', 'DISTRICT', 'CITY']);
  for (const row of rows) table.add(row.community, row.age_group, row.count);
  return table;
}

export function schoolAgeCounts(table: PublishedTable, place: string): SchoolAgeCount[] {
  return SCHOOL_AGE_GROUPS.map(({ group }) => Object.assign(new SchoolAgeCount(), { ageGroup: group, ...table.get(place, group), asOf: table.asOf }));
}
