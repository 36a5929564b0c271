import type { DataSource } from 'typeorm';
import { figuresOncePerRequest } from '../../kit/figure-cache';
import { FigureTable } from '../../kit/figure-table';
import { MonthlyChangeRow, monthlyTables } from '../../kit/monthly-series';
import { addUpwards, PlaceLevel } from '../../kit/places';
import { InsuranceType } from '../entities/enums';

export const insuredIn = (type: InsuranceType) => `insured:${type}`;
const COUNTS = ['registered', 'employed', 'withContract', 'trained', 'disputesOpen', 'disputesClosed'] as const;
const LEVELS: PlaceLevel[] = ['COMMUNITY', 'DISTRICT', 'CITY'];

/** Employment figures of every place: counts protected together, and wages recovered (a sum, shown with its count). */
export interface EmploymentTable {
  counts: FigureTable;
  wagesRecovered: Map<string, number>;
}

/**
 * Employment figures of every community, district and the city, counted over the migrants registered with human
 * resources (就业登记) in one statement: each person's records are summed first (employed now, with a signed
 * contract, schemes actively insured, a completed course, disputes), then people are counted by community.
 */
export function createEmploymentTable(db: DataSource): () => Promise<EmploymentTable> {
  return figuresOncePerRequest(db, 'employment', async () => {
    const types = Object.values(InsuranceType);
    const rows: Record<string, string | number>[] = await db.query(
      `WITH e AS (
         SELECT person_id, bool_or(end_date IS NULL) AS employed, bool_or(end_date IS NULL AND contract_signed) AS with_contract
         FROM employment GROUP BY person_id
       ), i AS (
         SELECT person_id, array_agg(type) AS types FROM social_insurance WHERE status = 'ACTIVE' GROUP BY person_id
       ), t AS (
         SELECT DISTINCT person_id FROM training WHERE completed
       ), d AS (
         SELECT person_id, count(*) FILTER (WHERE status <> 'CLOSED') AS open, count(*) FILTER (WHERE status = 'CLOSED') AS closed,
                coalesce(sum(amount_recovered_yuan) FILTER (WHERE status = 'CLOSED'), 0) AS recovered
         FROM labour_dispute GROUP BY person_id
       )
       SELECT w.community_code AS community, count(*)::int AS registered,
              count(*) FILTER (WHERE e.employed)::int AS employed, count(*) FILTER (WHERE e.with_contract)::int AS "withContract",
              ${types.map((type, n) => `count(*) FILTER (WHERE $${n + 1} = ANY(i.types))::int AS "${insuredIn(type)}"`).join(', ')},
              count(t.person_id)::int AS trained, coalesce(sum(d.open), 0)::int AS "disputesOpen",
              coalesce(sum(d.closed), 0)::int AS "disputesClosed", coalesce(sum(d.recovered), 0)::float8 AS recovered
       FROM worker w LEFT JOIN e USING (person_id) LEFT JOIN i USING (person_id) LEFT JOIN t USING (person_id)
         LEFT JOIN d USING (person_id)
       GROUP BY w.community_code`,
      types,
    );
    const counts = new FigureTable(LEVELS);
    const wagesRecovered = new Map<string, number>();
    for (const row of rows) {
      const community = String(row.community);
      for (const measure of [...COUNTS, ...types.map(insuredIn)]) counts.add(community, measure, Number(row[measure]));
      addUpwards(wagesRecovered, community, Number(row.recovered), LEVELS);
    }
    await counts.protect();
    return { counts, wagesRecovered };
  });
}

/**
 * Employment month by month for every district and the city, by the district of employment registration: jobs with
 * a signed contract held on the month's last day, migrants insured in at least one scheme on that day (each person's
 * overlapping schemes merged into spells), and training courses completed in the month.
 */
export function createEmploymentMonthlyTables(db: DataSource) {
  return monthlyTables(
    db,
    'employment-monthly',
    () =>
      db.query(
        `WITH insurance AS (
           SELECT id, person_id, start_date, coalesce(end_date, 'infinity'::date) AS end_date,
                  max(coalesce(end_date, 'infinity'::date)) OVER (PARTITION BY person_id ORDER BY start_date, id
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered_until
           FROM social_insurance
         ), spells AS (
           SELECT person_id, start_date, end_date,
                  count(*) FILTER (WHERE covered_until IS NULL OR covered_until < start_date)
                    OVER (PARTITION BY person_id ORDER BY start_date, id ROWS UNBOUNDED PRECEDING) AS spell
           FROM insurance
         ), spans AS (
           SELECT 'employedWithContract' AS measure, person_id, start_date AS starts_on, end_date AS ends_on
           FROM employment WHERE contract_signed
           UNION ALL
           SELECT 'insured', person_id, min(start_date), nullif(max(end_date), 'infinity'::date) FROM spells GROUP BY person_id, spell
         ), changes AS (
           SELECT measure, person_id, to_char(starts_on, 'YYYY-MM') AS month, 1 AS starts, 0 AS ends FROM spans
           UNION ALL
           SELECT measure, person_id, to_char(ends_on, 'YYYY-MM'), 0, 1 FROM spans WHERE ends_on IS NOT NULL
           UNION ALL
           SELECT 'trainingCompleted', person_id, to_char(end_date, 'YYYY-MM'), 1, 0 FROM training WHERE completed
         )
         SELECT w.district_code AS place, c.measure, c.month, sum(c.starts)::int AS starts, sum(c.ends)::int AS ends
         FROM changes c JOIN worker w USING (person_id)
         GROUP BY 1, 2, 3`,
      ) as Promise<MonthlyChangeRow[]>,
    { employedWithContract: 'STOCK', insured: 'STOCK', trainingCompleted: 'FLOW' },
  );
}
