/**
 * Each migrant's jobs: whether they worked at all, one to three spells in a row during their stay,
 * the last one still held by about three in four, at employers near where they lived then.
 */
import { toParts } from '../../kit/dates';
import { Random, WeightedTable } from '../../kit/random';
import type { Sex } from '../../synthetic';
import { contract, jobTitle, monthlyWage, weeklyHours } from './jobs';
import { EmployerSize, Industry, INDUSTRIES, SyntheticEmployer, ContractType } from './types';
import { stayOn, Worker } from './worker';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { floor, log, max, min } = Math;

/** A job in day numbers; `to` null while held on asOf. */
export interface Spell {
  employer: SyntheticEmployer;
  from: number;
  to: number | null;
  jobTitle: string;
  wage: number;
  hours: number;
  contractSigned: boolean;
  contractType: ContractType | null;
}

/**
 * Share who ever held a registered job during their stay: most heads came for work; fewer spouses
 * (care of children, informal work the bureau does not see); grown children between.
 */
const EVER_WORKED = { HEAD: 0.88, SPOUSE: 0.63, CHILD: 0.6 } as const;
/** Of those who worked and are under 60, the share still in their last job on asOf. */
const STILL_EMPLOYED = 0.78;
/** Jobs during the stay: most keep one employer, a fair number change once or twice. */
const JOB_COUNT = new WeightedTable([1, 2, 3], (n) => [52, 31, 17][n - 1]);
const MIN_SPELL_DAYS = 30;
/** Days from arrival to the first job: most start within weeks (mean about a month). */
const SEARCH_MEAN_DAYS = 30;
const SEARCH_MAX_DAYS = 240;
/** A job ended at most about three years before asOf for someone not working now. */
const MAX_IDLE_DAYS = 3 * 365;
/** Chance that the next job stays in the same trade. */
const SAME_TRADE = 0.6;
/** Most work in the district they live in; the rest commute across the city. */
const SAME_DISTRICT = 0.82;

/** Trades of migrant men and women (relative weights); counties add farm work. */
const TRADE_MIX: Record<Sex, Record<Industry, number>> = {
  MALE: {
    CONSTRUCTION: 30,
    MANUFACTURING: 13,
    CATERING: 14,
    RETAIL: 7,
    LOGISTICS: 14,
    DOMESTIC_SERVICES: 1,
    AGRICULTURE: 3,
    HALAL_FOOD_PROCESSING: 7,
    OTHER_SERVICES: 11,
  },
  FEMALE: {
    CONSTRUCTION: 4,
    MANUFACTURING: 12,
    CATERING: 25,
    RETAIL: 20,
    LOGISTICS: 5,
    DOMESTIC_SERVICES: 14,
    AGRICULTURE: 4,
    HALAL_FOOD_PROCESSING: 7,
    OTHER_SERVICES: 9,
  },
};
const COUNTY_FARM_FACTOR = 5;
/** Bigger employers take on more people: relative hiring weight by size. */
const HIRING_WEIGHT: Record<EmployerSize, number> = { MICRO: 1, SMALL: 3, MEDIUM: 8, LARGE: 20 };

/** Employers by district and trade, weighted by size for hiring. */
export class LabourMarket {
  private readonly pools = new Map<string, WeightedTable<SyntheticEmployer>>();
  private readonly trades = new Map<string, WeightedTable<Industry>>();

  constructor(
    employers: readonly SyntheticEmployer[],
    private readonly countyDistricts: ReadonlySet<string>,
  ) {
    const groups = new Map<string, SyntheticEmployer[]>();
    const add = (key: string, e: SyntheticEmployer) => {
      const list = groups.get(key);
      if (list) list.push(e);
      else groups.set(key, [e]);
    };
    for (const e of employers) {
      add(`${e.districtCode}|${e.industry}`, e);
      add(e.districtCode, e);
      add(`*|${e.industry}`, e);
      add('*', e);
    }
    for (const [key, list] of groups) this.pools.set(key, new WeightedTable(list, (e) => HIRING_WEIGHT[e.size]));
    for (const sex of ['MALE', 'FEMALE'] as const) {
      for (const county of [false, true]) {
        const mix = TRADE_MIX[sex];
        const weight = (i: Industry) => mix[i] * (county && i === 'AGRICULTURE' ? COUNTY_FARM_FACTOR : 1);
        this.trades.set(`${sex}|${county}`, new WeightedTable(INDUSTRIES, weight));
      }
    }
  }

  trade(rng: Random, sex: Sex, districtCode: string): Industry {
    return this.trades.get(`${sex}|${this.countyDistricts.has(districtCode)}`)!.pick(rng);
  }

  /**
   * An employer of the trade, in the person's district (SAME_DISTRICT) or anywhere in the city;
   * a trade missing there falls back to the city, then to any trade in the district.
   */
  hire(rng: Random, industry: Industry, districtCode: string): SyntheticEmployer {
    const district = rng.chance(SAME_DISTRICT) ? districtCode : '*';
    const pool = this.pools.get(`${district}|${industry}`) ?? this.pools.get(`*|${industry}`) ?? this.pools.get(districtCode) ?? this.pools.get('*');
    if (!pool) throw new Error('No employers');
    return pool.pick(rng);
  }
}

/** The person's jobs, oldest first, within [workFrom, workTo]; empty if they never worked. */
export function planSpells(rng: Random, market: LabourMarket, worker: Worker, asOf: number): Spell[] {
  // The decisions are drawn for everyone, used or not, so they follow the rates above exactly.
  const works = rng.chance(EVER_WORKED[worker.role]);
  const still = rng.chance(STILL_EMPLOYED);
  const search = min(SEARCH_MAX_DAYS, floor(-log(1 - rng.next()) * SEARCH_MEAN_DAYS));
  const idle = rng.next();
  if (!works) return [];
  const first = worker.workFrom + search;
  const current = still && worker.workTo === asOf;
  const lastDay = current ? asOf : worker.workTo - floor(idle * max(0, min(MAX_IDLE_DAYS, worker.workTo - first - MIN_SPELL_DAYS)));
  const total = lastDay - first + 1;
  if (total < MIN_SPELL_DAYS) return [];
  const count = min(JOB_COUNT.pick(rng), floor(total / MIN_SPELL_DAYS));
  const ranges = layout(rng, first, lastDay, count);
  const sex = worker.person.sex;
  const spells: Spell[] = [];
  let industry: Industry | null = null;
  ranges.forEach(([from, to], i) => {
    const home = stayOn(worker, from);
    if (industry === null || !rng.chance(SAME_TRADE)) industry = market.trade(rng, sex, home.districtCode);
    const employer = market.hire(rng, industry, home.districtCode);
    industry = employer.industry; // a fallback employer may be of another trade
    const open = current && i === ranges.length - 1;
    const terms = contract(rng, employer.industry, employer.size, (open ? asOf : to) - from + 1);
    spells.push({
      employer,
      from,
      to: open ? null : to,
      jobTitle: jobTitle(rng, employer.industry, sex),
      wage: monthlyWage(rng, employer.industry, employer.size, sex, toParts(from).year, i),
      hours: weeklyHours(rng, employer.industry),
      contractSigned: terms.signed,
      contractType: terms.type,
    });
  });
  return spells;
}

/**
 * Splits [first, last] into `count` consecutive jobs of at least MIN_SPELL_DAYS each, with short
 * gaps between them (job hunting), the first starting on `first` and the last ending on `last`.
 */
function layout(rng: Random, first: number, last: number, count: number): [number, number][] {
  const extra = last - first + 1 - count * MIN_SPELL_DAYS;
  const jobs = Array.from({ length: count }, () => 0.25 + rng.next());
  const gaps = Array.from({ length: count - 1 }, () => 0.12 * rng.next());
  const total = [...jobs, ...gaps].reduce((a, b) => a + b, 0);
  const out: [number, number][] = [];
  let from = first;
  for (let i = 0; i < count; i++) {
    const to = i === count - 1 ? last : from + MIN_SPELL_DAYS - 1 + floor((extra * jobs[i]) / total);
    out.push([from, max(from, to)]);
    if (i < count - 1) from = to + 1 + floor((extra * gaps[i]) / total);
  }
  return out;
}
