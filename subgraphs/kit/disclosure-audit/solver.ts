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
export const isIntegral = (x: number) => Math.abs(x - Math.round(x)) <= INTEGRAL * Math.max(1, Math.abs(x));

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
