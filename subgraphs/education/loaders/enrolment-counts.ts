import type { DataSource } from 'typeorm';
import { protectedCountsByKey } from '../../kit/disclosure';
import { FigureTable } from '../../kit/figure-table';
import { addMonthlyCells, cellOf, MonthlyChangeRow, sameAsLastMonth } from '../../kit/monthly-series';
import { addCityStocksByOrigin, byOrigin, OriginChangeRow, originParts, UNRECORDED_ORIGIN } from '../../kit/origin-measures';
import { PublishedCells, PublishedTable } from '../../kit/published-table';
import { releaseOncePerRequest } from '../../kit/releases';
import { COMPULSORY_GROUPS, compulsoryAgeChangesSql, SCHOOL_AGE_GROUPS, SchoolAgeGroup, schoolAgeGroupSql, schoolYearOf } from '../../kit/school-age';
import { addYearEndCells, CommunityYearRow, communityYearChanges, sameAsYearToDate } from '../../kit/yearly-series';

/** Compulsory education: the primary and junior secondary ages together, published beside its parts. */
export const COMPULSORY = 'COMPULSORY';

/** Children of compulsory-school age enrolled at the end of each month, the numerator of enrolmentRateByMonth. */
export const COMPULSORY_ENROLLED = 'compulsoryEnrolled';

/**
 * Children enrolled, the stock of the monthly series, of the origin report and of a community's year ends; at a
 * community on the cut-off day, an unpublished count whose parts, its school-age groups, are published.
 */
export const ENROLLED = 'enrolled';

/**
 * A community's children enrolled on the cut-off day aged outside every school-age group (younger than 3 or older than
 * 17 on 1 September): unpublished, so that the groups and it add up to the community's children enrolled.
 */
const OUTSIDE_SCHOOL_AGES = 'enrolled@outsideSchoolAges';

/** How many year ends a community's series holds (Community.schoolingByYear): the cut-off's year and the five before. */
export const SCHOOLING_YEAR_ENDS = 6;

/**
 * The first year of a community's year ends in a release cut off on `asOf`. Earlier ones, when communities held few
 * children enrolled, would be withheld and tell little (at 20,000 persons none shows a child before 2016), while they
 * tie the small districts' early months: since 2013, the year ends of two communities of a district holding 2 or 3
 * children in 2016 let the disclosure attack narrow its months below the rule (it knows, as education's protection
 * does not, that the children of compulsory age enrolled are some of the children enrolled).
 */
export const firstSchoolingYear = (asOf: string) => Number(asOf.slice(0, 4)) - (SCHOOLING_YEAR_ENDS - 1);

/**
 * Children enrolled by their household registration place (`enrolled@origin:620000`): by district on the cut-off day,
 * and month by month for the city. Enrolments recorded before the origin was asked have none: an unpublished part, so
 * that the regions still add up.
 */
const NO_ORIGIN = byOrigin(ENROLLED, UNRECORDED_ORIGIN);

/**
 * Migrant children enrolled on the cut-off day, in one statement: by the community their family lives in (the home
 * address on the enrolment) and by school-age group in that day's school year — the groups public security counts
 * registered children in — with the compulsory-education total beside its parts, the groups and the children of other
 * ages adding up to the community's children enrolled (unpublished: its year to date, see addEnrolmentSeries); and
 * every child enrolled, of any age, by district and household registration place (the origin report), adding up to
 * the district's children enrolled in the month of the cut-off, whose last day counted is the cut-off day.
 */
async function addEnrolment(db: DataSource, table: FigureTable, asOf: string): Promise<void> {
  const params: unknown[] = [asOf];
  const ageGroup = schoolAgeGroupSql('e.child_birth_date', schoolYearOf(asOf), params);
  const rows: {
    community: string | null;
    district: string | null;
    origin: string | null;
    age_group: SchoolAgeGroup | null;
    by_origin: boolean;
    count: number;
  }[] = await db.query(
    `SELECT community, district, origin, age_group, GROUPING(origin) = 0 AS by_origin, count(*)::int AS count
       FROM (SELECT e.home_community_code AS community, e.home_district_code AS district, e.origin_region_code AS origin, ${ageGroup} AS age_group
             FROM enrolment e WHERE e.enrolled_on <= $1 AND (e.ended_on IS NULL OR e.ended_on >= $1)) current
       GROUP BY GROUPING SETS ((community, age_group), (district, origin))`,
    params,
  );
  for (const row of rows) {
    if (row.by_origin) {
      if (row.origin) table.add(row.district!, byOrigin(ENROLLED, row.origin), row.count);
      else table.addUnpublished(row.district!, NO_ORIGIN, row.count);
    } else {
      table.addUnpublishedHere(row.community!, ENROLLED, row.count);
      if (row.age_group === null) table.addUnpublishedHere(row.community!, OUTSIDE_SCHOOL_AGES, row.count);
      else table.add(row.community!, row.age_group, row.count);
      if (row.age_group !== null && COMPULSORY_GROUPS.includes(row.age_group)) table.add(row.community!, COMPULSORY, row.count);
    }
  }
  table.sumOf(COMPULSORY, COMPULSORY_GROUPS);
  // Only a community holds the plain measure (its districts' children enrolled are their months'): the sum is its.
  table.sumOf(ENROLLED, [...SCHOOL_AGE_GROUPS.map(({ group }) => group), OUTSIDE_SCHOOL_AGES]);
  table.sumOf(cellOf(ENROLLED, asOf.slice(0, 7)), originParts(ENROLLED));
}

/**
 * Enrolments month by month up to the cut-off, in one statement: for every district and the city, children enrolled
 * (a stock) and new enrolments; for the city by household registration place (the origin report), children enrolled,
 * moving by unpublished enrolments started and ended. Each month the regions and the enrolments without an origin
 * add up to the city, and each region's cut-off month is its count on the cut-off day. And children enrolled at each
 * year's end in every community (a third grouping set, by year: Community.schoolingByYear, for which months would be
 * mostly withheld), adding up to their district's December — education publishes no street months — the last their
 * children enrolled on the cut-off day.
 */
async function addEnrolmentSeries(db: DataSource, table: FigureTable, asOf: string): Promise<void> {
  const rows: (OriginChangeRow & CommunityYearRow)[] = await db.query(
    `WITH changes AS (
       SELECT home_community_code AS community, home_district_code AS place, origin_region_code AS origin, enrolled_on AS day, 1 AS starts, 0 AS ends
         FROM enrolment WHERE enrolled_on <= $1
       UNION ALL
       SELECT home_community_code, home_district_code, origin_region_code, ended_on + 1, 0, 1 FROM enrolment WHERE ended_on < $1
     ), dated AS (
       SELECT community, place, origin, to_char(day, 'YYYY-MM') AS month, extract(year FROM day)::int AS year, starts, ends FROM changes
     )
     SELECT place, community, origin, m.measure, month, year, sum(starts)::int AS starts, sum(ends)::int AS ends
     FROM dated CROSS JOIN (VALUES ('${ENROLLED}'), ('newEnrolments')) AS m(measure)
     GROUP BY GROUPING SETS ((place, m.measure, month), (origin, m.measure, month), (community, m.measure, year))
     HAVING GROUPING(community) = 1 OR m.measure = '${ENROLLED}'`,
    [asOf],
  );
  const communities = addYearEndCells(table, communityYearChanges(rows), [ENROLLED], asOf, { first: firstSchoolingYear(asOf), streetSeries: false });
  sameAsYearToDate(table, communities, ENROLLED, ENROLLED, asOf);
  const byDistrict = rows.filter((row) => row.place !== null);
  addMonthlyCells(table, byDistrict, { [ENROLLED]: 'STOCK', newEnrolments: 'FLOW' }, asOf, { [ENROLLED]: { starts: 'newEnrolments' } });
  // Of the origin grouping (no place) only the stock is published: new enrolments are its flow.
  addCityStocksByOrigin(
    table,
    rows.filter((row) => row.place === null && row.community === null),
    [ENROLLED],
    asOf,
  );
}

/**
 * Children of compulsory-school age enrolled at the end of every month up to the cut-off, by the district their family
 * lives in and by age in that month's school year (the rule public security counts registered children by), in one
 * statement (kit compulsoryAgeChangesSql): the numerator of the monthly enrolment rate. Its cut-off month is compulsory
 * education's count of the cut-off day. That it is at most the children enrolled of any age is not declared (kit
 * partOfStock): the relation made the release three to four times slower to protect at 1,500 persons (15 s to 40–70 s),
 * long enough for its solves to stall the other bureaus' seeding in an embedded test build (again with the communities'
 * year ends: ECONNRESET twice out of twice), and with the rest large (the kindergarten and senior ages) it bounds
 * little; the disclosure attack, which knows it, narrows nothing.
 */
async function addCompulsoryEnrolmentByMonth(db: DataSource, table: FigureTable, asOf: string): Promise<void> {
  const rows: MonthlyChangeRow[] = await db.query(
    compulsoryAgeChangesSql(COMPULSORY_ENROLLED, {
      from: 'enrolment',
      place: 'home_district_code',
      birthDate: 'child_birth_date',
      startedOn: 'enrolled_on',
      endedOn: 'ended_on',
    }),
    [asOf],
  );
  const places = addMonthlyCells(table, rows, { [COMPULSORY_ENROLLED]: 'STOCK' }, asOf);
  sameAsLastMonth(table, places, COMPULSORY, COMPULSORY_ENROLLED, asOf);
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

/** Every figure education publishes, counted as of `asOf` and protected together: the content of a release. */
export async function countEnrolmentRelease(asOf: string, db: DataSource): Promise<EnrolmentReleaseContent> {
  const places = new FigureTable(['COMMUNITY', 'DISTRICT', 'CITY']);
  await addEnrolment(db, places, asOf);
  await addEnrolmentSeries(db, places, asOf);
  await addCompulsoryEnrolmentByMonth(db, places, asOf);
  await places.protect();
  return { places: places.published(), pupilsBySchool: await countPupilsBySchool(db, asOf) };
}

/** Education's latest release (kit/releases.ts). */
export function createEnrolmentRelease(db: DataSource): () => Promise<EnrolmentRelease> {
  const release = releaseOncePerRequest(db, 'education', countEnrolmentRelease);
  return async () => {
    const { asOf, content } = await release();
    return { places: new PublishedTable(asOf, content.places), schools: PublishedTable.ofCountsByKey(asOf, ENROLLED_PUPILS, content.pupilsBySchool) };
  };
}
