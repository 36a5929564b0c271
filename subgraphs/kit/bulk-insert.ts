import type { EntityManager } from 'typeorm';

/** A column of a bulk insert: its name and the PostgreSQL type of its array parameter. */
export interface BulkColumn<R> {
  name: string;
  type: string;
  value: (row: R) => unknown;
  /** The column's own type when it cannot travel as an element of an array (an array column goes as a text literal). */
  cast?: string;
}

const BATCH_ROWS = 5000;

/**
 * Inserts rows in batches, each one statement of column arrays unnested (`INSERT … SELECT * FROM unnest($1::text[], …)`),
 * which stays within PostgreSQL's parameter limit whatever the row count.
 */
export async function bulkInsert<R>(manager: EntityManager, table: string, columns: BulkColumn<R>[], rows: R[]): Promise<void> {
  const names = columns.map((column) => `"${column.name}"`).join(', ');
  const arrays = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
  const selected = columns.map((column, index) => `c${index}${column.cast ? `::${column.cast}` : ''}`).join(', ');
  const aliases = columns.map((_, index) => `c${index}`).join(', ');
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${selected} FROM unnest(${arrays}) AS u(${aliases})`;
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    await manager.query(
      sql,
      columns.map((column) => batch.map((row) => column.value(row))),
    );
  }
}
