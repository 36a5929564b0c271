import type { EntityManager } from 'typeorm';

/** A column of a bulk insert: its name and the PostgreSQL type of its array parameter. */
export interface BulkColumn<R> {
  name: string;
  type: string;
  value: (row: R) => unknown;
}

const BATCH_ROWS = 5000;

/**
 * Inserts rows in batches, each one statement of column arrays unnested (`INSERT … SELECT * FROM unnest($1::text[], …)`),
 * which stays within PostgreSQL's parameter limit whatever the row count.
 */
export async function bulkInsert<R>(manager: EntityManager, table: string, columns: BulkColumn<R>[], rows: R[]): Promise<void> {
  const names = columns.map((column) => `"${column.name}"`).join(', ');
  const arrays = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
  const sql = `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${arrays})`;
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    await manager.query(sql, columns.map((column) => batch.map((row) => column.value(row))));
  }
}
