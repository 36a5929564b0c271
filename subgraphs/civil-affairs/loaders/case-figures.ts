import type { DataSource } from 'typeorm';
import { SMALLEST_SHOWN_COUNT } from '../../kit/disclosure';
import { FigureTable } from '../../kit/figure-table';
import { addMonthlyCells, FIRST_MONTH, sameAsLastMonth, sumOfTheMonths } from '../../kit/monthly-series';
import { addCityFlowsByOriginByYear, byOrigin, OriginChangeRow, originParts, UNRECORDED_ORIGIN } from '../../kit/origin-measures';
import { addUpwards, CITY, PlaceLevel, placeLevel } from '../../kit/places';
import { PublishedCells, PublishedTable } from '../../kit/published-table';
import { releaseOncePerRequest } from '../../kit/releases';
import { addYearEndCells, CommunityYearRow, communityYearChanges, FIRST_COMMUNITY_YEAR, sameAsYearToDate } from '../../kit/yearly-series';
import { DisputeLevel } from '../entities/case-enums';

export const settledAt = (level: DisputeLevel) => `settled:${level}`;

/** The flows published by origin, by year only: per region and month they would be almost all withheld. */
export const ORIGIN_FLOWS = ['reliefGranted', 'disputesFound', 'disputesSettled'] as const;

const LEVELS: PlaceLevel[] = ['COMMUNITY', 'STREET', 'DISTRICT', 'CITY'];

/** Relief and mediation figures of a release: counts protected together, with the amounts and medians beside them. */
export interface CaseRelease {
  /** Counts by place as of the cut-off, and month by month (`measure@YYYY-MM`). */
  counts: PublishedTable;
  /** Yuan paid by place; shown only where the count of paid cases is. */
  reliefAmountPaid: Record<string, number>;
  /** Median days to settle, only where at least SMALLEST_SHOWN_COUNT disputes were closed. */
  medianDaysToSettle: Record<string, number>;
  /** Places where a median was withheld: too few disputes closed to describe them. */
  medianWithheld: string[];
  /**
   * Service-point visits in the twelve months up to the cut-off, by place. Not withheld: they add up the monthly
   * visits every role may read (`ServicePoint.activity`), so withholding a sum would hide nothing an analyst could not
   * add up again.
   */
  servicePointVisits: Record<string, number>;
}

interface CaseReleaseContent extends Omit<CaseRelease, 'counts'> {
  counts: PublishedCells;
}

/**
 * Relief and mediation as of the cut-off, for every community, street, district and the city, in one statement:
 * relief cases applied for and paid, with what was paid; disputes open and closed at each level (found = open +
 * closed, protected as a sum of its parts), and open by region of origin from the district up; the median days from
 * finding to closing (per place, not additive); service-point visits in the twelve months up to the cut-off (public,
 * summed beside the counts).
 */
async function addCases(db: DataSource, counts: FigureTable, asOf: string): Promise<Omit<CaseReleaseContent, 'counts'>> {
  const rows: { place: string; figure: string; value: number }[] = await db.query(
    `SELECT community_code AS place, 'reliefCases' AS figure, count(*)::float8 AS value FROM relief_case WHERE applied_on <= $2 GROUP BY 1
     UNION ALL
     SELECT community_code, 'reliefPaid', count(*) FROM relief_case WHERE status = 'PAID' AND paid_on <= $2 GROUP BY 1
     UNION ALL
     SELECT community_code, 'reliefAmountPaid', sum(amount_approved_yuan) FROM relief_case WHERE status = 'PAID' AND paid_on <= $2 GROUP BY 1
     UNION ALL
     SELECT community_code, CASE WHEN closed_on IS NULL OR closed_on > $2 THEN 'disputesOpen' ELSE 'settled:' || level END, count(*)
       FROM dispute_case WHERE found_on <= $2 GROUP BY 1, 2
     UNION ALL
     SELECT district_code, 'disputesOpen@origin:' || coalesce(origin_region_code, '${UNRECORDED_ORIGIN}'), count(*)
       FROM dispute_case WHERE found_on <= $2 AND (closed_on IS NULL OR closed_on > $2) GROUP BY 1, 2
     UNION ALL
     SELECT coalesce(community_code, street_code, district_code, $1), 'medianDaysToSettle',
            percentile_cont(0.5) WITHIN GROUP (ORDER BY closed_on - found_on)
       FROM dispute_case WHERE closed_on <= $2
       GROUP BY GROUPING SETS ((community_code), (street_code), (district_code), ())
     UNION ALL
     SELECT community_code, 'servicePointVisits', sum(visits) FROM service_point_month
       WHERE month > to_char($2::date - interval '12 months', 'YYYY-MM') AND month <= to_char($2::date, 'YYYY-MM') GROUP BY 1`,
    [CITY.code, asOf],
  );
  const reliefAmountPaid = new Map<string, number>();
  const servicePointVisits = new Map<string, number>();
  const medians = new Map<string, number>();
  const closed = new Map<string, number>();
  for (const { place, figure, value } of rows) {
    if (figure === 'reliefAmountPaid') addUpwards(reliefAmountPaid, place, value, LEVELS);
    else if (figure === 'servicePointVisits') addUpwards(servicePointVisits, place, value, LEVELS);
    else if (figure === 'medianDaysToSettle') medians.set(place, value);
    else if (figure === byOrigin('disputesOpen', UNRECORDED_ORIGIN)) counts.addUnpublished(place, figure, value);
    else if (figure.startsWith(byOrigin('disputesOpen', ''))) counts.add(place, figure, value);
    else {
      counts.add(place, figure, value);
      if (figure === 'disputesOpen' || figure.startsWith('settled:')) counts.add(place, 'disputesFound', value);
      if (figure.startsWith('settled:')) addUpwards(closed, place, value, LEVELS);
    }
  }
  counts.sumOf('disputesFound', ['disputesOpen', ...Object.values(DisputeLevel).map(settledAt)]);
  counts.sumOf('disputesOpen', originParts('disputesOpen'));
  // Medians over a few closed disputes would describe those few people; only the decision is kept, not the count.
  const medianDaysToSettle: Record<string, number> = {};
  const medianWithheld: string[] = [];
  for (const [place, median] of medians) {
    if ((closed.get(place) ?? 0) >= SMALLEST_SHOWN_COUNT) medianDaysToSettle[place] = median;
    else medianWithheld.push(place);
  }
  return {
    reliefAmountPaid: Object.fromEntries(reliefAmountPaid),
    medianDaysToSettle,
    medianWithheld,
    servicePointVisits: Object.fromEntries(servicePointVisits),
  };
}

/**
 * Relief and mediation month by month up to the cut-off: for every district and the city, relief granted (approved
 * or paid, by the day of decision) and disputes found and settled in the month; for every street too, disputes open
 * on its last day (its found and settled being unpublished parts of the district's, kit addMonthlyCells). The
 * disputes found by the cut-off are those found month by month. The same statement counts the flows by region of
 * origin for the city (a second grouping set), published by year, and every community's disputes open at each year's
 * end (a third, by community and year). Returns the places of the monthly series and the communities.
 */
async function addCasesByMonth(db: DataSource, counts: FigureTable, asOf: string): Promise<{ seriesPlaces: string[]; communities: string[] }> {
  const rows: (OriginChangeRow & CommunityYearRow)[] = await db.query(
    `WITH changes AS (
       SELECT 'reliefGranted' AS measure, community_code, NULL::varchar AS street_code, district_code, origin_region_code AS origin,
              to_char(decided_on, 'YYYY-MM') AS month, 1 AS starts, 0 AS ends
         FROM relief_case WHERE status IN ('APPROVED', 'PAID') AND decided_on <= $1
       UNION ALL
       SELECT 'disputesFound', community_code, NULL, district_code, origin_region_code, to_char(found_on, 'YYYY-MM'), 1, 0 FROM dispute_case WHERE found_on <= $1
       UNION ALL
       SELECT 'disputesOpen', community_code, street_code, district_code, origin_region_code, to_char(found_on, 'YYYY-MM'), 1, 0 FROM dispute_case WHERE found_on <= $1
       UNION ALL
       SELECT 'disputesOpen', community_code, street_code, district_code, origin_region_code, to_char(closed_on, 'YYYY-MM'), 0, 1 FROM dispute_case WHERE closed_on <= $1
       UNION ALL
       SELECT 'disputesSettled', community_code, NULL, district_code, origin_region_code, to_char(closed_on, 'YYYY-MM'), 1, 0 FROM dispute_case WHERE closed_on <= $1
     ), placed AS (
       SELECT measure, community_code, street_code, district_code, origin, month, left(month, 4)::int AS year, starts, ends FROM changes
     )
     SELECT coalesce(street_code, district_code) AS place, community_code AS community, origin, measure, month, year,
            sum(starts)::int AS starts, sum(ends)::int AS ends
     FROM placed GROUP BY GROUPING SETS ((street_code, district_code, measure, month), (origin, measure, month), (community_code, measure, year))
     HAVING GROUPING(community_code) = 1 OR measure = 'disputesOpen'`,
    [asOf],
  );
  // The communities' open disputes at each year's end (a month by month would be mostly withheld): their flows stay
  // at the district and up, as the streets' do.
  const communities = addYearEndCells(counts, communityYearChanges(rows), ['disputesOpen'], asOf, { first: FIRST_COMMUNITY_YEAR, streetSeries: true });
  const byPlace = rows.filter((row) => row.place !== null);
  const places = addMonthlyCells(counts, byPlace, { reliefGranted: 'FLOW', disputesFound: 'FLOW', disputesOpen: 'STOCK', disputesSettled: 'FLOW' }, asOf, {
    disputesOpen: { starts: 'disputesFound', ends: 'disputesSettled' },
  });
  // Disputes found are published month by month from the district up only.
  if (!byPlace.some((row) => row.measure === 'disputesFound' && row.month < FIRST_MONTH))
    sumOfTheMonths(
      counts,
      places.filter((place) => placeLevel(place) !== 'STREET'),
      'disputesFound',
      'disputesFound',
      asOf,
    );
  const byOriginRows = rows.filter((row) => row.place === null && row.community === null);
  addCityFlowsByOriginByYear(counts, byOriginRows, ORIGIN_FLOWS, asOf);
  return { seriesPlaces: places, communities };
}

/** Civil affairs' latest release: every figure it publishes, counted as of the cut-off and protected together. */
export function createCaseRelease(db: DataSource): () => Promise<CaseRelease> {
  const release = releaseOncePerRequest(db, 'civil-affairs', async (asOf, counting): Promise<CaseReleaseContent> => {
    const counts = new FigureTable(LEVELS);
    const beside = await addCases(counting, counts, asOf);
    const { seriesPlaces, communities } = await addCasesByMonth(counting, counts, asOf);
    sameAsLastMonth(counts, seriesPlaces, 'disputesOpen', 'disputesOpen', asOf);
    sameAsYearToDate(counts, communities, 'disputesOpen', 'disputesOpen', asOf);
    await counts.protect();
    return { counts: counts.published(), ...beside };
  });
  return async () => {
    const { asOf, content } = await release();
    return { ...content, counts: new PublishedTable(asOf, content.counts) };
  };
}
