import type { DataSource } from 'typeorm';
import { figuresOncePerRequest } from '../../kit/figure-cache';
import { FigureTable } from '../../kit/figure-table';
import { MonthlyChangeRow, monthlyTables } from '../../kit/monthly-series';
import { addUpwards, CITY, PlaceLevel } from '../../kit/places';
import { DisputeLevel } from '../entities/case-enums';

export const settledAt = (level: DisputeLevel) => `settled:${level}`;
const LEVELS: PlaceLevel[] = ['COMMUNITY', 'STREET', 'DISTRICT', 'CITY'];

/** Relief and mediation figures of every place: counts protected together, with the amounts and medians beside them. */
export interface CaseTable {
  counts: FigureTable;
  reliefAmountPaid: Map<string, number>;
  medianDaysToSettle: Map<string, number>;
  /** Disputes closed, unprotected: only to decide whether a median over them may be shown. */
  closed: Map<string, number>;
}

/**
 * Relief and mediation figures of every community, street, district and the city in one statement: relief cases and
 * what was paid; disputes open and closed at each level (found = open + closed, protected as a sum of its parts); the
 * median days from finding to closing (per place, not additive); service-point visits in the last twelve months.
 */
export function createCaseTable(db: DataSource): () => Promise<CaseTable> {
  return figuresOncePerRequest(db, 'cases', async () => {
    const rows: { place: string; figure: string; value: number }[] = await db.query(
      `SELECT community_code AS place, 'reliefCases' AS figure, count(*)::float8 AS value FROM relief_case GROUP BY 1
       UNION ALL
       SELECT community_code, 'reliefPaid', count(*) FROM relief_case WHERE status = 'PAID' GROUP BY 1
       UNION ALL
       SELECT community_code, 'reliefAmountPaid', sum(amount_approved_yuan) FROM relief_case WHERE status = 'PAID' GROUP BY 1
       UNION ALL
       SELECT community_code, CASE WHEN status = 'OPEN' THEN 'disputesOpen' ELSE 'settled:' || level END, count(*)
         FROM dispute_case GROUP BY 1, 2
       UNION ALL
       SELECT coalesce(community_code, street_code, district_code, $1), 'medianDaysToSettle',
              percentile_cont(0.5) WITHIN GROUP (ORDER BY closed_on - found_on)
         FROM dispute_case WHERE status = 'CLOSED'
         GROUP BY GROUPING SETS ((community_code), (street_code), (district_code), ())
       UNION ALL
       SELECT community_code, 'servicePointVisits', sum(visits) FROM service_point_month
         WHERE month > to_char(CURRENT_DATE - interval '12 months', 'YYYY-MM') GROUP BY 1`,
      [CITY.code],
    );
    const counts = new FigureTable(LEVELS);
    const reliefAmountPaid = new Map<string, number>();
    const medianDaysToSettle = new Map<string, number>();
    const closed = new Map<string, number>();
    for (const { place, figure, value } of rows) {
      if (figure === 'reliefAmountPaid') addUpwards(reliefAmountPaid, place, value, LEVELS);
      else if (figure === 'medianDaysToSettle') medianDaysToSettle.set(place, value);
      else {
        counts.add(place, figure, value);
        if (figure === 'disputesOpen' || figure.startsWith('settled:')) counts.add(place, 'disputesFound', value);
        if (figure.startsWith('settled:')) addUpwards(closed, place, value, LEVELS);
      }
    }
    counts.sumOf('disputesFound', ['disputesOpen', ...Object.values(DisputeLevel).map(settledAt)]);
    await counts.protect();
    return { counts, reliefAmountPaid, medianDaysToSettle, closed };
  });
}

/**
 * Relief and mediation month by month for every district and the city: relief granted (approved or paid, by the
 * day of decision), disputes found and settled in the month, and disputes open on its last day.
 */
export function createCaseMonthlyTables(db: DataSource) {
  return monthlyTables(
    db,
    'cases-monthly',
    () =>
      db.query(
        `WITH changes AS (
           SELECT 'reliefGranted' AS measure, district_code AS place, to_char(decided_on, 'YYYY-MM') AS month, 1 AS starts, 0 AS ends
             FROM relief_case WHERE status IN ('APPROVED', 'PAID')
           UNION ALL
           SELECT m.measure, district_code, to_char(found_on, 'YYYY-MM'), 1, 0
             FROM dispute_case CROSS JOIN (VALUES ('disputesFound'), ('disputesOpen')) AS m(measure)
           UNION ALL
           SELECT 'disputesOpen', district_code, to_char(closed_on, 'YYYY-MM'), 0, 1 FROM dispute_case WHERE closed_on IS NOT NULL
           UNION ALL
           SELECT 'disputesSettled', district_code, to_char(closed_on, 'YYYY-MM'), 1, 0 FROM dispute_case WHERE closed_on IS NOT NULL
         )
         SELECT place, measure, month, sum(starts)::int AS starts, sum(ends)::int AS ends FROM changes GROUP BY 1, 2, 3`,
      ) as Promise<MonthlyChangeRow[]>,
    { reliefGranted: 'FLOW', disputesFound: 'FLOW', disputesOpen: 'STOCK', disputesSettled: 'FLOW' },
    { disputesOpen: { starts: 'disputesFound', ends: 'disputesSettled' } },
  );
}
