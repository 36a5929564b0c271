import type { DataSource } from 'typeorm';
import { cachedFigures, forgetFigures } from '../../subgraphs/kit/figure-cache';

// The cache is keyed by the bureau's DataSource; any object stands for one here, as nothing is read from it.
const bureau = () => ({}) as DataSource;

/** A count that reports how often it ran and gives 1, 2, 3… */
function counter() {
  let runs = 0;
  const count = async () => (runs += 1);
  return { count, runs: () => runs };
}

describe('the figure cache of a subgraph', () => {
  const saved = process.env.STATISTICS_CACHE_SECONDS;
  afterEach(() => {
    jest.useRealTimers();
    if (saved === undefined) delete process.env.STATISTICS_CACHE_SECONDS;
    else process.env.STATISTICS_CACHE_SECONDS = saved;
  });

  it('counts once for many requests, and again after a write commits', async () => {
    const db = bureau();
    const { count, runs } = counter();
    expect(await cachedFigures(db, 'population', count)).toBe(1);
    expect(await cachedFigures(db, 'population', count)).toBe(1);
    forgetFigures(db);
    expect(await cachedFigures(db, 'population', count)).toBe(2);
    expect(runs()).toBe(2);
  });

  it('keeps each bureau apart: a write in one does not drop the figures of another', async () => {
    const [one, other] = [bureau(), bureau()];
    const { count } = counter();
    await cachedFigures(one, 'figures', count);
    await cachedFigures(other, 'figures', count);
    forgetFigures(one);
    expect(await cachedFigures(other, 'figures', count)).toBe(2);
  });

  it('serves expired figures once more while it counts them again, then the new ones', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate'] });
    process.env.STATISTICS_CACHE_SECONDS = '60';
    const db = bureau();
    const { count, runs } = counter();
    expect(await cachedFigures(db, 'cases', count)).toBe(1);
    jest.setSystemTime(61_000);
    expect(await cachedFigures(db, 'cases', count)).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs()).toBe(2);
    expect(await cachedFigures(db, 'cases', count)).toBe(2);
  });

  it('counts afresh for every request when STATISTICS_CACHE_SECONDS is 0', async () => {
    process.env.STATISTICS_CACHE_SECONDS = '0';
    const db = bureau();
    const { count } = counter();
    await cachedFigures(db, 'enrolment', count);
    expect(await cachedFigures(db, 'enrolment', count)).toBe(2);
  });

  it('does not keep a failed count', async () => {
    const db = bureau();
    await expect(cachedFigures(db, 'employment', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cachedFigures(db, 'employment', async () => 7)).toBe(7);
  });
});
