import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

/** Raw figures of one place; the resolver protects them (1–9 suppressed) before they leave. */
export interface CaseFigureCounts {
  reliefCases: number;
  reliefPaid: number;
  reliefAmountPaid: string;
  disputesFound: number;
  disputesOpen: number;
  settledByLevel: Map<string, number>;
  medianDaysToSettle: number | null;
  servicePointVisits: number;
}

/**
 * Relief and mediation figures of many districts, streets or communities in one statement: relief cases and what was
 * paid; disputes found, open, closed at each level and the median days from finding to closing; service-point
 * visits in the last twelve months.
 */
export function createCaseFigureLoader(db: DataSource, placeColumn: 'district_code' | 'street_code' | 'community_code') {
  const visitsPlace = placeColumn === 'community_code' ? 'm.community_code' : `left(m.community_code, ${placeColumn === 'district_code' ? 6 : 9})`;
  const reliefPlace = placeColumn === 'street_code' ? 'left(r.community_code, 9)' : `r.${placeColumn}`;
  return new DataLoader<string, CaseFigureCounts>(async (codes) => {
    const rows: { place: string; figure: string; key: string | null; value: string | null }[] = await db.query(
      `SELECT ${reliefPlace} AS place, 'reliefCases' AS figure, NULL AS key, count(*)::text AS value FROM relief_case r
         WHERE ${reliefPlace} = ANY($1::varchar[]) GROUP BY 1
       UNION ALL
       SELECT ${reliefPlace}, 'reliefPaid', NULL, count(*)::text FROM relief_case r WHERE ${reliefPlace} = ANY($1::varchar[]) AND r.status = 'PAID' GROUP BY 1
       UNION ALL
       SELECT ${reliefPlace}, 'reliefAmountPaid', NULL, sum(r.amount_approved_yuan)::text FROM relief_case r
         WHERE ${reliefPlace} = ANY($1::varchar[]) AND r.status = 'PAID' GROUP BY 1
       UNION ALL
       SELECT d.${placeColumn}, 'disputesFound', NULL, count(*)::text FROM dispute_case d WHERE d.${placeColumn} = ANY($1::varchar[]) GROUP BY 1
       UNION ALL
       SELECT d.${placeColumn}, 'disputesOpen', NULL, count(*)::text FROM dispute_case d WHERE d.${placeColumn} = ANY($1::varchar[]) AND d.status = 'OPEN' GROUP BY 1
       UNION ALL
       SELECT d.${placeColumn}, 'settled', d.level, count(*)::text FROM dispute_case d
         WHERE d.${placeColumn} = ANY($1::varchar[]) AND d.status = 'CLOSED' GROUP BY 1, 3
       UNION ALL
       SELECT d.${placeColumn}, 'medianDaysToSettle', NULL, percentile_cont(0.5) WITHIN GROUP (ORDER BY d.closed_on - d.found_on)::text
         FROM dispute_case d WHERE d.${placeColumn} = ANY($1::varchar[]) AND d.status = 'CLOSED' GROUP BY 1
       UNION ALL
       SELECT ${visitsPlace}, 'servicePointVisits', NULL, sum(m.visits)::text FROM service_point_month m
         WHERE ${visitsPlace} = ANY($1::varchar[]) AND m.month > to_char(CURRENT_DATE - interval '12 months', 'YYYY-MM') GROUP BY 1`,
      [codes],
    );
    return codes.map((code) => {
      const figures: CaseFigureCounts = {
        reliefCases: 0, reliefPaid: 0, reliefAmountPaid: '0', disputesFound: 0, disputesOpen: 0,
        settledByLevel: new Map(), medianDaysToSettle: null, servicePointVisits: 0,
      };
      for (const row of rows) {
        if (row.place !== code || row.value === null) continue;
        if (row.figure === 'settled') figures.settledByLevel.set(row.key!, Number(row.value));
        else if (row.figure === 'reliefAmountPaid') figures.reliefAmountPaid = row.value;
        else (figures as unknown as Record<string, number>)[row.figure] = Number(row.value);
      }
      return figures;
    });
  });
}
