import type { DataSource, EntityMetadata, Table, TableColumn } from 'typeorm';
import type { Query } from 'typeorm/driver/Query';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { RdbmsSchemaBuilder } from 'typeorm/schema-builder/RdbmsSchemaBuilder';

/** One way a bureau's database, as its migrations made it, differs from its entities. */
export interface SchemaDifference {
  table: string;
  /** Absent when the whole table is missing. */
  column?: string;
  /** What differs, for a person: "in the entity, no migration adds it", "nullable: entity true, database false". */
  problem: string;
}

/** What it takes to bring a database to its entities: TypeORM's diff, and the same read column by column. */
export interface SchemaDrift {
  differences: SchemaDifference[];
  /** The statements that would make the database match the entities, in order (none when they agree). */
  upQueries: Query[];
  /** The statements that undo them, in the order TypeORM produced them (run them reversed). */
  downQueries: Query[];
}

const describeType = (type: string, length?: string | number, precision?: number | null, scale?: number) =>
  `${type}${length ? `(${length})` : precision ? `(${precision}${scale !== undefined ? `, ${scale}` : ''})` : ''}`;

/** The aspects of a column TypeORM compares (PostgresDriver.findChangedColumns) that a bureau's entities use. */
function columnProblems(dataSource: DataSource, metadata: ColumnMetadata, column: TableColumn): string[] {
  const driver = dataSource.driver;
  const entityType = describeType(driver.normalizeType(metadata), metadata.length, metadata.precision, metadata.scale);
  const databaseType = describeType(column.type, column.length, column.precision, column.scale);
  const aspects: [string, unknown, unknown][] = [
    ['type', entityType, databaseType],
    ['array', metadata.isArray, column.isArray],
    ['nullable', metadata.isNullable, column.isNullable],
    ['primary key', metadata.isPrimary, column.isPrimary],
    ['generated', metadata.isGenerated, column.isGenerated],
    ['unique', driver.normalizeIsUnique(metadata), column.isUnique],
    ['default', driver.normalizeDefault(metadata) ?? 'none', column.default ?? 'none'],
  ];
  const differing = aspects.filter(([, entity, database]) => entity !== database);
  if (differing.length === 0) return ['differs from the entity (see the statements below)'];
  return differing.map(([aspect, entity, database]) => `${aspect}: entity ${entity}, database ${database}`);
}

/**
 * TypeORM's schema builder, comparing what the entities describe: tables and their columns (names, types, lengths,
 * nullability, defaults, primary keys, generated ids). Indices, check, foreign-key and unique constraints the
 * entities do not declare are the migrations' own — written by hand for the queries and rules that need them — and
 * left out of the comparison, where TypeORM would otherwise drop them.
 */
class EntitySchemaBuilder extends RdbmsSchemaBuilder {
  readonly differences: SchemaDifference[] = [];

  protected override async executeSchemaSyncOperationsInProperOrder(): Promise<void> {
    const driver = this.dataSource.driver;
    // A bureau's tables are all in its database's one schema: their names alone tell them apart.
    const tableName = (target: Table | EntityMetadata) => driver.parseTableName(target).tableName;
    for (const metadata of this.entityToSyncMetadatas) {
      const table = this.tables.find((candidate) => tableName(candidate) === tableName(metadata));
      if (!table) {
        this.differences.push({ table: metadata.tableName, problem: 'in the entities, no migration creates the table' });
        continue;
      }
      const declared = (names: { name?: string }[]) => (object: { name?: string }) => names.some((name) => name.name === object.name);
      table.indices = table.indices.filter(declared(metadata.indices));
      table.checks = table.checks.filter(declared(metadata.checks));
      table.exclusions = table.exclusions.filter(declared(metadata.exclusions));
      table.foreignKeys = table.foreignKeys.filter(declared(metadata.foreignKeys));
      table.uniques = table.uniques.filter(declared(metadata.uniques));
      // A column counts as unique by a unique constraint on it alone: of those, only the declared ones are left.
      for (const column of table.columns)
        column.isUnique = table.uniques.some((unique) => unique.columnNames.length === 1 && unique.columnNames[0] === column.name);

      for (const column of metadata.columns) {
        if (!table.columns.some((candidate) => candidate.name === column.databaseName)) {
          this.differences.push({ table: table.name, column: column.databaseName, problem: 'in the entity, no migration adds the column' });
        }
      }
      for (const column of table.columns) {
        if (!metadata.columns.some((candidate) => candidate.databaseName === column.name)) {
          this.differences.push({ table: table.name, column: column.name, problem: 'in the database, not in the entity' });
        }
      }
      for (const changed of driver.findChangedColumns(table.columns, metadata.columns)) {
        const column = table.columns.find((candidate) => candidate.name === changed.databaseName)!;
        for (const problem of columnProblems(this.dataSource, changed, column)) this.differences.push({ table: table.name, column: column.name, problem });
      }
    }
    await super.executeSchemaSyncOperationsInProperOrder();
  }
}

/** How the database behind `dataSource` differs from the entities it was opened with; changes nothing. */
export async function schemaDrift(dataSource: DataSource): Promise<SchemaDrift> {
  const builder = new EntitySchemaBuilder(dataSource);
  const { upQueries, downQueries } = await builder.log();
  return { differences: builder.differences, upQueries, downQueries };
}

/** Each differing table and column, then the statements TypeORM would bring the database to the entities with. */
export function describeDrift(drift: SchemaDrift): string[] {
  return [
    ...drift.differences.map(({ table, column, problem }) => `  ${column ? `${table}.${column}` : table}: ${problem}`),
    'TypeORM would bring it to the entities with:',
    ...drift.upQueries.map((query) => `  ${query.query};`),
  ];
}

/** The failure of a bureau whose migrations do not make what its entities describe; '' when they agree. */
export function driftReport(bureau: string, drift: SchemaDrift): string {
  if (drift.upQueries.length === 0 && drift.differences.length === 0) return '';
  return [
    `${bureau}: the database its migrations make differs from its entities:`,
    ...describeDrift(drift),
    `Write the migration: npm run migration:generate -- ${bureau} <MigrationName> (then review it and run this test again).`,
  ].join('\n');
}
