import loadHighs, { Highs, Model, ModelData } from 'highs';

/**
 * HiGHS (an LP and MILP solver, compiled to WebAssembly) loaded once per process. Each solve is synchronous and
 * single-threaded, and HiGHS is deterministic: the same model gives the same answer.
 */
let loaded: Promise<Highs> | undefined;
export function loadSolver(): Promise<Highs> {
  return (loaded ??= loadHighs());
}

/** Lets pending I/O run between synchronous solves. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const INTEGRAL = 1e-6;
// Jest runs the tests in a vm context, where every lookup of a global (Math) is slow: per-value checks use these.
const { abs, max, round } = Math;
const isIntegral = (x: number) => abs(x - round(x)) <= INTEGRAL * max(1, abs(x));

/** Whether every value is whole. */
export function allIntegral(values: ArrayLike<number>): boolean {
  for (let k = 0; k < values.length; k += 1) if (!isIntegral(values[k])) return false;
  return true;
}

/** A sparse linear system for HiGHS, built row by row. */
export class LinearSystem {
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  readonly cost: number[] = [];
  readonly integer: boolean[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly starts: number[] = [0];
  private readonly indices: number[] = [];
  private readonly coefficients: number[] = [];

  column(lower: number, upper: number, cost = 0, integer = true): number {
    this.lower.push(lower);
    this.upper.push(upper);
    this.cost.push(cost);
    this.integer.push(integer);
    return this.lower.length - 1;
  }

  /** lower ≤ Σ coefficient × column ≤ upper; columns must be distinct. */
  row(columns: number[], coefficients: number[], lower: number, upper: number): void {
    this.indices.push(...columns);
    this.coefficients.push(...coefficients);
    this.starts.push(this.indices.length);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
  }

  /** Each row: its columns, coefficients and bounds. */
  forEachRow(visit: (columns: number[], coefficients: number[], lower: number, upper: number) => void): void {
    for (let row = 0; row < this.rowLower.length; row += 1) {
      const from = this.starts[row];
      const to = this.starts[row + 1];
      visit(this.indices.slice(from, to), this.coefficients.slice(from, to), this.rowLower[row], this.rowUpper[row]);
    }
  }

  /**
   * Whether every solution stays one when moved any distance along `direction` (up to rounding): no column moves
   * past a finite bound, and no row's activity along it leaves 0 towards a finite row bound.
   */
  recedesAlong(direction: ArrayLike<number>): boolean {
    let scale = 0;
    for (let j = 0; j < direction.length; j += 1) scale = Math.max(scale, Math.abs(direction[j]));
    const tolerance = INTEGRAL * Math.max(1, scale);
    for (let j = 0; j < this.lower.length; j += 1) {
      if (this.lower[j] !== -Infinity && direction[j] < -tolerance) return false;
      if (this.upper[j] !== Infinity && direction[j] > tolerance) return false;
    }
    for (let row = 0; row < this.rowLower.length; row += 1) {
      let activity = 0;
      for (let k = this.starts[row]; k < this.starts[row + 1]; k += 1) activity += this.coefficients[k] * direction[this.indices[k]];
      if (this.rowLower[row] !== -Infinity && activity < -tolerance) return false;
      if (this.rowUpper[row] !== Infinity && activity > tolerance) return false;
    }
    return true;
  }

  get columnCount(): number {
    return this.lower.length;
  }

  model(highs: Highs, integer: boolean): Model {
    const bound = (x: number) => (x === Infinity ? highs.infinity : x === -Infinity ? -highs.infinity : x);
    const data: ModelData = {
      numCols: this.lower.length,
      numRows: this.rowLower.length,
      colCost: this.cost,
      colLower: this.lower.map(bound),
      colUpper: this.upper.map(bound),
      rowLower: this.rowLower.map(bound),
      rowUpper: this.rowUpper.map(bound),
      matrix: {
        format: 'csr',
        numRows: this.rowLower.length,
        numCols: this.lower.length,
        starts: this.starts,
        indices: this.indices,
        values: this.coefficients,
      },
      ...(integer ? { integrality: this.integer.map((i) => (i ? highs.constants.variableType.integer : highs.constants.variableType.continuous)) } : {}),
    };
    const model = highs.createModel(data);
    model.options.set({ output_flag: false, ...(integer ? {} : { presolve: 'off' }) });
    return model;
  }
}

export type Outcome = { status: 'optimal'; value: number; solution: Float64Array } | { status: 'unbounded' } | { status: 'infeasible' };

export function solve(highs: Highs, model: Model): Outcome {
  model.run();
  const status = model.getModelStatus();
  const { modelStatus } = highs.constants;
  if (status === modelStatus.optimal) return { status: 'optimal', value: model.getObjectiveValue(), solution: model.getSolution().colValue };
  // Every system solved here has a feasible point (the true table, or no deviation) unless it is a protection problem.
  if (status === modelStatus.unbounded || status === modelStatus.unboundedOrInfeasible) return { status: 'unbounded' };
  if (status === modelStatus.infeasible) return { status: 'infeasible' };
  throw new Error(`the solver stopped without an answer (model status ${status})`);
}
