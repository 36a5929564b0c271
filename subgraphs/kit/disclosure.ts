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

/** A sum of protected counts, known only if no part is withheld: one from a withheld part would give that part away. */
export function protectedSum(parts: ProtectedCount[]): ProtectedCount {
  if (parts.some((part) => part.suppressed)) return { count: null, suppressed: true };
  return protectCount(parts.reduce((sum, part) => sum + (part.count ?? 0), 0));
}

/** A figure record as the graph gives it: its fields, and the names of those withheld in `suppressed`. */
export interface FigureRecord {
  suppressed: string[];
}

/** A count field of a figure record, as the protected count it was read from. */
export function countOf<R extends FigureRecord>(record: R, field: keyof R & string): ProtectedCount {
  return { count: record[field] as number | null, suppressed: record.suppressed.includes(field) };
}

/** The record with a rate `part / whole` of two of its counts as field `rate`: null when either count is withheld. */
export function withRate<R extends FigureRecord, K extends string>(record: R, rate: K, part: keyof R & string, whole: keyof R & string) {
  return { ...record, [rate]: protectedRate(countOf(record, part), countOf(record, whole)) } as R & Record<K, number | null>;
}

/**
 * A value the record shows only when `shown` (a median over enough cases, say); otherwise null, and `field` is named
 * in `suppressed`.
 */
export function shownIf<T>(record: FigureRecord, field: string, shown: boolean, value: T): T | null {
  if (shown) return value;
  record.suppressed.push(field);
  return null;
}

/**
 * A sum of money over the cases a count of the record counts (wages recovered in the disputes closed), in yuan: shown
 * only with that count, since a sum over a few cases would describe those few people; zero where nothing was counted.
 */
export function sumShownWithCount(record: FigureRecord, field: string, count: string, sum: number | undefined): string | null {
  return shownIf(record, field, !record.suppressed.includes(count), (sum ?? 0).toFixed(2));
}

/**
 * A breakdown nested in a figure record (insurance by scheme): each key's protected count made into an item by
 * `item`, a withheld one named `field.KEY` in the record's `suppressed` (see nestedBreakdownNaming).
 */
export function nestedBreakdown<K extends string, T>(
  record: FigureRecord,
  field: string,
  keys: readonly K[],
  countAt: (key: K) => ProtectedCount,
  item: (key: K, count: ProtectedCount) => T,
): T[] {
  return keys.map((key) => {
    const count = countAt(key);
    if (count.suppressed) record.suppressed.push(`${field}.${key}`);
    return item(key, count);
  });
}

/** How a nested breakdown's withheld items are named in `suppressed`, for suppressedFieldsDescription. */
export function nestedBreakdownNaming(items: string, field: string, key: string): string {
  return `${items} as ${field}.<${key}>`;
}
