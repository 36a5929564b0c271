import type { DataSource } from 'typeorm';
import { protectedCountsByKey } from '../../kit/disclosure';
import { FigureTable } from '../../kit/figure-table';
import { addMonthlyCells, cellOf, partOfStock, sameAsLastMonth } from '../../kit/monthly-series';
import { addCityFlowsByOriginByYear, addCityStocksByOrigin, byOrigin, OriginChangeRow, originParts, UNRECORDED_ORIGIN } from '../../kit/origin-measures';
import { addUpwards, PlaceLevel } from '../../kit/places';
import { PublishedCells, PublishedTable } from '../../kit/published-table';
import { releaseOncePerRequest } from '../../kit/releases';
import { addYearEndCells, CommunityYearRow, communityYearChanges, FIRST_COMMUNITY_YEAR, sameAsYearToDate } from '../../kit/yearly-series';
import { InsuranceType } from '../entities/enums';

export const insuredIn = (type: InsuranceType) => `insured:${type}`;
const COUNTS = ['registered', 'employed', 'withContract', 'trained', 'disputesOpen', 'disputesClosed'] as const;
const LEVELS: PlaceLevel[] = ['COMMUNITY', 'DISTRICT', 'CITY'];

/**
 * The stocks of the origin report (by the worker's household registration place, `withContract@origin:620000`): by
 * district on the cut-off day and month by month for the city, each the same count as employmentByMonth's of that
 * name, so the regions and the workers registered without an origin add up to it.
 */
export const ORIGIN_STOCKS = ['withContract', 'insured'] as const;
/** The flow of the origin report, for the city by year only: per region and month it would be almost all withheld. */
export const ORIGIN_FLOWS = ['trainingCompleted'] as const;

/** Employment figures of a release: counts protected together, and wages recovered (a sum, shown with its count). */
export interface EmploymentRelease {
  /** Counts by place on the cut-off day, and month by month (`measure@YYYY-MM`). */
  counts: PublishedTable;
  wagesRecovered: Record<string, number>;
  /** Migrants employed by each employer on the cut-off day (`migrantEmployees` by employer code; one not in it has none). */
  employers: PublishedTable;
}

/** The measure of an employer's migrant employees in EmploymentRelease.employers. */
export const MIGRANT_EMPLOYEES = 'migrantEmployees';

interface EmploymentReleaseContent {
  counts: PublishedCells;
  wagesRecovered: Record<string, number>;
  /** Migrants employed by each employer on the cut-off day (null: withheld; absent: none). */
  employeesByEmployer: Record<string, number | null>;
}

/** Migrants employed by each employer on the cut-off day, 1–9 withheld (null). */
function countEmployeesByEmployer(db: DataSource, asOf: string): Promise<Record<string, number | null>> {
  return protectedCountsByKey(
    db,
    `SELECT employer_code AS key, count(*)::int AS count FROM employment
     WHERE start_date <= $1 AND (end_date IS NULL OR end_date >= $1) GROUP BY employer_code`,
    [asOf],
  );
}

/**
 * Employment figures of every community, district and the city on the cut-off day, counted over the migrants
 * registered with human resources (就业登记) by then, in one statement: each person's records are summed first
 * (employed that day, with a signed contract, schemes actively insured, insured in any scheme, a completed course,
 * disputes filed and closed by then), then people are counted by community, and by district and household
 * registration place (a second grouping set) for the origin report's stocks, which add up to the district's stocks
 * of the cut-off month: those with a contract (the cut-off day's withContract) and insured in any scheme, whatever
 * its status, as employmentByMonth counts them.
 */
async function addEmployment(db: DataSource, counts: FigureTable, asOf: string): Promise<Record<string, number>> {
  const types = Object.values(InsuranceType);
  const typeParam = (n: number) => `$${n + 2}`;
  const rows: Record<string, string | number | boolean | null>[] = await db.query(
    `WITH e AS (
       SELECT person_id, bool_or(end_date IS NULL OR end_date >= $1) AS employed,
              bool_or((end_date IS NULL OR end_date >= $1) AND contract_signed) AS with_contract
       FROM employment WHERE start_date <= $1 GROUP BY person_id
     ), i AS (
       SELECT person_id, array_agg(type) FILTER (WHERE status = 'ACTIVE') AS types FROM social_insurance
       WHERE start_date <= $1 AND (end_date IS NULL OR end_date >= $1) GROUP BY person_id
     ), t AS (
       SELECT DISTINCT person_id FROM training WHERE completed AND end_date <= $1
     ), d AS (
       SELECT person_id, count(*) FILTER (WHERE closed_on IS NULL OR closed_on > $1) AS open, count(*) FILTER (WHERE closed_on <= $1) AS closed,
              coalesce(sum(amount_recovered_yuan) FILTER (WHERE closed_on <= $1), 0) AS recovered
       FROM labour_dispute WHERE filed_on <= $1 GROUP BY person_id
     )
     SELECT w.community_code AS community, w.district_code AS district, w.origin_region_code AS origin,
            GROUPING(w.origin_region_code) = 0 AS by_origin, count(*)::int AS registered,
            count(*) FILTER (WHERE e.employed)::int AS employed, count(*) FILTER (WHERE e.with_contract)::int AS "withContract",
            ${types.map((type, n) => `count(*) FILTER (WHERE ${typeParam(n)} = ANY(i.types))::int AS "${insuredIn(type)}"`).join(', ')},
            count(i.person_id)::int AS insured, count(t.person_id)::int AS trained, coalesce(sum(d.open), 0)::int AS "disputesOpen",
            coalesce(sum(d.closed), 0)::int AS "disputesClosed", coalesce(sum(d.recovered), 0)::float8 AS recovered
     FROM worker w LEFT JOIN e USING (person_id) LEFT JOIN i USING (person_id) LEFT JOIN t USING (person_id)
       LEFT JOIN d USING (person_id)
     WHERE w.registered_on <= $1
     GROUP BY GROUPING SETS ((w.community_code), (w.district_code, w.origin_region_code))`,
    [asOf, ...types],
  );
  const wagesRecovered = new Map<string, number>();
  for (const row of rows) {
    if (row.by_origin) {
      for (const measure of ORIGIN_STOCKS) {
        if (row.origin === null) counts.addUnpublished(String(row.district), byOrigin(measure, UNRECORDED_ORIGIN), Number(row[measure]));
        else counts.add(String(row.district), byOrigin(measure, String(row.origin)), Number(row[measure]));
      }
      continue;
    }
    const community = String(row.community);
    for (const measure of [...COUNTS, ...types.map(insuredIn)]) counts.add(community, measure, Number(row[measure]));
    addUpwards(wagesRecovered, community, Number(row.recovered), LEVELS);
  }
  for (const measure of ORIGIN_STOCKS) counts.sumOf(cellOf(measure, asOf.slice(0, 7)), originParts(measure));
  return Object.fromEntries(wagesRecovered);
}

/**
 * The monthly stocks that are also published on the cut-off day, as the same count: the district's and the city's
 * cut-off month (sameAsLastMonth), a community's year to date (sameAsYearToDate).
 */
const STOCKS_AT_CUT_OFF = ['registered', 'employed', 'withContract'] as const;

/**
 * The stocks of a community's year ends (Community.employmentByYear): the people stocks of the districts' months.
 * Jobs with a contract count jobs, not people, and courses completed are a flow: both are left out.
 */
export const YEAR_END_STOCKS = ['registered', 'employed', 'withContract', 'insured'] as const;

/**
 * Employment month by month up to the cut-off for every district and the city, by the district of employment
 * registration. On the month's last day: migrants registered with the employment service by then (`registered`), and
 * of them those holding a job (`employed`), a job with a signed contract (`withContract`) and insurance in at least
 * one scheme (`insured`), so the people stocks are the cut-off day's `registered`, `employed` and `withContract` at
 * the cut-off; jobs held with a signed contract (`employedWithContract`, jobs, not people); and training courses
 * completed in the month. A person's records of one measure, cut to start at registration, are merged into spells in
 * one pass (a spell starts at a record no earlier one covers, and ends where the next starts after all so far have
 * ended), so a person is one start and one end per spell. The same statement counts them by the worker's household
 * registration place (a second grouping set) for the origin report: the city's stocks with a contract and insured
 * month by month, and its courses completed year by year; and by the worker's community and year (a third), for the
 * people stocks at each year's end in every community (YEAR_END_STOCKS). Returns the places of the monthly series
 * (districts and the city) and the communities.
 */
async function addEmploymentSeries(db: DataSource, counts: FigureTable, asOf: string): Promise<{ seriesPlaces: string[]; communities: string[] }> {
  const rows: (OriginChangeRow & CommunityYearRow & { by_origin: boolean })[] = await db.query(
    `WITH held AS (
       SELECT h.measure, h.id, h.person_id, w.district_code AS place, w.community_code AS community, w.origin_region_code AS origin,
              greatest(h.start_date, w.registered_on) AS starts_on,
              coalesce(h.end_date, 'infinity'::date) AS ends_on
       FROM (
         SELECT 'employed' AS measure, id, person_id, start_date, end_date FROM employment
         UNION ALL
         SELECT 'withContract', id, person_id, start_date, end_date FROM employment WHERE contract_signed
         UNION ALL
         SELECT 'insured', id, person_id, start_date, end_date FROM social_insurance
       ) h JOIN worker w USING (person_id)
       WHERE h.end_date IS NULL OR h.end_date >= w.registered_on
     ), ordered AS (
       SELECT measure, place, community, origin, starts_on, ends_on, lead(starts_on) OVER earlier AS next_starts_on,
              greatest(max(ends_on) OVER (earlier ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), ends_on) AS held_until,
              max(ends_on) OVER (earlier ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered_before
       FROM held WINDOW earlier AS (PARTITION BY measure, person_id ORDER BY starts_on, id)
     ), changes AS (
       SELECT measure, place, community, origin, starts_on AS day, 1 AS starts, 0 AS ends FROM ordered
       WHERE covered_before IS NULL OR covered_before < starts_on
       UNION ALL
       SELECT measure, place, community, origin, held_until + 1, 0, 1 FROM ordered
       WHERE (next_starts_on IS NULL OR next_starts_on > held_until) AND held_until < 'infinity'::date
       UNION ALL
       SELECT 'employedWithContract', w.district_code, w.community_code, w.origin_region_code, e.start_date, 1, 0
       FROM employment e JOIN worker w USING (person_id) WHERE e.contract_signed
       UNION ALL
       SELECT 'employedWithContract', w.district_code, w.community_code, w.origin_region_code, e.end_date + 1, 0, 1
       FROM employment e JOIN worker w USING (person_id) WHERE e.contract_signed AND e.end_date IS NOT NULL
       UNION ALL
       SELECT 'registered', district_code, community_code, origin_region_code, registered_on, 1, 0 FROM worker
       UNION ALL
       SELECT 'trainingCompleted', w.district_code, w.community_code, w.origin_region_code, t.end_date, 1, 0
       FROM training t JOIN worker w USING (person_id) WHERE t.completed
     ), dated AS (
       SELECT measure, place, community, origin, to_char(date_trunc('month', day), 'YYYY-MM') AS month, extract(year FROM day)::int AS year,
              starts, ends
       FROM changes WHERE day <= $1
     )
     SELECT place, community, origin, GROUPING(origin) = 0 AS by_origin, measure, month, year,
            sum(starts)::int AS starts, sum(ends)::int AS ends
     FROM dated
     GROUP BY GROUPING SETS ((place, measure, month), (origin, measure, month), (community, measure, year))
     HAVING GROUPING(community) = 1 OR measure IN (${YEAR_END_STOCKS.map((measure) => `'${measure}'`).join(', ')})`,
    [asOf],
  );
  const kinds = {
    registered: 'STOCK',
    employed: 'STOCK',
    withContract: 'STOCK',
    employedWithContract: 'STOCK',
    insured: 'STOCK',
    trainingCompleted: 'FLOW',
  } as const;
  const byDistrict = rows.filter((row) => row.place !== null);
  const seriesPlaces = addMonthlyCells(counts, byDistrict, kinds, asOf);
  // Jobs with a contract are the people holding one plus the further contract jobs some hold: an analyst knows the
  // two are nearly always equal, so protection must relate them.
  partOfStock(counts, byDistrict, 'withContract', 'employedWithContract', asOf);
  const byOriginRows = rows.filter((row) => row.by_origin);
  addCityStocksByOrigin(counts, byOriginRows, ORIGIN_STOCKS, asOf);
  addCityFlowsByOriginByYear(counts, byOriginRows, ORIGIN_FLOWS, asOf);
  // Human resources publishes no street months: a community's year ends add up to its district's December.
  const communities = addYearEndCells(counts, communityYearChanges(rows), [...YEAR_END_STOCKS], asOf, {
    first: FIRST_COMMUNITY_YEAR,
    streetSeries: false,
  });
  return { seriesPlaces, communities };
}

/** Every figure human resources publishes, counted as of `asOf` and protected together: the content of a release. */
export async function countEmploymentRelease(asOf: string, db: DataSource): Promise<EmploymentReleaseContent> {
  const counts = new FigureTable(LEVELS);
  const wagesRecovered = await addEmployment(db, counts, asOf);
  const { seriesPlaces, communities } = await addEmploymentSeries(db, counts, asOf);
  for (const measure of STOCKS_AT_CUT_OFF) {
    sameAsLastMonth(counts, seriesPlaces, measure, measure, asOf);
    sameAsYearToDate(counts, communities, measure, measure, asOf);
  }
  await counts.protect();
  return { counts: counts.published(), wagesRecovered, employeesByEmployer: await countEmployeesByEmployer(db, asOf) };
}

/** Human resources' latest release (kit/releases.ts). */
export function createEmploymentRelease(db: DataSource): () => Promise<EmploymentRelease> {
  const release = releaseOncePerRequest(db, 'human-resources', countEmploymentRelease);
  return async () => {
    const { asOf, content } = await release();
    return {
      counts: new PublishedTable(asOf, content.counts),
      wagesRecovered: content.wagesRecovered,
      employers: PublishedTable.ofCountsByKey(asOf, MIGRANT_EMPLOYEES, content.employeesByEmployer),
    };
  };
}
