import { Audit } from './attack';
import { LinearSystem, loadSolver, solve, yieldToEventLoop } from './solver';
import { IndexedTable, Pattern, PROTECTION_RANGE, AuditedTable, WITHHELD_AT_LEAST } from './table';

/**
 * Information lost by withholding a shown cell: its count plus this fixed cost per figure, so the solver hides as few
 * people as it can but does not trade one figure for several slightly smaller ones; a large total is the last resort.
 */
export const COST_PER_WITHHELD_FIGURE = 10;

export interface ProtectionReport {
  /** The cells withheld to protect the others (complementary suppression), by id, sorted. */
  complementary: string[];
  /** Withheld cells before and after. */
  withheldBefore: number;
  withheldAfter: number;
  /**
   * Rounds of attack-then-protect; the last round's attack found every withheld cell within the rule. Linear programs
   * the attacks solved (`attackSolves`, the rest known safe from tables already found) and protection problems solved.
   */
  rounds: number;
  attackSolves: number;
  protectionSolves: number;
  /** Time spent attacking and protecting, in all. */
  attackMilliseconds: number;
  milliseconds: number;
}

/**
 * Secondary suppression chosen by the solver (Fischetti and Salazar's model of the cell-suppression problem). Round by
 * round: the attack finds the withheld cells the attacker narrows below the rule; for each, in id order, a mixed
 * integer program chooses the shown cells to withhold at least cost such that two whole-number tables exist that
 * agree with everything still published — one where the cell is higher than its true value, one where it is lower, by
 * PROTECTION_RANGE together (upward only when the cell is already at its lower bound). Those two tables prove the cell
 * safe, and stay consistent whatever is withheld later, so each round only has the new complements left to check; it
 * ends when the attack finds nothing. Deterministic: the same table gives the same pattern.
 */
export async function protect(table: AuditedTable): Promise<ProtectionReport> {
  const started = performance.now();
  const highs = await loadSolver();
  const indexed = new IndexedTable(table);
  if (!indexed.complete) throw new Error('protection needs the true value of every cell');
  const pattern = new Pattern(indexed);
  const audit = new Audit(highs, pattern);
  const withheldBefore = pattern.withheld.reduce((sum, w) => sum + w, 0);
  let rounds = 0;
  let protectionSolves = 0;
  let attackMilliseconds = 0;
  for (;;) {
    rounds += 1;
    const narrow: number[] = [];
    const attackStarted = performance.now();
    await audit.run(false, (cell, interval) => interval.max - interval.min < PROTECTION_RANGE && narrow.push(cell));
    attackMilliseconds += performance.now() - attackStarted;
    if (narrow.length === 0) break;
    for (const cell of narrow) {
      if (audit.safeByWitnesses(cell)) continue;
      protectionSolves += 1;
      await yieldToEventLoop();
      shelter(audit, cell);
    }
  }
  const complementary = indexed.ids.filter((_, c) => pattern.withheld[c] && indexed.statuses[c] !== 'withheld');
  return {
    complementary,
    withheldBefore,
    withheldAfter: withheldBefore + complementary.length,
    rounds,
    attackSolves: audit.solves,
    protectionSolves,
    attackMilliseconds: Math.round(attackMilliseconds),
    milliseconds: Math.round(performance.now() - started),
  };
}

/**
 * Where the solver looks for complements: first near the cell (within so many relations), with every deviation at
 * most a few counts, then further. A restriction only costs optimality, never safety; the last attempt has none.
 */
const ATTEMPTS: { radius: number; reach: 'near' | 'far' }[] = [
  { radius: 2, reach: 'near' },
  { radius: 4, reach: 'near' },
  { radius: 8, reach: 'near' },
  { radius: 16, reach: 'near' },
  { radius: 32, reach: 'near' },
  { radius: Infinity, reach: 'near' },
  { radius: Infinity, reach: 'far' },
];

/**
 * Withholds the cheapest set of shown cells that lets `cell` take values PROTECTION_RANGE apart, looking near the
 * cell first and then further; records the two tables found as witnesses.
 */
function shelter(audit: Audit, cell: number): void {
  const { pattern } = audit;
  const { table } = pattern;
  for (const { radius, reach } of ATTEMPTS) {
    const cells = neighbourhood(pattern, cell, radius);
    const problem = protectionProblem(pattern, cells, cell, reach);
    const model = problem.system.model(audit.highs, true);
    try {
      const outcome = solve(audit.highs, model);
      if (outcome.status !== 'optimal') continue;
      cells.forEach((c, k) => {
        if (problem.withhold[k] >= 0 && outcome.solution[problem.withhold[k]] > 0.5) pattern.withhold(c);
      });
      for (const deviation of problem.deviations) {
        audit.witness(
          cells,
          cells.map((c, k) => table.values[c] + outcome.solution[deviation[k]]),
        );
      }
      return;
    } finally {
      model.dispose();
    }
  }
  throw new Error(`no pattern of withheld cells protects ${table.ids[cell]}`);
}

/** Cells that can move (hidden, or shown and non-zero) within `radius` relations of `cell`, in id order. */
function neighbourhood(pattern: Pattern, cell: number, radius: number): number[] {
  const { table, hidden } = pattern;
  const movable = (c: number) => hidden[c] === 1 || table.values[c] >= WITHHELD_AT_LEAST;
  const distance = new Map<number, number>([[cell, 0]]);
  let frontier = [cell];
  for (let step = 1; step <= radius && frontier.length > 0; step += 1) {
    const next: number[] = [];
    for (const c of frontier) {
      for (let k = table.cellRowStarts[c]; k < table.cellRowStarts[c + 1]; k += 1) {
        const row = table.cellRowList[k];
        for (let j = table.rowStarts[row]; j < table.rowStarts[row + 1]; j += 1) {
          const other = table.rowCells[j];
          if (distance.has(other) || !movable(other)) continue;
          distance.set(other, step);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return [...distance.keys()].sort((a, b) => a - b);
}

/**
 * Fischetti–Salazar for one cell over a neighbourhood (cells outside it stay as they are), with a sliding protection
 * level: two deviation vectors, up and down, whole, each zero on every shown cell that is not chosen (binary
 * `withhold`), every relation still holding for value + deviation, every cell within what the attacker knows of it (a
 * hidden or chosen cell stays ≥ its lower bound), and the cell's up deviation less its down one ≥ PROTECTION_RANGE.
 * Minimises the information lost by the chosen cells.
 */
function protectionProblem(pattern: Pattern, cells: number[], cell: number, reach: 'near' | 'far') {
  const { table, hidden } = pattern;
  const system = new LinearSystem();
  const local = new Map(cells.map((c, k) => [c, k]));
  const highest = (c: number) => (reach === 'near' ? 2 * PROTECTION_RANGE : table.values[c] + 2 * PROTECTION_RANGE);
  const lowest = (c: number) =>
    Math.max((hidden[c] ? pattern.lower[c] : WITHHELD_AT_LEAST) - table.values[c], reach === 'near' ? -2 * PROTECTION_RANGE : -Infinity);
  const withhold = cells.map((c) => (hidden[c] ? -1 : system.column(0, 1, table.values[c] + COST_PER_WITHHELD_FIGURE)));
  const deviations = [1, -1].map((direction) =>
    cells.map((c) => {
      if (c !== cell) return system.column(lowest(c), highest(c));
      return direction > 0 ? system.column(0, highest(c)) : system.column(lowest(c), 0);
    }),
  );
  const [up, down] = deviations;
  const at = local.get(cell)!;
  system.row([up[at], down[at]], [1, -1], PROTECTION_RANGE, Infinity);
  const rows = new Set<number>();
  for (const c of cells) for (let k = table.cellRowStarts[c]; k < table.cellRowStarts[c + 1]; k += 1) rows.add(table.cellRowList[k]);
  for (const deviation of deviations) {
    cells.forEach((c, k) => {
      if (withhold[k] < 0) return;
      // Shown cells move only when withheld: lowest(c)·z ≤ y ≤ highest(c)·z.
      system.row([deviation[k], withhold[k]], [1, -highest(c)], -Infinity, 0);
      system.row([deviation[k], withhold[k]], [1, -lowest(c)], 0, Infinity);
    });
    for (const row of [...rows].sort((a, b) => a - b)) {
      const columns: number[] = [];
      const coefficients: number[] = [];
      let slack = 0;
      for (let k = table.rowStarts[row]; k < table.rowStarts[row + 1]; k += 1) {
        const c = table.rowCells[k];
        slack -= table.rowCoefficients[k] * table.values[c];
        const position = local.get(c);
        if (position === undefined) continue;
        columns.push(deviation[position]);
        coefficients.push(table.rowCoefficients[k]);
      }
      system.row(columns, coefficients, table.rowAtMost[row] ? -Infinity : 0, table.rowAtMost[row] ? slack : 0);
    }
  }
  return { system, withhold, deviations };
}
