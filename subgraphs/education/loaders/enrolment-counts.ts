import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { today } from '../../kit/dates';
import { SchoolAgeGroup, schoolAgeGroupSql, schoolYearOf } from '../../kit/school-age';

/**
 * Migrant children enrolled now whose family lives in each of many districts or communities, by school-age group
 * (the same groups public security counts registered children in), in one statement per batch. Raw counts: the
 * resolver protects them before they leave.
 */
export function createEnrolmentCountLoader(db: DataSource, placeColumn: 'home_district_code' | 'home_community_code') {
  return new DataLoader<string, Map<SchoolAgeGroup, number>>(async (codes) => {
    const schoolYear = schoolYearOf(today());
    const params: unknown[] = [codes];
    const ageGroup = schoolAgeGroupSql('e.child_birth_date', schoolYear, params);
    const rows: { place: string; age_group: SchoolAgeGroup | null; count: number }[] = await db.query(
      `SELECT e.${placeColumn} AS place, ${ageGroup} AS age_group, count(*) AS count
       FROM enrolment e WHERE e.ended_on IS NULL AND e.${placeColumn} = ANY($1::varchar[])
       GROUP BY 1, 2`,
      params,
    );
    return codes.map((code) => {
      const counts = new Map<SchoolAgeGroup, number>();
      for (const row of rows) if (row.place === code && row.age_group) counts.set(row.age_group, row.count);
      return counts;
    });
  });
}
