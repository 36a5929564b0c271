import type { DataSource } from 'typeorm';

/**
 * Disclosure control applied by each bureau to its own figures before they leave its subgraph: a count from 1 to 9
 * could point at individuals, so it is withheld (null, flagged suppressed); so is any rate computed from one.
 */

export const SMALLEST_SHOWN_COUNT = 10;

export interface ProtectedCount {
  count: number | null;
  suppressed: boolean;
}

export function protectCount(count: number): ProtectedCount {
  const suppressed = count > 0 && count < SMALLEST_SHOWN_COUNT;
  return { count: suppressed ? null : count, suppressed };
}

/** Counts by key (a school, an employer) from SQL selecting `key` and `count`, each of 1–9 withheld (null). */
export async function protectedCountsByKey(db: DataSource, sql: string, parameters: unknown[]): Promise<Record<string, number | null>> {
  const rows: { key: string; count: number }[] = await db.query(sql, parameters);
  return Object.fromEntries(rows.map((row) => [row.key, protectCount(Number(row.count)).count]));
}

/** A share from two protected counts: null when either is suppressed or the base is zero. */
export function protectedRate(part: ProtectedCount, whole: ProtectedCount): number | null {
  if (part.count === null || whole.count === null || whole.count === 0) return null;
  return Math.round((part.count / whole.count) * 10_000) / 10_000;
}

/** The description of every figure record's `suppressed` list; `naming` says how nested figures are named in it. */
export function suppressedFieldsDescription(naming?: string): string {
  const how = naming ? `; ${naming}` : '';
  return `Names of the fields withheld by disclosure control (counts of 1–9, or a count that would give one away by subtraction${how}).`;
}
