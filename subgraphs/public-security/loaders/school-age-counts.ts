import type { DataSource } from 'typeorm';
import { FigureTable } from '../../kit/figure-table';
import { addMonthlyCells, cellOf, FIRST_MONTH, monthByMonth, MonthlyChangeRow, monthsFrom } from '../../kit/monthly-series';
import type { PublishedTable } from '../../kit/published-table';
import {
  COMPULSORY_GROUPS,
  compulsoryAgeChangesSql,
  SCHOOL_AGE_GROUPS,
  SchoolAgeCount,
  schoolAgeGroupSql,
  SchoolAgeMonth,
  schoolYearOf,
} from '../../kit/school-age';

/** Children of compulsory-school age registered at the end of each month, the stock of schoolAgeChildrenByMonth. */
export const COMPULSORY_AGE = 'compulsoryAge';

/** School-age migrant children registered in every community on the cut-off day, by age group in that day's school year, in one statement. */
async function addSchoolAge(db: DataSource, table: FigureTable, asOf: string): Promise<void> {
  const params: unknown[] = [asOf];
  const ageGroup = schoolAgeGroupSql('p.birth_date', schoolYearOf(asOf), params);
  const rows: { community: string; age_group: string; count: number }[] = await db.query(
    `SELECT r.community_code AS community, ${ageGroup} AS age_group, count(*)::int AS count
     FROM residence_registration r JOIN person p ON p.id = r.person_id
     WHERE r.registered_on <= $1 AND (r.ended_on IS NULL OR r.ended_on >= $1) AND ${ageGroup} IS NOT NULL
     GROUP BY 1, 2`,
    params,
  );
  for (const row of rows) table.add(row.community, row.age_group, row.count);
}

/**
 * Children of compulsory-school age registered in each district at the end of every month up to the cut-off, by age in
 * that month's school year, in one statement (kit compulsoryAgeChangesSql). Its cut-off month is the primary and junior
 * secondary ages of the cut-off day.
 */
async function addSchoolAgeByMonth(db: DataSource, table: FigureTable, asOf: string): Promise<void> {
  const rows: MonthlyChangeRow[] = await db.query(
    compulsoryAgeChangesSql(COMPULSORY_AGE, {
      from: 'residence_registration r JOIN person p ON p.id = r.person_id',
      place: 'r.district_code',
      birthDate: 'p.birth_date',
      startedOn: 'r.registered_on',
      endedOn: 'r.ended_on',
    }),
    [asOf],
  );
  addMonthlyCells(table, rows, { [COMPULSORY_AGE]: 'STOCK' }, asOf);
  table.sumOf(cellOf(COMPULSORY_AGE, asOf.slice(0, 7)), COMPULSORY_GROUPS);
}

/** Public security's school-age children, on the cut-off day and month by month, protected together over communities, districts and the city. */
export async function countSchoolAge(db: DataSource, asOf: string): Promise<FigureTable> {
  const table = new FigureTable(['COMMUNITY', 'DISTRICT', 'CITY']);
  await addSchoolAge(db, table, asOf);
  await addSchoolAgeByMonth(db, table, asOf);
  return table;
}

export function schoolAgeCounts(table: PublishedTable, place: string): SchoolAgeCount[] {
  return SCHOOL_AGE_GROUPS.map(({ group }) => Object.assign(new SchoolAgeCount(), { ageGroup: group, ...table.get(place, group), asOf: table.asOf }));
}

/** A place's children of compulsory-school age at the end of every month of the release. */
export function schoolAgeMonths(table: PublishedTable, place: string): SchoolAgeMonth[] {
  return monthByMonth(table, place, monthsFrom(FIRST_MONTH, table.asOf.slice(0, 7)), [COMPULSORY_AGE] as const).map((record) =>
    Object.assign(new SchoolAgeMonth(), record),
  );
}
