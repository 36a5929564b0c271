import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Raw SQL read into entities by the entity's own TypeORM metadata, for the statements a repository cannot write (LATERAL
 * pages, `RETURNING`, locks with a join): the columns are stated once, in the entity, and a row comes back with the
 * values a repository would have given.
 */
export interface EntityRows<T> {
  /**
   * Every column of the entity, of a table alias: for a SELECT or RETURNING list; with `prefix`, each named
   * `<prefix><column>`, so that the columns of several entities can share a row.
   */
  columns(alias: string, prefix?: string): string;
  /** A row that holds those columns, as the entity. */
  fromRow(row: Record<string, unknown>): T;
  /** The same for a row whose columns were named with `prefix`. */
  fromPrefixedRow(row: Record<string, unknown>, prefix: string): T;
}

const rowsOfEntity = new WeakMap<EntityMetadata, EntityRows<unknown>>();

export function entityRows<T extends ObjectLiteral>(db: DataSource | EntityManager, entity: EntityTarget<T>): EntityRows<T> {
  const source = 'dataSource' in db ? db.dataSource : db;
  const metadata = source.getMetadata(entity);
  const known = rowsOfEntity.get(metadata);
  if (known) return known as EntityRows<T>;
  const rows: EntityRows<T> = {
    columns: (alias, prefix) =>
      metadata.columns.map((column) => `${alias}.${column.databaseName}${prefix ? ` AS ${prefix}${column.databaseName}` : ''}`).join(', '),
    fromRow: (row) => rows.fromPrefixedRow(row, ''),
    fromPrefixedRow(row, prefix) {
      const record = metadata.create() as T;
      for (const column of metadata.columns) {
        column.setEntityValue(record, source.driver.prepareHydratedValue(row[`${prefix}${column.databaseName}`], column));
      }
      return record;
    },
  };
  rowsOfEntity.set(metadata, rows as EntityRows<unknown>);
  return rows;
}
