/**
 * Hardship relief (救助) for migrants, applied for at the community where the applicant lives.
 * About 3% of persons get a case over their stay, more the longer they stay: temporary hardship
 * (临时救助) most, then medical hardship (医疗救助), help for stranded persons (救助管理, food,
 * lodging, a ticket home) and, rarely, disaster relief (受灾救助). About 80% are approved, 12%
 * rejected (income or assets above the line, not in the scheme's scope) and the rest pending,
 * which happens only to recent applications.
 */
import { formatDate, toParts } from '../../kit/dates';
import { Random, WeightedTable } from '../../kit/random';
import { ethnicCode } from '../../synthetic/demography';
import { adultWindow, Resident, stayOn } from './case-persons';
import { MonthWeights, pickDay, recentDay, skewedDays, springFestival } from './case-calendar';
import type { ReliefKind, SyntheticReliefCase } from './case-types';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { exp, floor, max, min, round } = Math;

/**
 * Chance of a case = 1 − exp(−RATE · (HEAD_START + adult years here)). The head start gives new
 * arrivals a chance too (stranded persons arrive needing help). Calibrated so that about 3% of all
 * persons (children included, who never apply) have a case.
 */
const RATE_PER_YEAR = 0.0072;
const HEAD_START_YEARS = 0.5;

interface KindRule {
  share: number;
  /** Requested amount, whole yuan, rounded to `step`; skewed towards the low end (`skew` > 1). */
  amount: { min: number; max: number; step: number; skew: number };
  /** Days from application to decision (stranded persons are helped the same day). */
  decisionDays: { median: number; lo: number; hi: number };
  /** Share approved among those decided. */
  approved: number;
  /** Seasonal weight of the application month, January first (none = uniform). */
  months?: MonthWeights;
}

const KINDS: Record<ReliefKind, KindRule> = {
  // Winter (heating, the run-up to the Spring Festival) brings more temporary hardship.
  TEMPORARY_HARDSHIP: {
    share: 58,
    amount: { min: 500, max: 5000, step: 100, skew: 2 },
    decisionDays: { median: 7, lo: 1, hi: 20 },
    approved: 0.86,
    months: [1.5, 1.4, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.5],
  },
  MEDICAL_HARDSHIP: {
    share: 27,
    amount: { min: 2000, max: 20000, step: 100, skew: 2 },
    decisionDays: { median: 15, lo: 5, hi: 40 },
    approved: 0.84,
  },
  STRANDED_PERSON: {
    share: 11,
    amount: { min: 100, max: 800, step: 10, skew: 1.5 },
    decisionDays: { median: 0, lo: 0, hi: 0 },
    approved: 0.97,
  },
  // Summer rainstorms, flash floods and hail; house fires the rest of the year.
  DISASTER: {
    share: 4,
    amount: { min: 1000, max: 10000, step: 100, skew: 1.5 },
    decisionDays: { median: 6, lo: 1, hi: 25 },
    approved: 0.9,
    months: [1, 1, 1, 1, 1.5, 3, 4, 4, 2, 1, 1, 1],
  },
};
const KIND_TABLE = new WeightedTable(Object.keys(KINDS) as ReliefKind[], (k) => KINDS[k].share);

/**
 * Case states on asOf besides the usual (decided, and paid if approved): pending, applied for in
 * the last six weeks (most within days), and approved in the last month but not paid yet (payments
 * go out in batches). Usual cases still undecided or unpaid on asOf add a little to both.
 */
type State = 'USUAL' | 'PENDING' | 'AWAITING_PAYMENT';
const PENDING_SHARE = 0.065;
const PENDING_WINDOW_DAYS = 42;
const AWAITING_PAYMENT_SHARE = 0.01;
const AWAITING_WINDOW_DAYS = 30;
/** Of approved amounts: granted in full this often, else cut to 50–95% (not below the scheme's minimum). */
const FULL_GRANT = 0.6;
/** Stranded persons are mostly helped soon after arriving, the rest on the way home before the Spring Festival. */
const STRANDED_ON_ARRIVAL = 0.65;
const STRANDED_ARRIVAL_DAYS = 60;
const STRANDED_BEFORE_FESTIVAL_DAYS = 28;
/** Payment follows approval within 1–30 days (stranded persons within a day, in cash or in kind). */
const PAYMENT_DAYS = { median: 7, lo: 1, hi: 30 };
/** Temporary hardship given partly in kind (food parcels), where halal food matters. */
const IN_KIND_SHARE = 0.4;

/** The ten groups of China that are traditionally Muslim (by GB/T 3304 name in the reference CSV). */
const MUSLIM_GROUPS = new Set(['Hui', 'Uyghur', 'Kazakh', 'Dongxiang', 'Kyrgyz', 'Salar', 'Tajik', 'Uzbek', 'Bonan', 'Tatar'].map(ethnicCode));

/**
 * At most one case per person (a second within the stay is rare enough to leave out). `who`
 * decides whether the person applies and `rng` the case, so a change to the details of cases
 * never changes who applied.
 */
export function planRelief(who: Random, rng: Random, resident: Resident, asOf: number): SyntheticReliefCase | null {
  const window = adultWindow(resident, asOf);
  if (!window) return null;
  const years = (window.to - window.from) / 365.25;
  if (!who.chance(1 - exp(-RATE_PER_YEAR * (HEAD_START_YEARS + years)))) return null;

  const kind = KIND_TABLE.pick(rng);
  const rule = KINDS[kind];
  const u = rng.next();
  const state: State = u < PENDING_SHARE ? 'PENDING' : u < PENDING_SHARE + AWAITING_PAYMENT_SHARE && kind !== 'STRANDED_PERSON' ? 'AWAITING_PAYMENT' : 'USUAL';
  const requested = amount(rng, rule);
  const { median, lo, hi } = rule.decisionDays;
  const decisionDays = hi === 0 ? 0 : skewedDays(rng, median, 0.5, lo, hi);
  let applied: number;
  let decided: number;
  if (state === 'AWAITING_PAYMENT') {
    decided = recentDay(rng, window.from, asOf, AWAITING_WINDOW_DAYS);
    applied = max(window.from, decided - decisionDays);
  } else {
    applied =
      state === 'PENDING'
        ? recentDay(rng, window.from, asOf, PENDING_WINDOW_DAYS)
        : kind === 'STRANDED_PERSON'
          ? strandedDay(rng, window.from, asOf)
          : pickDay(rng, window.from, asOf, rule.months);
    decided = applied + decisionDays;
  }
  const approved = state === 'AWAITING_PAYMENT' || rng.chance(rule.approved);
  const granted = rng.chance(FULL_GRANT)
    ? requested
    : max(rule.amount.min, floor((requested * (0.5 + 0.45 * rng.next())) / rule.amount.step) * rule.amount.step);
  const paymentDays = kind === 'STRANDED_PERSON' ? rng.int(0, 1) : skewedDays(rng, PAYMENT_DAYS.median, 0.7, PAYMENT_DAYS.lo, PAYMENT_DAYS.hi);
  const paid = state === 'AWAITING_PAYMENT' ? null : decided + paymentDays;
  const inKind = kind === 'STRANDED_PERSON' || (kind === 'TEMPORARY_HARDSHIP' && rng.chance(IN_KIND_SHARE));

  // A usual case decided after asOf is pending too; one paid after asOf is awaiting payment.
  const pending = state === 'PENDING' || decided > asOf;
  const isApproved = !pending && approved;
  return {
    personId: resident.id,
    originRegionCode: resident.originRegionCode,
    kind,
    communityCode: stayOn(resident, applied)!.communityCode,
    appliedOn: formatDate(applied),
    amountRequestedYuan: requested,
    decision: pending ? null : approved ? 'APPROVED' : 'REJECTED',
    decidedOn: pending ? null : formatDate(decided),
    amountApprovedYuan: isApproved ? min(granted, requested) : null,
    paidOn: isApproved && paid !== null && paid <= asOf ? formatDate(paid) : null,
    // Only where food or lodging was actually given, i.e. once approved.
    customsAccommodation: isApproved && inKind && MUSLIM_GROUPS.has(resident.ethnicityCode) ? (kind === 'STRANDED_PERSON' ? '清真餐食' : '清真食品') : null,
  };
}

function amount(rng: Random, rule: KindRule): number {
  const { min: lo, max: hi, step, skew } = rule.amount;
  const raw = lo + (hi - lo) * rng.next() ** skew;
  return min(hi, max(lo, round(raw / step) * step));
}

function strandedDay(rng: Random, from: number, to: number): number {
  if (rng.chance(STRANDED_ON_ARRIVAL) || to - from < 365) {
    return pickDay(rng, from, min(to, from + STRANDED_ARRIVAL_DAYS));
  }
  // The weeks before a Spring Festival within the stay: money or ticket lost on the way home.
  const first = toParts(from).year;
  const last = toParts(to).year;
  const festivals: number[] = [];
  for (let y = first; y <= last; y++) {
    const sf = springFestival(y);
    if (sf - STRANDED_BEFORE_FESTIVAL_DAYS >= from && sf - 1 <= to) festivals.push(sf);
  }
  if (festivals.length === 0) return pickDay(rng, from, to);
  const sf = rng.pick(festivals);
  return sf - rng.int(1, STRANDED_BEFORE_FESTIVAL_DAYS);
}
