import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { today } from '../../kit/dates';
import { protectCount } from '../../kit/disclosure';
import { SCHOOL_AGE_GROUPS, SchoolAgeCount, schoolAgeGroupSql, schoolYearOf } from '../../kit/school-age';

/**
 * School-age migrant children registered (current residence) in many districts or communities, by age group, in one
 * statement per batch; counts are protected (1–9 suppressed) before they leave this bureau.
 */
export function createSchoolAgeCountLoader(db: DataSource, placeColumn: 'district_code' | 'community_code') {
  return new DataLoader<string, SchoolAgeCount[]>(async (codes) => {
    const schoolYear = schoolYearOf(today());
    const params: unknown[] = [codes];
    const ageGroup = schoolAgeGroupSql('p.birth_date', schoolYear, params);
    const rows: { place: string; age_group: string | null; count: number }[] = await db.query(
      `SELECT r.${placeColumn} AS place, ${ageGroup} AS age_group, count(*) AS count
       FROM residence_registration r JOIN person p ON p.id = r.person_id
       WHERE r.ended_on IS NULL AND r.${placeColumn} = ANY($1::varchar[])
       GROUP BY 1, 2`,
      params,
    );
    return codes.map((code) =>
      SCHOOL_AGE_GROUPS.map(({ group }) => {
        const count = rows.find((row) => row.place === code && row.age_group === group)?.count ?? 0;
        return Object.assign(new SchoolAgeCount(), { ageGroup: group, ...protectCount(count) });
      }),
    );
  });
}
