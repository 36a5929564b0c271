import type { DataSource } from 'typeorm';
import { protectedCountsByKey } from '../../kit/disclosure';
import { FigureTable } from '../../kit/figure-table';
import { addMonthlyCells, MonthlyChangeRow } from '../../kit/monthly-series';
import { PublishedCells, PublishedTable } from '../../kit/published-table';
import { releaseOncePerRequest } from '../../kit/releases';
import { SchoolAgeGroup, schoolAgeGroupSql, schoolYearOf } from '../../kit/school-age';

/** Compulsory education: the primary and junior secondary ages together, published beside its parts. */
export const COMPULSORY = 'COMPULSORY';
export const COMPULSORY_GROUPS = [SchoolAgeGroup.PRIMARY_AGE, SchoolAgeGroup.JUNIOR_SECONDARY_AGE];

/**
 * Migrant children enrolled on the cut-off day, by the community their family lives in (the home address on the
 * enrolment) and by school-age group in that day's school year — the groups public security counts registered
 * children in — in one statement, with the compulsory-education total beside its parts.
 */
async function addEnrolment(db: DataSource, table: FigureTable, asOf: string): Promise<void> {
  const params: unknown[] = [asOf];
  const ageGroup = schoolAgeGroupSql('e.child_birth_date', schoolYearOf(asOf), params);
  const rows: { community: string; age_group: SchoolAgeGroup; count: number }[] = await db.query(
    `SELECT e.home_community_code AS community, ${ageGroup} AS age_group, count(*)::int AS count
     FROM enrolment e WHERE e.enrolled_on <= $1 AND (e.ended_on IS NULL OR e.ended_on >= $1) AND ${ageGroup} IS NOT NULL
     GROUP BY 1, 2`,
    params,
  );
  for (const row of rows) {
    table.add(row.community, row.age_group, row.count);
    if (COMPULSORY_GROUPS.includes(row.age_group)) table.add(row.community, COMPULSORY, row.count);
  }
  table.sumOf(COMPULSORY, COMPULSORY_GROUPS);
}

/** Enrolments month by month up to the cut-off for every district and the city: children enrolled (a stock) and new enrolments. */
async function addEnrolmentByMonth(db: DataSource, table: FigureTable, asOf: string): Promise<void> {
  const rows: MonthlyChangeRow[] = await db.query(
    `WITH changes AS (
       SELECT home_district_code AS place, to_char(enrolled_on, 'YYYY-MM') AS month, 1 AS starts, 0 AS ends FROM enrolment WHERE enrolled_on <= $1
       UNION ALL
       SELECT home_district_code, to_char(ended_on + 1, 'YYYY-MM'), 0, 1 FROM enrolment WHERE ended_on < $1
     )
     SELECT place, m.measure, month, sum(starts)::int AS starts, sum(ends)::int AS ends
     FROM changes CROSS JOIN (VALUES ('enrolled'), ('newEnrolments')) AS m(measure)
     GROUP BY 1, 2, 3`,
    [asOf],
  );
  addMonthlyCells(table, rows, { enrolled: 'STOCK', newEnrolments: 'FLOW' }, asOf, { enrolled: { starts: 'newEnrolments' } });
}

/** Migrant pupils of each school on the cut-off day, 1–9 withheld (null). */
function countPupilsBySchool(db: DataSource, asOf: string): Promise<Record<string, number | null>> {
  return protectedCountsByKey(
    db,
    `SELECT school_code AS key, count(*)::int AS count FROM enrolment
     WHERE enrolled_on <= $1 AND (ended_on IS NULL OR ended_on >= $1) GROUP BY school_code`,
    [asOf],
  );
}

interface EnrolmentReleaseContent {
  places: PublishedCells;
  pupilsBySchool: Record<string, number | null>;
}

export interface EnrolmentRelease {
  /** Enrolments by place on the cut-off day and month by month (`measure@YYYY-MM`). */
  places: PublishedTable;
  /** Migrant pupils of each school on the cut-off day (`enrolledPupils` by school code; a school not in it has none). */
  schools: PublishedTable;
}

/** The measure of a school's pupils in EnrolmentRelease.schools. */
export const ENROLLED_PUPILS = 'enrolledPupils';

/** Education's latest release: every figure it publishes, counted as of the cut-off and protected together. */
export function createEnrolmentRelease(db: DataSource): () => Promise<EnrolmentRelease> {
  const release = releaseOncePerRequest(db, 'education', async (asOf, counting): Promise<EnrolmentReleaseContent> => {
    const places = new FigureTable(['COMMUNITY', 'DISTRICT', 'CITY']);
    await addEnrolment(counting, places, asOf);
    await addEnrolmentByMonth(counting, places, asOf);
    await places.protect();
    return { places: places.published(), pupilsBySchool: await countPupilsBySchool(counting, asOf) };
  });
  return async () => {
    const { asOf, content } = await release();
    return { places: new PublishedTable(asOf, content.places), schools: PublishedTable.ofCountsByKey(asOf, ENROLLED_PUPILS, content.pupilsBySchool) };
  };
}
