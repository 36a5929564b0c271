import { BUREAU_NAMES } from '../subgraphs/kit/bureau-identity';
import { envPrefix, integer } from '../subgraphs/kit/settings';

/**
 * The benchmarks' own variables (the services' are in subgraphs/kit/settings.ts), read with the settings' integer
 * type: a bad value stops the benchmark before it starts anything, naming the variable and what it accepts, instead
 * of becoming NaN requests or a population of NaN persons.
 */

const positive = integer(1, Number.MAX_SAFE_INTEGER, 'a whole number of at least 1');
const nonNegative = integer(0, Number.MAX_SAFE_INTEGER, 'a whole number of at least 0');

/** `name` as a whole number of at least 1, or `fallback` when unset. */
export function benchPositiveInt(name: string, fallback: number): number {
  return benchPositiveInts(name, [fallback])[0];
}

/** `name` as a whole number of at least 0 (0 turns off what it sizes), or `fallback` when unset. */
export function benchNonNegativeInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = nonNegative.parse(raw);
  if (value === undefined) throw new Error(`${name} must be ${nonNegative.accepted}; got "${raw}"`);
  return value;
}

/** `name` as a comma-separated list of whole numbers of at least 1, or `fallback` when unset. */
export function benchPositiveInts(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map((part) => positive.parse(part));
  if (values.some((value) => value === undefined)) throw new Error(`${name} must be ${positive.accepted}, or several separated by commas; got "${raw}"`);
  return values as number[];
}

/** The lowest and highest port base: the bench takes the 110 ports from the base on (main, Hive, scale federation). */
const portBase = integer(1024, 65535 - 110, 'a port number from 1024 to 65425');

/**
 * `BENCH_PORT_BASE` (default 4700): the bench's main federation listens from it on, Hive Gateway at base + 90, the
 * scale federation from base + 100 — so that two benches, or a bench and another service, can run side by side.
 */
export function benchPortBase(): number {
  const raw = process.env.BENCH_PORT_BASE;
  if (raw === undefined || raw === '') return 4700;
  const value = portBase.parse(raw);
  if (value === undefined) throw new Error(`BENCH_PORT_BASE must be ${portBase.accepted}; got "${raw}"`);
  return value;
}

/** A benchmark's own ports, off the defaults so that it runs beside `npm start`: the gateway on `gateway`, the bureaus after it. */
export function benchPorts(gateway: number): Record<string, string> {
  return Object.fromEntries([
    ['GATEWAY_PORT', String(gateway)],
    ...BUREAU_NAMES.map((name, index) => [`${envPrefix(name)}_PORT`, String(gateway + 1 + index)]),
  ]);
}

/** The PostgreSQL URL `url` with `suffix` appended to the name of its database (the server creates it on first start). */
export function databaseUrlWithSuffix(url: string, suffix: string): string {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!name) throw new Error(`the database URL ${parsed.host} names no database`);
  parsed.pathname = `/${encodeURIComponent(name + suffix)}`;
  return parsed.toString();
}
