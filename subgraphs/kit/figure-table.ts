import { ProtectedCount, SMALLEST_SHOWN_COUNT } from './disclosure';
import type { PublishedCells } from './published-table';
import { coarserLevels, placeAt, placeLevel, PlaceLevel, placesContaining } from './places';

/**
 * A bureau's counts for every place it publishes, protected together before any of them leaves the subgraph.
 *
 * Counts of 1–9 are withheld (primary suppression). A withheld count could still be recovered by subtraction from a
 * total that is published with its other parts: a district against its streets, a street against its communities,
 * the city against its districts, a figure against its breakdown (disputes found = open + settled at each level).
 * Every such equation is checked, and wherever exactly one of its cells is withheld, another is withheld too
 * (complementary suppression: the smallest non-zero part, or else the total), until no equation gives a cell away.
 *
 * Counts are added at the finest level they are published at and summed upwards over the table's levels; a measure
 * published only from the district up (a breakdown by origin) is added at district level.
 */
export class FigureTable {
  private readonly values = new Map<string, Map<string, number>>();
  private readonly withheld = new Map<string, Set<string>>();
  private readonly groups: { total: string; parts: string[] }[] = [];
  private protectedYet = false;

  /** @param levels the levels this bureau publishes the figures at (others are neither summed nor shown). */
  constructor(private readonly levels: PlaceLevel[]) {}

  /** Adds a count at a place and at every coarser published level containing it. */
  add(place: string, measure: string, count: number): void {
    for (const at of placesContaining(place, this.levels)) {
      const cells = this.cellsOf(at);
      cells.set(measure, (cells.get(measure) ?? 0) + count);
    }
  }

  /** Declares that, in every place, `total` is the sum of `parts` (so both are protected together). */
  sumOf(total: string, parts: string[]): void {
    this.groups.push({ total, parts });
  }

  /** The count of a measure at a place, after disclosure control; zero where nothing was added. */
  get(place: string, measure: string): ProtectedCount {
    this.protect();
    if (this.withheld.get(place)?.has(measure)) return { count: null, suppressed: true };
    return { count: this.values.get(place)?.get(measure) ?? 0, suppressed: false };
  }

  /**
   * Several counts of one place as a record for the graph: each field's count (null when withheld) and `suppressed`,
   * the names of the fields withheld. `fields` maps each field to its measure in the table.
   */
  record<F extends string>(place: string, fields: Record<F, string>): Record<F, number | null> & { suppressed: string[] } {
    const record = { suppressed: [] as string[] } as Record<F, number | null> & { suppressed: string[] };
    for (const field of Object.keys(fields) as F[]) {
      const { count, suppressed } = this.get(place, fields[field]);
      record[field] = count as (typeof record)[F];
      if (suppressed) record.suppressed.push(field);
    }
    return record;
  }

  /** Every cell after disclosure control, for a release (see PublishedTable). */
  published(): PublishedCells {
    const cells: PublishedCells = {};
    for (const [place, measures] of this.values) {
      cells[place] = {};
      for (const measure of measures.keys()) cells[place][measure] = this.get(place, measure).count;
    }
    return cells;
  }

  private cellsOf(place: string): Map<string, number> {
    let cells = this.values.get(place);
    if (!cells) this.values.set(place, (cells = new Map()));
    return cells;
  }

  private isWithheld(place: string, measure: string): boolean {
    return this.withheld.get(place)?.has(measure) ?? false;
  }

  private withhold(place: string, measure: string): void {
    let cells = this.withheld.get(place);
    if (!cells) this.withheld.set(place, (cells = new Set()));
    cells.add(measure);
  }

  private protect(): void {
    if (this.protectedYet) return;
    this.protectedYet = true;
    for (const [place, cells] of this.values) {
      for (const [measure, count] of cells) if (count > 0 && count < SMALLEST_SHOWN_COUNT) this.withhold(place, measure);
    }
    const equations = this.equations();
    let changed = true;
    while (changed) {
      changed = false;
      for (const equation of equations) if (this.secure(equation)) changed = true;
    }
  }

  /** Withholds one more cell of an equation with exactly one withheld cell; reports whether it did. */
  private secure({ total, parts }: Equation): boolean {
    const cells = [total, ...parts];
    if (cells.filter(([place, measure]) => this.isWithheld(place, measure)).length !== 1) return false;
    const value = ([place, measure]: Cell) => this.values.get(place)?.get(measure) ?? 0;
    const candidates = parts
      .filter((cell) => !this.isWithheld(...cell) && value(cell) > 0)
      .sort((a, b) => value(a) - value(b));
    const [place, measure] = candidates[0] ?? total;
    if (this.isWithheld(place, measure)) return false;
    this.withhold(place, measure);
    return true;
  }

  /** Every published total with its parts: each place against its children, each group within a place. */
  private equations(): Equation[] {
    const children = new Map<string, string[]>();
    for (const place of this.values.keys()) {
      const parent = coarserLevels(placeLevel(place)).find((level) => this.levels.includes(level));
      if (!parent) continue;
      const parentCode = placeAt(place, parent);
      const siblings = children.get(parentCode);
      if (siblings) siblings.push(place);
      else children.set(parentCode, [place]);
    }
    const equations: Equation[] = [];
    for (const [place, cells] of this.values) {
      for (const measure of cells.keys()) {
        const parts = (children.get(place) ?? []).filter((child) => this.values.get(child)!.has(measure));
        if (parts.length > 0) equations.push({ total: [place, measure], parts: parts.map((child) => [child, measure]) });
      }
      for (const group of this.groups) {
        if (cells.has(group.total)) equations.push({ total: [place, group.total], parts: group.parts.map((part) => [place, part]) });
      }
    }
    return equations;
  }
}

type Cell = [place: string, measure: string];
interface Equation {
  total: Cell;
  parts: Cell[];
}
