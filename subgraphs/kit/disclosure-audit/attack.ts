import type { Highs, Model } from 'highs';
import { allIntegral, LinearSystem, loadSolver, Outcome, solve, yieldToEventLoop } from './solver';
import { Component, componentsOf, IndexedTable, Pattern, PROTECTION_RANGE, AuditedTable } from './table';

// Jest runs the tests in a vm context, where every lookup of a global (Math) is slow: per-cell loops use these.
const { round } = Math;

/** What the attacker learns of a withheld cell: every value from min to max is consistent with what is published. */
export interface Interval {
  min: number;
  /** Infinity when nothing published bounds the cell from above. */
  max: number;
}

export interface AttackReport {
  /** Each withheld cell's interval, by cell id. */
  intervals: Map<string, Interval>;
  /** The withheld cells whose interval is narrower than the rule (max − min < PROTECTION_RANGE), with their value. */
  disclosed: { id: string; value?: number; interval: Interval }[];
  /** Groups of hidden cells linked by relations, solved one by one; the largest one's number of cells. */
  components: number;
  largestComponent: number;
  /** Linear programs solved, and how many of them needed integers (the LP optimum was fractional). */
  solves: number;
  integerSolves: number;
  milliseconds: number;
}

/**
 * The strongest attacker on a published table: one who solves every relation at once, over integers (a count is
 * whole), knowing each withheld cell is at least 1 and each unpublished one at least 0. For each withheld cell it
 * finds the least and the greatest value consistent with everything published — exactly: the LP bound is taken when
 * the LP optimum is whole (always, for plain sums), else the integer program is solved.
 */
export async function attack(table: AuditedTable): Promise<AttackReport> {
  const started = performance.now();
  const indexed = new IndexedTable(table);
  const audit = new Audit(await loadSolver(), new Pattern(indexed));
  const intervals = new Map<string, Interval>();
  const disclosed: AttackReport['disclosed'] = [];
  const components = await audit.run(true, (cell, interval) => {
    intervals.set(indexed.ids[cell], interval);
    const value = Number.isNaN(indexed.values[cell]) ? undefined : indexed.values[cell];
    if (interval.max - interval.min < PROTECTION_RANGE) disclosed.push({ id: indexed.ids[cell], value, interval });
  });
  return {
    intervals,
    disclosed,
    components: components.length,
    largestComponent: Math.max(0, ...components.map((component) => component.cells.length)),
    solves: audit.solves,
    integerSolves: audit.integerSolves,
    milliseconds: Math.round(performance.now() - started),
  };
}

/**
 * The attack on the current pattern, keeping every whole-number table it meets (each is consistent with what is
 * published, and stays so when more is withheld) as witnesses: a cell whose witnesses already span the rule is safe
 * without a solve. Protection reuses one Audit across its rounds.
 */
export class Audit {
  readonly witnessMin: Float64Array;
  readonly witnessMax: Float64Array;
  solves = 0;
  integerSolves = 0;

  constructor(
    readonly highs: Highs,
    readonly pattern: Pattern,
  ) {
    // The true table, where known, is the first witness.
    this.witnessMin = Float64Array.from(pattern.table.values, (value) => (Number.isNaN(value) ? Infinity : value));
    this.witnessMax = Float64Array.from(pattern.table.values, (value) => (Number.isNaN(value) ? -Infinity : value));
  }

  witness(cells: ArrayLike<number>, values: ArrayLike<number>): void {
    for (let k = 0; k < cells.length; k += 1) {
      const value = round(values[k]);
      if (value < this.witnessMin[cells[k]]) this.witnessMin[cells[k]] = value;
      if (value > this.witnessMax[cells[k]]) this.witnessMax[cells[k]] = value;
    }
  }

  safeByWitnesses(cell: number): boolean {
    return this.witnessMax[cell] - this.witnessMin[cell] >= PROTECTION_RANGE;
  }

  /**
   * Every withheld cell's interval, component by component. `exact` false: a cell whose witnesses span the rule is
   * reported with its witnessed range (a lower bound of its width) and not solved. Solves are synchronous: the event
   * loop is given back between components, so a subgraph keeps answering while it protects its figures.
   */
  async run(exact: boolean, report: (cell: number, interval: Interval) => void): Promise<Component[]> {
    const components = componentsOf(this.pattern);
    for (const component of components) {
      await yieldToEventLoop();
      const system = new ComponentSystem(this, component, exact);
      try {
        for (const cell of component.cells) {
          if (!this.pattern.withheld[cell]) continue;
          if (!exact && this.safeByWitnesses(cell)) {
            report(cell, { min: this.witnessMin[cell], max: this.witnessMax[cell] });
            continue;
          }
          const max = system.extreme(cell, -1);
          if (!exact && max - this.witnessMin[cell] >= PROTECTION_RANGE) {
            report(cell, { min: this.witnessMin[cell], max });
            continue;
          }
          const min = this.witnessMin[cell] === this.pattern.lower[cell] ? this.pattern.lower[cell] : system.extreme(cell, 1);
          report(cell, { min, max });
        }
      } finally {
        system.dispose();
      }
    }
    return components;
  }
}

/** HiGHS's `simplex_strategy` for the primal simplex method. */
const PRIMAL_SIMPLEX = 4;

/** The attacker's system over one component: hidden cells as integer unknowns, published ones moved to the right. */
class ComponentSystem {
  private readonly system = new LinearSystem();
  private readonly column = new Map<number, number>();
  private lp: Model | undefined;
  private milp: Model | undefined;
  /** When exact: the columns whose greatest value is unbounded, found at once (see unboundedColumns). */
  private unbounded: Set<number> | undefined;

  /**
   * @param exact the attack's exact run: the unbounded columns are found in one LP, and each LP is solved by primal
   * simplex from the last one's optimal basis, which stays feasible when only the cost changes (the default dual
   * simplex took three times as long). Protection keeps the solver's defaults: the whole-number tables its rounds
   * meet, and so the patterns it chooses, stay as they were.
   */
  constructor(
    private readonly audit: Audit,
    private readonly component: Component,
    private readonly exact = false,
  ) {
    const { table, hidden, lower } = audit.pattern;
    for (const cell of component.cells) this.column.set(cell, this.system.column(lower[cell], Infinity));
    for (const row of component.rows) {
      const columns: number[] = [];
      const coefficients: number[] = [];
      for (let k = table.rowStarts[row]; k < table.rowStarts[row + 1]; k += 1) {
        if (!hidden[table.rowCells[k]]) continue;
        columns.push(this.column.get(table.rowCells[k])!);
        coefficients.push(table.rowCoefficients[k]);
      }
      const right = -table.shownActivity(row, hidden);
      this.system.row(columns, coefficients, table.rowAtMost[row] ? -Infinity : right, right);
    }
  }

  /** The least (direction 1) or greatest (−1) whole value of a cell over every consistent table. */
  extreme(cell: number, direction: 1 | -1): number {
    const { highs } = this.audit;
    const column = this.column.get(cell)!;
    if (direction === -1 && this.exact) {
      this.unbounded ??= this.unboundedColumns();
      if (this.unbounded.has(column)) return Infinity;
    }
    if (!this.lp) {
      this.lp = this.system.model(highs, false);
      if (this.exact) this.lp.options.set({ simplex_strategy: PRIMAL_SIMPLEX });
    }
    this.lp.changeColCost(column, direction);
    this.audit.solves += 1;
    let outcome: Outcome;
    try {
      outcome = solve(highs, this.lp);
      this.lp.changeColCost(column, 0);
    } catch {
      // Warm-started primal simplex can lose its way on a large group (HiGHS ends with status "unknown", seen on
      // human resources' release at 20,000 persons): solve this cell once more on a fresh model with the solver's own
      // strategy, and go on warm-starting from that one.
      this.lp = this.system.model(highs, false);
      this.lp.changeColCost(column, direction);
      this.audit.solves += 1;
      outcome = solve(highs, this.lp);
      this.lp.changeColCost(column, 0);
    }
    if (outcome.status === 'unbounded') return direction * -Infinity;
    if (outcome.status === 'optimal' && !allIntegral(outcome.solution)) {
      this.milp ??= this.system.model(highs, true);
      this.milp.changeColCost(column, direction);
      this.audit.integerSolves += 1;
      outcome = solve(highs, this.milp);
      this.milp.changeColCost(column, 0);
    }
    if (outcome.status !== 'optimal') throw new Error(`the published table has no consistent whole-number solution (${outcome.status})`);
    this.audit.witness(this.component.cells, outcome.solution);
    return Math.round(outcome.solution[column]);
  }

  /**
   * Every column that grows without bound over the consistent tables, in one LP instead of one unbounded LP per cell
   * (a quarter of the solves attacking the test population, and the slowest). The system's bounds are a lower bound per column and rows of
   * equalities or at-mosts, and it has a solution (the true table): a column is unbounded exactly when some direction
   * r ≥ 0 with every row's terms summing to 0 along it (at most 0 for an at-most row) has it positive. Such
   * directions add up, so one LP finds them all: maximise Σ t, t ≤ 1, t ≤ r, over those r; at its optimum t is 1 on
   * every column some direction moves, else 0. The direction found is checked against the rows before it is used;
   * if the check fails, every cell is solved on its own as before.
   */
  private unboundedColumns(): Set<number> {
    const n = this.system.columnCount;
    const cone = new LinearSystem();
    for (let j = 0; j < n; j += 1) cone.column(0, Infinity, 0, false);
    for (let j = 0; j < n; j += 1) cone.column(0, 1, -1, false);
    this.system.forEachRow((columns, coefficients, lower) => cone.row(columns, coefficients, lower === -Infinity ? -Infinity : 0, 0));
    for (let j = 0; j < n; j += 1) cone.row([n + j, j], [1, -1], -Infinity, 0);
    const model = cone.model(this.audit.highs, false);
    try {
      this.audit.solves += 1;
      const outcome = solve(this.audit.highs, model);
      if (outcome.status !== 'optimal') return new Set();
      const direction = outcome.solution.subarray(0, n);
      if (!this.system.recedesAlong(direction)) return new Set();
      const unbounded = new Set<number>();
      for (let j = 0; j < n; j += 1) if (outcome.solution[n + j] > 0.5 && direction[j] >= 0.5) unbounded.add(j);
      return unbounded;
    } finally {
      model.dispose();
    }
  }

  dispose(): void {
    this.lp?.dispose();
    this.milp?.dispose();
  }
}
