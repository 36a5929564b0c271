import type { DataSource } from 'typeorm';
import { today } from '../../kit/dates';
import { figuresOncePerRequest } from '../../kit/figure-cache';
import { FigureTable } from '../../kit/figure-table';
import { SCHOOL_AGE_GROUPS, SchoolAgeCount, schoolAgeGroupSql, schoolYearOf } from '../../kit/school-age';

/**
 * School-age migrant children registered (current residence) in every community, by age group, in one statement;
 * protected together over communities, districts and the city before they leave this bureau.
 */
export function createSchoolAgeTable(db: DataSource): () => Promise<FigureTable> {
  return figuresOncePerRequest(db, 'school-age', async () => {
    const params: unknown[] = [];
    const ageGroup = schoolAgeGroupSql('p.birth_date', schoolYearOf(today()), params);
    const rows: { community: string; age_group: string; count: number }[] = await db.query(
      `SELECT r.community_code AS community, ${ageGroup} AS age_group, count(*)::int AS count
       FROM residence_registration r JOIN person p ON p.id = r.person_id
       WHERE r.ended_on IS NULL AND ${ageGroup} IS NOT NULL
       GROUP BY 1, 2`,
      params,
    );
    const table = new FigureTable(['COMMUNITY', 'DISTRICT', 'CITY']);
    for (const row of rows) table.add(row.community, row.age_group, row.count);
    await table.protect();
    return table;
  });
}

export function schoolAgeCounts(table: FigureTable, place: string): SchoolAgeCount[] {
  return SCHOOL_AGE_GROUPS.map(({ group }) => Object.assign(new SchoolAgeCount(), { ageGroup: group, ...table.get(place, group) }));
}
