import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

/** Helpers for DataLoader batch functions: results must come back in the order of the keys. */

/** One row (or null) per key. */
export function oneByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map<K, R>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}

/** All rows of each key, in the order the query returned them. */
export function manyByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const byKey = new Map<K, R[]>();
  for (const row of rows) {
    const list = byKey.get(keyOf(row));
    if (list) list.push(row);
    else byKey.set(keyOf(row), [row]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}

/** A value computed at most once per request: a whole-city table that every figure of the request is read from. */
export function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= compute());
}

/** A value of every key passed to SQL as one array: `k.<name>` in the page query. */
export interface PageKeyColumn<K> {
  name: string;
  type: 'varchar' | 'int' | 'boolean' | 'date';
  of: (key: K) => unknown;
}

/**
 * Pages for many keys (a place's cases, an employer's employees…) in one statement: the keys are unnested WITH
 * ORDINALITY and each gets its own page from a LATERAL subquery, which may use `k.<name>` and `k.page_limit`.
 */
export function createPageLoader<K extends { limit: number }, R>(
  db: DataSource,
  spec: {
    keys: PageKeyColumn<K>[];
    /** The columns read, of the page's alias or of `join`. */
    select: string;
    /** The page of one key: `SELECT … WHERE … = k.<name> … ORDER BY … LIMIT k.page_limit`. */
    page: string;
    as: string;
    join?: string;
    /** The order within a page, as the page query has it. */
    order: string;
    fromRow: (row: Record<string, unknown>) => R;
  },
): DataLoader<K, R[], string> {
  const params = (keys: readonly K[]) => [...spec.keys.map((column) => keys.map(column.of)), keys.map((key) => key.limit)];
  const columns = spec.keys.map((column, n) => `$${n + 1}::${column.type}[]`).join(', ');
  const names = spec.keys.map((column) => column.name).join(', ');
  const sql = `SELECT k.ordinal, ${spec.select}
    FROM unnest(${columns}, $${spec.keys.length + 1}::int[]) WITH ORDINALITY AS k(${names}, page_limit, ordinal)
    CROSS JOIN LATERAL (${spec.page}) ${spec.as} ${spec.join ?? ''}
    ORDER BY k.ordinal, ${spec.order}`;
  return new DataLoader<K, R[], string>(
    async (keys) => {
      const rows: Record<string, unknown>[] = await db.query(sql, params(keys));
      const ordinals = keys.map((_, index) => index + 1);
      return manyByKey(ordinals, rows, (row) => Number(row.ordinal)).map((group) => group.map(spec.fromRow));
    },
    { cacheKeyFn: (key) => [...spec.keys.map((column) => String(column.of(key) ?? '')), key.limit].join('|') },
  );
}
