import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

/** Raw figures of one place: the resolver protects them (1–9 suppressed) before they leave. */
export interface EmploymentFigureCounts {
  registered: number;
  employed: number;
  withContract: number;
  insured: Map<string, number>;
  trained: number;
  disputesOpen: number;
  disputesClosed: number;
  wagesRecovered: string;
}

/**
 * Employment figures of many districts or communities in one statement, counted over the migrants registered there
 * with human resources (就业登记): employed now, with a signed contract, actively insured by scheme, trained (a
 * completed course), and labour disputes open and closed with the wages recovered.
 */
export function createEmploymentFigureLoader(db: DataSource, placeColumn: 'district_code' | 'community_code') {
  return new DataLoader<string, EmploymentFigureCounts>(async (codes) => {
    const rows: { place: string; figure: string; key: string | null; value: string }[] = await db.query(
      `WITH w AS (SELECT person_id, ${placeColumn} AS place FROM worker WHERE ${placeColumn} = ANY($1::varchar[]))
       SELECT place, 'registered' AS figure, NULL AS key, count(*)::text AS value FROM w GROUP BY place
       UNION ALL
       SELECT w.place, 'employed', NULL, count(DISTINCT e.person_id)::text FROM w JOIN employment e USING (person_id)
         WHERE e.end_date IS NULL GROUP BY w.place
       UNION ALL
       SELECT w.place, 'withContract', NULL, count(DISTINCT e.person_id)::text FROM w JOIN employment e USING (person_id)
         WHERE e.end_date IS NULL AND e.contract_signed GROUP BY w.place
       UNION ALL
       SELECT w.place, 'insured', i.type, count(DISTINCT i.person_id)::text FROM w JOIN social_insurance i USING (person_id)
         WHERE i.status = 'ACTIVE' GROUP BY w.place, i.type
       UNION ALL
       SELECT w.place, 'trained', NULL, count(DISTINCT t.person_id)::text FROM w JOIN training t USING (person_id)
         WHERE t.completed GROUP BY w.place
       UNION ALL
       SELECT w.place, 'disputesOpen', NULL, count(*)::text FROM w JOIN labour_dispute d USING (person_id)
         WHERE d.status <> 'CLOSED' GROUP BY w.place
       UNION ALL
       SELECT w.place, 'disputesClosed', NULL, count(*)::text FROM w JOIN labour_dispute d USING (person_id)
         WHERE d.status = 'CLOSED' GROUP BY w.place
       UNION ALL
       SELECT w.place, 'wagesRecovered', NULL, sum(d.amount_recovered_yuan)::text FROM w JOIN labour_dispute d USING (person_id)
         WHERE d.status = 'CLOSED' GROUP BY w.place`,
      [codes],
    );
    return codes.map((code) => {
      const figures: EmploymentFigureCounts = {
        registered: 0, employed: 0, withContract: 0, insured: new Map(), trained: 0, disputesOpen: 0, disputesClosed: 0, wagesRecovered: '0',
      };
      for (const row of rows) {
        if (row.place !== code) continue;
        if (row.figure === 'insured') figures.insured.set(row.key!, Number(row.value));
        else if (row.figure === 'wagesRecovered') figures.wagesRecovered = row.value;
        else (figures as unknown as Record<string, number>)[row.figure] = Number(row.value);
      }
      return figures;
    });
  });
}
