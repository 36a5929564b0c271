/**
 * Calendar and counting helpers for the civil-affairs records, on the kit's day numbers and PRNG:
 * months as integer indexes, the Spring Festival, days drawn with a seasonal weight, skewed
 * durations, and Poisson / binomial counts.
 */
import { fromParts, pad, parseDate, toParts } from '../../kit/dates';
import type { Random } from '../../kit/random';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { exp, floor, max, min, round, sqrt } = Math;

/** year * 12 + (month - 1): consecutive months are consecutive integers. */
export function monthIndex(day: number): number {
  const p = toParts(day);
  return p.year * 12 + p.month - 1;
}

export function monthStart(index: number): number {
  return fromParts(floor(index / 12), (index % 12) + 1, 1);
}

export function daysInMonth(index: number): number {
  return monthStart(index + 1) - monthStart(index);
}

/** 'YYYY-MM'. */
export function formatMonth(index: number): string {
  return `${floor(index / 12)}-${pad((index % 12) + 1, 2)}`;
}

/**
 * Chinese New Year's Day (正月初一). Migrants travel home before it and come back in the weeks
 * after, which moves relief for stranded travellers, year-end wage disputes and service-point
 * visits. Years outside the table fall back to 5 February, the festival's average date.
 */
const SPRING_FESTIVAL: Record<number, string> = {
  2012: '2012-01-23',
  2013: '2013-02-10',
  2014: '2014-01-31',
  2015: '2015-02-19',
  2016: '2016-02-08',
  2017: '2017-01-28',
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
};
const springFestivalCache = new Map<number, number>();

export function springFestival(year: number): number {
  let day = springFestivalCache.get(year);
  if (day === undefined) {
    const iso = SPRING_FESTIVAL[year];
    day = iso ? parseDate(iso) : fromParts(year, 2, 5);
    springFestivalCache.set(year, day);
  }
  return day;
}

/** Twelve weights, January first. */
export type MonthWeights = readonly number[];

/**
 * A day in [from, to] (inclusive), uniform but thinned by the weight of its month (rejection
 * sampling; after a few misses the last draw stands, so a short window never loops long).
 */
export function pickDay(rng: Random, from: number, to: number, weights?: MonthWeights): number {
  const span = to - from + 1;
  let day = from + floor(rng.next() * span);
  if (!weights) return day;
  const top = max(...weights);
  for (let attempt = 0; attempt < 12; attempt++) {
    if (rng.next() * top < weights[toParts(day).month - 1]) break;
    day = from + floor(rng.next() * span);
  }
  return day;
}

/** A day in the last `windowDays` before `to` (not before `from`), most of them very recent. */
export function recentDay(rng: Random, from: number, to: number, windowDays: number): number {
  const u = rng.next();
  return max(from, to - floor(u * u * windowDays));
}

/** Right-skewed whole days around a median (log-normal-ish, from the kit's bounded normal). */
export function skewedDays(rng: Random, median: number, sigma: number, lo: number, hi: number): number {
  return min(hi, max(lo, round(median * exp(rng.normal(0, sigma)))));
}

/** Poisson count: Knuth's product of uniforms for small means, the normal approximation above. */
export function poisson(rng: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean >= 30) return max(0, round(rng.normal(mean, sqrt(mean))));
  const limit = exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

/** Binomial count of n trials, exact for small n and normal above, always within [0, n]. */
export function binomial(rng: Random, n: number, p: number): number {
  if (n < 40) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) k++;
    return k;
  }
  return min(n, max(0, round(rng.normal(n * p, sqrt(n * p * (1 - p))))));
}
