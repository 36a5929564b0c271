import type { DataSource } from 'typeorm';
import { FigureTable } from '../../kit/figure-table';
import { addMonthlyCells, breakdownMonthByMonth, MeasureKind, MonthlyChangeRow, sameAsLastMonth } from '../../kit/monthly-series';
import { byOrigin, inEveryRegion } from '../../kit/origin-measures';
import { CITY } from '../../kit/places';
import { PublishedCells, PublishedTable } from '../../kit/published-table';
import { loadEthnicGroups, loadOriginRegions } from '../../kit/reference-data';
import { releaseOncePerRequest } from '../../kit/releases';
import { addYearEndCells, CommunityYearRow, communityYearChanges, FIRST_COMMUNITY_YEAR, sameAsYearToDate } from '../../kit/yearly-series';
import { countSchoolAge } from './school-age-counts';

/**
 * Measures of the breakdowns, e.g. `registeredMigrants@origin:620000` (kit byOrigin) and
 * `registeredMigrants@ethnicity:01`; published from the district up, and by origin month by month for the city.
 */
export const byEthnicity = (measure: string, ethnicity: string) => `${measure}@ethnicity:${ethnicity}`;

const COUNTS = ['registeredMigrants', 'validPermits'] as const;

/** Registrations current on day $1: a registration's end date is its last day, so it still counts on that day. */
const CURRENT_ON = 'r.registered_on <= $1 AND (r.ended_on IS NULL OR r.ended_on >= $1)';

/** Holders of a permit valid on day $1 (joined by hash: a lookup per registration is ten times slower). */
const VALID_PERMIT_HOLDERS = `SELECT DISTINCT person_id FROM residence_permit
  WHERE valid_from <= $1 AND valid_until >= $1 AND (revoked_on IS NULL OR revoked_on > $1)`;

/**
 * The registration figures as of the cut-off, read in one statement: counts by community, and by origin and by ethnic
 * group in each district.
 */
async function addPopulation(db: DataSource, table: FigureTable, asOf: string): Promise<void> {
  const rows: { community: string | null; district: string | null; origin: string | null; ethnicity: string | null; registered: number; valid: number }[] =
    await db.query(
      `SELECT r.community_code AS community, r.district_code AS district, p.origin_region_code AS origin,
              p.ethnicity_code AS ethnicity, count(*)::int AS registered, count(v.person_id)::int AS valid
       FROM residence_registration r JOIN person p ON p.id = r.person_id
         LEFT JOIN (${VALID_PERMIT_HOLDERS}) v ON v.person_id = r.person_id
       WHERE ${CURRENT_ON}
       GROUP BY GROUPING SETS ((r.community_code), (r.district_code, p.origin_region_code), (r.district_code, p.ethnicity_code))`,
      [asOf],
    );
  for (const row of rows) {
    const counts = { registeredMigrants: row.registered, validPermits: row.valid };
    for (const measure of COUNTS) {
      if (row.community) table.add(row.community, measure, counts[measure]);
      else if (row.origin) table.add(row.district!, byOrigin(measure, row.origin), counts[measure]);
      else table.add(row.district!, byEthnicity(measure, row.ethnicity!), counts[measure]);
    }
  }
  for (const measure of COUNTS) {
    table.sumOf(measure, inEveryRegion(measure));
    table.sumOf(
      measure,
      loadEthnicGroups().map((group) => byEthnicity(measure, group.code)),
    );
  }
}

/**
 * Registration figures month by month up to the cut-off, from one statement: for every street, district and the
 * city, and for the city by region of origin (the origin report) — registrations (a stock, and from the district up
 * the new ones as a flow) and, for valid permits, each permit's validity cut to the registration it fell in — and
 * both stocks at each year's end in every community (a third grouping set, by year). Nothing after the cut-off is
 * counted. Returns the places of the monthly series (streets, districts and the city) and the communities.
 */
async function addPopulationSeries(db: DataSource, table: FigureTable, asOf: string): Promise<{ seriesPlaces: string[]; communities: string[] }> {
  const rows: (MonthlyChangeRow & CommunityYearRow & { origin: string | null })[] = await db.query(
    `WITH registrations AS MATERIALIZED (
       SELECT r.person_id, r.community_code, p.origin_region_code AS origin, r.registered_on, r.ended_on
       FROM residence_registration r JOIN person p ON p.id = r.person_id
     ), permit_spans AS MATERIALIZED (
       SELECT r.community_code, r.origin, greatest(rp.valid_from, r.registered_on) AS starts_on,
              least(rp.valid_until + 1, rp.revoked_on, r.ended_on + 1) AS ends_on
       FROM residence_permit rp JOIN registrations r ON r.person_id = rp.person_id
         AND r.registered_on <= rp.valid_until AND (r.ended_on IS NULL OR r.ended_on >= rp.valid_from)
     ), changes AS (
       SELECT 'registeredMigrants' AS measure, community_code, origin, date_trunc('month', registered_on) AS month,
              count(*) AS starts, 0 AS ends
         FROM registrations WHERE registered_on <= $1 GROUP BY 2, 3, 4
       UNION ALL
       SELECT 'registeredMigrants', community_code, origin, date_trunc('month', ended_on + 1), 0, count(*)
         FROM registrations WHERE ended_on < $1 GROUP BY 2, 3, 4
       UNION ALL
       SELECT 'validPermits', community_code, origin, date_trunc('month', starts_on), count(*), 0
         FROM permit_spans WHERE starts_on <= $1 AND (ends_on IS NULL OR ends_on > starts_on) GROUP BY 2, 3, 4
       UNION ALL
       SELECT 'validPermits', community_code, origin, date_trunc('month', ends_on), 0, count(*)
         FROM permit_spans WHERE ends_on <= $1 AND ends_on > starts_on GROUP BY 2, 3, 4
     ), placed AS (
       SELECT measure, community_code, left(community_code, 9) AS street_code, origin, to_char(month, 'YYYY-MM') AS month,
              extract(year FROM month)::int AS year, starts, ends
       FROM changes
     )
     SELECT street_code AS place, community_code AS community, origin, measure, month, year,
            sum(starts)::int AS starts, sum(ends)::int AS ends
     FROM placed GROUP BY GROUPING SETS ((street_code, measure, month), (origin, measure, month), (community_code, measure, year))`,
    [asOf],
  );
  const byStreet = rows.filter((row) => row.place !== null);
  const communities = addYearEndCells(table, communityYearChanges(rows), [...COUNTS], asOf, { first: FIRST_COMMUNITY_YEAR, streetSeries: true });
  const originRows = rows
    .filter((row) => row.place === null && row.community === null)
    .map((row): MonthlyChangeRow => ({ ...row, place: CITY.code, measure: byOrigin(row.measure, row.origin!) }));
  // New registrations are published from the district up (a street's would be mostly withheld, month by month).
  const newRegistrations = new Map<string, MonthlyChangeRow>();
  for (const row of byStreet.filter((row) => row.measure === 'registeredMigrants')) {
    const key = `${row.place.slice(0, 6)}|${row.month}`;
    const sum =
      newRegistrations.get(key) ??
      newRegistrations.set(key, { place: row.place.slice(0, 6), measure: 'newRegistrations', month: row.month, starts: 0, ends: 0 }).get(key)!;
    sum.starts += row.starts;
  }
  const kinds: Record<string, MeasureKind> = { registeredMigrants: 'STOCK', validPermits: 'STOCK', newRegistrations: 'FLOW' };
  for (const region of loadOriginRegions()) for (const measure of COUNTS) kinds[byOrigin(measure, region.code)] = 'STOCK';
  const seriesPlaces = addMonthlyCells(table, [...byStreet, ...newRegistrations.values(), ...originRows], kinds, asOf, {
    registeredMigrants: { starts: 'newRegistrations' },
  });
  for (const measure of COUNTS) {
    breakdownMonthByMonth(table, measure, inEveryRegion(measure), asOf);
    for (const region of loadOriginRegions()) sameAsLastMonth(table, [CITY.code], byOrigin(measure, region.code), byOrigin(measure, region.code), asOf);
  }
  return { seriesPlaces, communities };
}

/** What public security publishes in a release: its population figures and the school-age children it registers. */
interface PublicSecurityReleaseContent {
  population: PublishedCells;
  schoolAge: PublishedCells;
}

export interface PublicSecurityRelease {
  /** Counts by place now and month by month (`measure@YYYY-MM`), protected together. */
  population: PublishedTable;
  schoolAge: PublishedTable;
}

/**
 * Public security's latest release: every figure it publishes, counted as of the cut-off and protected together —
 * the counts of today and the monthly series in one table, since the month of the cut-off is the same count in both.
 */
export function createPublicSecurityRelease(db: DataSource): () => Promise<PublicSecurityRelease> {
  const release = releaseOncePerRequest(db, 'public-security', async (asOf, counting): Promise<PublicSecurityReleaseContent> => {
    const population = new FigureTable(['COMMUNITY', 'STREET', 'DISTRICT', 'CITY']);
    await addPopulation(counting, population, asOf);
    const { seriesPlaces, communities } = await addPopulationSeries(counting, population, asOf);
    for (const measure of COUNTS) {
      sameAsLastMonth(population, seriesPlaces, measure, measure, asOf);
      sameAsYearToDate(population, communities, measure, measure, asOf);
    }
    const schoolAge = await countSchoolAge(counting, asOf);
    await population.protect();
    await schoolAge.protect();
    return { population: population.published(), schoolAge: schoolAge.published() };
  });
  return async () => {
    const { asOf, content } = await release();
    return { population: new PublishedTable(asOf, content.population), schoolAge: new PublishedTable(asOf, content.schoolAge) };
  };
}
