/**
 * A published table as an attacker sees it: integer cells, some shown and some withheld, and linear relations between
 * them that hold for the true counts (a total and its parts, a stock and its flows). The bureau knows every true value;
 * the attacker knows the shown values, the relations, and the rules below.
 */

/** `unpublished`: a count that is never shown but that relations mention, e.g. registrations ended in a month. */
export type CellStatus = 'published' | 'withheld' | 'unpublished';

export interface TableCell {
  id: string;
  /**
   * The true count, an integer of 0 or more. Protection needs every one; an attacker's view of a publication leaves it
   * out where the attacker does not see it (withheld and unpublished cells), and `attack` works from what is shown.
   */
  value?: number;
  status: CellStatus;
}

/** `Σ coefficient × cell = 0` (or `≤ 0` when `atMost`) over the true counts. */
export interface Relation {
  terms: { cell: string; coefficient: number }[];
  atMost?: boolean;
}

export interface AuditedTable {
  cells: TableCell[];
  relations: Relation[];
}

/**
 * The rule every withheld cell must meet: the attacker's interval for it, [min, max] over every table consistent with
 * what is published, spans at least this much (max − min ≥ 2: at least three values, never one or two).
 */
export const PROTECTION_RANGE = 2;

/**
 * What the attacker knows of a withheld cell: it is at least 1. A count of 1–9 is withheld, a complementary cell is
 * never a zero (a published zero is shown), so no withheld cell is 0; the attacker cannot tell a 1–9 cell from a
 * complementary one, which may be any larger count, so there is no upper bound but the relations.
 */
export const WITHHELD_AT_LEAST = 1;

const lowerBoundOf = (status: CellStatus) => (status === 'withheld' ? WITHHELD_AT_LEAST : 0);

/**
 * The table in arrays, cells sorted by id and relations in a canonical order, so the same table gives the solver the
 * same input whatever order it was built in (and so the same suppression pattern).
 */
export class IndexedTable {
  readonly ids: string[];
  readonly values: Float64Array;
  readonly statuses: CellStatus[];
  /** Relations as sparse rows: row r has cells rowCells[rowStarts[r]…rowStarts[r+1]) with their coefficients. */
  readonly rowStarts: Int32Array;
  readonly rowCells: Int32Array;
  readonly rowCoefficients: Float64Array;
  readonly rowAtMost: Uint8Array;
  /** The rows each cell is in: cellRowList[cellRowStarts[c]…cellRowStarts[c+1]). */
  readonly cellRowStarts: Int32Array;
  readonly cellRowList: Int32Array;

  constructor(table: AuditedTable) {
    const cells = [...table.cells].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const index = new Map<string, number>();
    cells.forEach((cell, n) => {
      if (index.has(cell.id)) throw new Error(`cell ${cell.id} is in the table twice`);
      if (cell.value === undefined) {
        if (cell.status === 'published') throw new Error(`published cell ${cell.id} has no value`);
      } else if (!Number.isInteger(cell.value) || cell.value < 0) throw new Error(`cell ${cell.id} is not a count: ${cell.value}`);
      else if (cell.value < lowerBoundOf(cell.status)) throw new Error(`cell ${cell.id} is withheld but 0: a withheld count is at least ${WITHHELD_AT_LEAST}`);
      index.set(cell.id, n);
    });
    this.ids = cells.map((cell) => cell.id);
    this.values = Float64Array.from(cells, (cell) => cell.value ?? NaN);
    this.statuses = cells.map((cell) => cell.status);

    const rows: { cells: number[]; coefficients: number[]; atMost: boolean; key: string }[] = [];
    for (const relation of table.relations) {
      const merged = new Map<number, number>();
      for (const { cell, coefficient } of relation.terms) {
        const n = index.get(cell);
        if (n === undefined) throw new Error(`a relation names ${cell}, which is not in the table`);
        merged.set(n, (merged.get(n) ?? 0) + coefficient);
      }
      const terms = [...merged].filter(([, coefficient]) => coefficient !== 0).sort((a, b) => a[0] - b[0]);
      if (terms.length === 0) continue;
      const activity = terms.reduce((sum, [n, coefficient]) => sum + coefficient * this.values[n], 0);
      // NaN when some value is not known (an attacker's view): nothing to check.
      if (relation.atMost ? activity > 1e-9 : Math.abs(activity) > 1e-9) {
        throw new Error(`the true counts break a relation: ${terms.map(([n, c]) => `${c}×${this.ids[n]}`).join(' + ')} = ${activity}`);
      }
      const atMost = relation.atMost ?? false;
      rows.push({
        cells: terms.map(([n]) => n),
        coefficients: terms.map(([, c]) => c),
        atMost,
        key: `${atMost ? '≤' : '='}${terms.map(([n, c]) => `${n}:${c}`).join(',')}`,
      });
    }
    rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

    this.rowStarts = new Int32Array(rows.length + 1);
    const entries = rows.reduce((sum, row) => sum + row.cells.length, 0);
    this.rowCells = new Int32Array(entries);
    this.rowCoefficients = new Float64Array(entries);
    this.rowAtMost = Uint8Array.from(rows, (row) => (row.atMost ? 1 : 0));
    const rowsPerCell = new Int32Array(cells.length);
    let at = 0;
    rows.forEach((row, r) => {
      for (let k = 0; k < row.cells.length; k += 1, at += 1) {
        this.rowCells[at] = row.cells[k];
        this.rowCoefficients[at] = row.coefficients[k];
        rowsPerCell[row.cells[k]] += 1;
      }
      this.rowStarts[r + 1] = at;
    });
    this.cellRowStarts = new Int32Array(cells.length + 1);
    for (let c = 0; c < cells.length; c += 1) this.cellRowStarts[c + 1] = this.cellRowStarts[c] + rowsPerCell[c];
    this.cellRowList = new Int32Array(entries);
    const filled = this.cellRowStarts.slice(0, cells.length);
    for (let r = 0; r < rows.length; r += 1) {
      for (let k = this.rowStarts[r]; k < this.rowStarts[r + 1]; k += 1) this.cellRowList[filled[this.rowCells[k]]++] = r;
    }
  }

  /** Whether every true value is known, as protection needs. */
  get complete(): boolean {
    return this.values.every((value) => !Number.isNaN(value));
  }

  get cellCount(): number {
    return this.ids.length;
  }

  get rowCount(): number {
    return this.rowStarts.length - 1;
  }

  /** The true value of row r's published part, moved to the right-hand side: Σ over shown cells of coefficient × value. */
  shownActivity(row: number, hidden: Uint8Array): number {
    let sum = 0;
    for (let k = this.rowStarts[row]; k < this.rowStarts[row + 1]; k += 1) {
      if (!hidden[this.rowCells[k]]) sum += this.rowCoefficients[k] * this.values[this.rowCells[k]];
    }
    return sum;
  }
}

/**
 * What the attacker does not see, and what it knows of each such cell: `hidden` cells (withheld or unpublished) and
 * their lower bounds. Protection only ever adds hidden cells.
 */
export class Pattern {
  readonly hidden: Uint8Array;
  readonly withheld: Uint8Array;
  readonly lower: Float64Array;

  constructor(readonly table: IndexedTable) {
    const n = table.cellCount;
    this.hidden = new Uint8Array(n);
    this.withheld = new Uint8Array(n);
    this.lower = new Float64Array(n);
    table.statuses.forEach((status, c) => {
      if (status !== 'published') this.hidden[c] = 1;
      if (status === 'withheld') this.withhold(c);
    });
  }

  withhold(cell: number): void {
    this.hidden[cell] = 1;
    this.withheld[cell] = 1;
    this.lower[cell] = WITHHELD_AT_LEAST;
  }
}

/** Hidden cells linked by relations, each group with the rows that link it; only groups with a withheld cell. */
export interface Component {
  cells: number[];
  rows: number[];
}

export function componentsOf(pattern: Pattern): Component[] {
  const { table, hidden, withheld } = pattern;
  const parent = Int32Array.from({ length: table.cellCount }, (_, c) => c);
  const root = (c: number): number => {
    while (parent[c] !== c) c = parent[c] = parent[parent[c]];
    return c;
  };
  for (let r = 0; r < table.rowCount; r += 1) {
    let first = -1;
    for (let k = table.rowStarts[r]; k < table.rowStarts[r + 1]; k += 1) {
      const c = table.rowCells[k];
      if (!hidden[c]) continue;
      if (first < 0) first = root(c);
      else {
        const other = root(c);
        if (other !== first) parent[Math.max(other, first)] = Math.min(other, first);
        first = Math.min(other, first);
      }
    }
  }
  const byRoot = new Map<number, Component>();
  for (let c = 0; c < table.cellCount; c += 1) {
    if (!hidden[c]) continue;
    const key = root(c);
    let component = byRoot.get(key);
    if (!component) byRoot.set(key, (component = { cells: [], rows: [] }));
    component.cells.push(c);
  }
  for (let r = 0; r < table.rowCount; r += 1) {
    for (let k = table.rowStarts[r]; k < table.rowStarts[r + 1]; k += 1) {
      if (hidden[table.rowCells[k]]) {
        byRoot.get(root(table.rowCells[k]))!.rows.push(r);
        break;
      }
    }
  }
  return [...byRoot.values()].filter((component) => component.cells.some((c) => withheld[c]));
}
