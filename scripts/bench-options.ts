/**
 * The benchmarks' own variables (the services' are in subgraphs/kit/settings.ts): a bad value stops the benchmark
 * before it starts anything, naming the variable, instead of becoming NaN requests or a population of NaN persons.
 */

/** `name` as a whole number of at least 1, or `fallback` when unset. */
export function benchPositiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** `name` as a comma-separated list of whole numbers of at least 1, or `fallback` when unset. */
export function benchPositiveInts(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isInteger(value) || value <= 0)) throw new Error(`${name} must be positive integers separated by commas, got "${raw}"`);
  return values;
}
