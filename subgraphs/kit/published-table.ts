import type { ProtectedCount } from './disclosure';

/**
 * A bureau's figures as released: every cell of a protected FigureTable, withheld ones as null, in a JSON form kept
 * in the release; read back the same way whatever instance serves it. A cell never counted is zero.
 */
export type PublishedCells = Record<string, Record<string, number | null>>;

/**
 * The tables ofCountsByKey made, by the counts they were made of: a release's counts are one object for as long as
 * it is served, and its table of thousands of employers was otherwise made again on every request.
 */
const keyedTables = new WeakMap<Record<string, number | null>, { asOf: string; measure: string; table: PublishedTable }>();

export class PublishedTable {
  constructor(
    /** The release's cut-off (YYYY-MM-DD): the figures count what was registered up to that day. */
    readonly asOf: string,
    private readonly cells: PublishedCells,
  ) {}

  /**
   * Counts by key (protectedCountsByKey: a school's pupils, an employer's employees) as a table of one measure, each
   * key in place of a place, so that they are read as records like every other figure.
   */
  static ofCountsByKey(asOf: string, measure: string, counts: Record<string, number | null>): PublishedTable {
    const made = keyedTables.get(counts);
    if (made?.asOf === asOf && made.measure === measure) return made.table;
    const table = new PublishedTable(asOf, Object.fromEntries(Object.entries(counts).map(([key, count]) => [key, { [measure]: count }])));
    keyedTables.set(counts, { asOf, measure, table });
    return table;
  }

  get(place: string, measure: string): ProtectedCount {
    const count = this.cells[place]?.[measure];
    if (count === null) return { count: null, suppressed: true };
    return { count: count ?? 0, suppressed: false };
  }

  /**
   * Several counts of one place as a record for the graph: each field's count (null when withheld), `suppressed`, the
   * names of the fields withheld, and `asOf`, the release. `fields` maps each field to its measure in the table.
   */
  record<F extends string>(place: string, fields: Record<F, string>): Record<F, number | null> & { suppressed: string[]; asOf: string } {
    const record = { suppressed: [] as string[], asOf: this.asOf } as Record<F, number | null> & { suppressed: string[]; asOf: string };
    for (const field of Object.keys(fields) as F[]) {
      const { count, suppressed } = this.get(place, fields[field]);
      record[field] = count as (typeof record)[F];
      if (suppressed) record.suppressed.push(field);
    }
    return record;
  }
}
