/**
 * Monthly activity of the community service points for migrants (服务站/服务窗口): visits and the
 * services given, from the month a point opened to the month of asOf. Visits follow the number of
 * migrants living in the community that month (counted exactly from everyone's residences), about
 * one visit per resident a year (registration, residence permits, school places, jobs, legal and
 * relief advice), with seasons: the rush before the Spring Festival, the quiet holiday week, the
 * return wave after it (registrations, job-seeking) and school enrolment in August–September.
 */
import { toParts } from '../../kit/dates';
import { derive } from '../../kit/random';
import type { ServicePointPlan } from '../../synthetic';
import type { Stay } from './case-persons';
import { binomial, daysInMonth, formatMonth, monthIndex, monthStart, poisson, springFestival } from './case-calendar';
import type { SyntheticServicePointMonth } from './case-types';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { max, min } = Math;

/** Visits per resident migrant per month at a point that is well known. */
const VISITS_PER_RESIDENT_MONTH = 0.09;
/** A new point is half as busy at first and becomes known within a year. */
const RAMP_UP_MONTHS = 12;
/** Points differ (staff, hours, location): a busyness factor of 0.75–1.25 each. */
const BUSYNESS = { min: 0.75, spread: 0.5 };
/** Share of visits ending with a service given (the rest enquiries, referrals), rising with experience. */
const SERVICE_SHARE = { first: 0.72, mature: 0.88, years: 4 };
/** By month, January first: school places in August–September, the National Day week in October. */
const MONTH_FACTOR = [1, 1, 1.05, 1, 0.95, 0.95, 0.9, 1.15, 1.35, 0.85, 1, 1.05];
/** Around the Spring Festival, by day: the three weeks before, the holiday week, the five weeks after. */
const FESTIVAL = { before: 21, holiday: 7, after: 35, rush: 1.5, closed: 0.25, returning: 1.35 };
/** The nationwide first-level epidemic response closed most counters in February 2020 and slowed March. */
const EPIDEMIC: Record<string, number> = { '2020-02': 0.35, '2020-03': 0.7 };

/** Migrants living in each community, by month; a person counts in every month he or she lived there on any day. */
export class ResidentMonths {
  private readonly diff = new Map<string, Int32Array>();

  constructor(
    readonly firstMonth: number,
    readonly lastMonth: number,
  ) {}

  add(stay: Stay): void {
    let counts = this.diff.get(stay.communityCode);
    if (!counts) this.diff.set(stay.communityCode, (counts = new Int32Array(this.lastMonth - this.firstMonth + 2)));
    counts[max(0, monthIndex(stay.from) - this.firstMonth)]++;
    counts[min(this.lastMonth, monthIndex(stay.to)) - this.firstMonth + 1]--;
  }

  /** Residents per month from firstMonth (prefix sums of the differences); zeros for an empty community. */
  counts(communityCode: string): Int32Array {
    const d = this.diff.get(communityCode);
    const out = new Int32Array(this.lastMonth - this.firstMonth + 1);
    if (!d) return out;
    let running = 0;
    for (let i = 0; i < out.length; i++) out[i] = running += d[i];
    return out;
  }
}

interface Opening {
  month: number;
  busyness: number;
}

/** Each point's opening month within its opening year, and its busyness, from their own stream. */
function openings(seed: number, points: readonly ServicePointPlan[]): Map<string, Opening> {
  const rng = derive(seed, 'civil-affairs:service-point-openings');
  const out = new Map<string, Opening>();
  for (const p of points) {
    const month = p.openedYear * 12 + rng.int(0, 11);
    out.set(p.communityCode, { month, busyness: BUSYNESS.min + BUSYNESS.spread * rng.next() });
  }
  return out;
}

/** 'YYYY-MM' each service point opened, by community code (the first month of its activity). */
export function servicePointOpeningMonths(seed: number, points: readonly ServicePointPlan[]): Map<string, string> {
  return new Map([...openings(seed, points)].map(([code, o]) => [code, formatMonth(o.month)]));
}

/** Activity rows, point by point in the geography's order, months ascending. */
export function servicePointActivity(seed: number, points: readonly ServicePointPlan[], residents: ResidentMonths, asOf: number): SyntheticServicePointMonth[] {
  const rng = derive(seed, 'civil-affairs:service-point-activity');
  const opened = openings(seed, points);
  const lastMonth = monthIndex(asOf);
  const season = new Map<number, number>();
  const rows: SyntheticServicePointMonth[] = [];
  for (const point of points) {
    const { month: first, busyness } = opened.get(point.communityCode)!;
    const counts = residents.counts(point.communityCode);
    for (let m = first; m <= lastMonth; m++) {
      let factor = season.get(m);
      if (factor === undefined) season.set(m, (factor = seasonality(m)));
      const age = m - first;
      const ramp = min(1, 0.5 + (0.5 * age) / RAMP_UP_MONTHS);
      // The month of asOf counts only the days up to asOf.
      const elapsed = m === lastMonth ? (asOf - monthStart(m) + 1) / daysInMonth(m) : 1;
      const living = m >= residents.firstMonth ? counts[m - residents.firstMonth] : 0;
      const visits = poisson(rng, living * VISITS_PER_RESIDENT_MONTH * factor * ramp * busyness * elapsed);
      const share = SERVICE_SHARE.first + (SERVICE_SHARE.mature - SERVICE_SHARE.first) * min(1, age / (12 * SERVICE_SHARE.years));
      rows.push({ communityCode: point.communityCode, month: formatMonth(m), visits, servicesGiven: binomial(rng, visits, share) });
    }
  }
  return rows;
}

/** The month's factor: its base, the mean Spring Festival effect over its days, and the 2020 epidemic. */
function seasonality(m: number): number {
  const start = monthStart(m);
  const days = daysInMonth(m);
  const year = toParts(start).year;
  const festivals = [springFestival(year), springFestival(year + 1)];
  let sum = 0;
  for (let d = start; d < start + days; d++) {
    let f = 1;
    for (const sf of festivals) {
      if (d >= sf - FESTIVAL.before && d < sf) f = FESTIVAL.rush;
      else if (d >= sf && d < sf + FESTIVAL.holiday) f = FESTIVAL.closed;
      else if (d >= sf + FESTIVAL.holiday && d < sf + FESTIVAL.after) f = FESTIVAL.returning;
    }
    sum += f;
  }
  return MONTH_FACTOR[m % 12] * (sum / days) * (EPIDEMIC[formatMonth(m)] ?? 1);
}
