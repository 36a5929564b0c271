/**
 * Dispute screening and mediation (矛盾纠纷排查调处) by communities and streets. About 1.5% of
 * persons are party to a dispute over their stay, labour and neighbourhood quarrels most, then
 * tenancy, family, commercial and other matters. About 70% are settled in the community, 22% go
 * up to the street's mediation committee and 8% are reported on to the district; about 85% are
 * closed, most after a mediation agreement, the rest still open (nearly all recent).
 *
 * Planned in two steps: while the persons stream past, a few adults are drawn as the first party
 * and everyone's residences are indexed; afterwards other parties are drawn from the people who
 * lived in the same community (or district) on the day the dispute was found.
 */
import { formatDate, pad, toParts } from '../../kit/dates';
import { Random, WeightedTable } from '../../kit/random';
import { adultWindow, Resident, Stay, stayOn } from './case-persons';
import { MonthWeights, pickDay, recentDay, skewedDays } from './case-calendar';
import type { DisputeKind, DisputeLevel, SyntheticDisputeCase, SyntheticDisputeEvent } from './case-types';
import { MEDIATED_OUTCOMES } from './dispute-outcomes';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { exp, floor } = Math;

/**
 * Chance that an adult is the first party of a dispute: 1 − exp(−RATE · (HEAD_START + adult
 * years here)). With about 1.5 parties per case and children never parties, about 1.5% of all persons
 * end up party to one.
 */
const RATE_PER_YEAR = 0.0025;
const HEAD_START_YEARS = 0.3;
/** A new arrival needs a couple of weeks to fall out with anyone. */
const SETTLING_IN_DAYS = 14;

const LEVELS: readonly DisputeLevel[] = ['COMMUNITY', 'STREET', 'DISTRICT'];

interface KindRule {
  share: number;
  /** Highest level reached, in per cent: community, street, district. */
  levels: [number, number, number];
  /** Number of migrant parties recorded: weights for 1, 2, 3. */
  parties: [number, number, number];
  /** Where other parties come from: the first party's household, community or district. */
  others: 'HOUSEHOLD' | 'COMMUNITY' | 'DISTRICT';
  months?: MonthWeights;
}

/**
 * Labour disputes are often several workers against one boss, escalate most and peak before the
 * Spring Festival when wages are settled (年底讨薪); a tenancy or commercial dispute is usually one
 * migrant against a local landlord or trader; tenancy peaks in March when people come back and move.
 * Overall the levels come to 69.7 / 22.4 / 7.9%.
 */
const KINDS: Record<DisputeKind, KindRule> = {
  LABOUR: { share: 30, levels: [60, 28, 12], parties: [50, 30, 20], others: 'DISTRICT', months: [1.8, 1.2, 1, 1, 1, 1, 1, 1, 1, 1, 1.3, 1.8] },
  NEIGHBOURHOOD: { share: 26, levels: [76, 19, 5], parties: [60, 35, 5], others: 'COMMUNITY', months: [1, 1, 1, 1, 1.1, 1.3, 1.3, 1.3, 1.1, 1, 1, 1] },
  TENANCY: { share: 16, levels: [74, 20, 6], parties: [80, 18, 2], others: 'HOUSEHOLD', months: [1, 1.1, 1.5, 1.2, 1, 1, 1, 1, 1.1, 1, 1, 1] },
  FAMILY: { share: 12, levels: [78, 17, 5], parties: [45, 55, 0], others: 'HOUSEHOLD' },
  COMMERCIAL: { share: 9, levels: [65, 25, 10], parties: [70, 25, 5], others: 'DISTRICT' },
  OTHER: { share: 7, levels: [70, 22, 8], parties: [70, 25, 5], others: 'DISTRICT' },
};
const KIND_TABLE = new WeightedTable(Object.keys(KINDS) as DisputeKind[], (k) => KINDS[k].share);
const LEVEL_TABLES = Object.fromEntries(Object.entries(KINDS).map(([k, r]) => [k, new WeightedTable([0, 1, 2], (i) => r.levels[i])])) as Record<
  DisputeKind,
  WeightedTable<number>
>;
const PARTY_TABLES = Object.fromEntries(Object.entries(KINDS).map(([k, r]) => [k, new WeightedTable([1, 2, 3], (n) => r.parties[n - 1])])) as Record<
  DisputeKind,
  WeightedTable<number>
>;

/**
 * Days at each level (medians): the community tries for about two weeks before handing a case up,
 * the street for three; settling takes about 3 weeks in the community, 4 at the street and 6 at
 * the district, so the median time to close is about 3 weeks, 7 weeks and 3 months.
 */
const TRY_BEFORE_ESCALATING = [
  { median: 12, lo: 2, hi: 60 },
  { median: 20, lo: 5, hi: 90 },
];
const SETTLE = [
  { median: 18, lo: 1, hi: 120 },
  { median: 28, lo: 3, hi: 180 },
  { median: 45, lo: 7, hi: 300 },
];
/** Most closed cases end with a mediation agreement, closed once it is carried out (回访). */
const MEDIATED_SHARE = 0.88;
const CLOSE_AFTER_AGREEMENT = { median: 3, lo: 0, hi: 30 };
/** Cases stuck on asOf: found in the last year, most in the last few months. */
const STALLED_SHARE = 0.12;
const STALLED_WINDOW_DAYS = 365;
/** Other parties are drawn by rejection from the residents indexed; give up after this many tries. */
const PARTY_ATTEMPTS = 200;

interface Plan {
  first: Resident;
  stay: Stay;
  kind: DisputeKind;
  found: number;
  parties: number;
  events: SyntheticDisputeEvent[];
}

export class DisputePlanner {
  private readonly plans: Plan[] = [];
  private readonly byCommunity = new Map<string, Stay[]>();
  private readonly byDistrict = new Map<string, Stay[]>();
  private readonly byHousehold = new Map<string, Resident[]>();

  /** `who` draws the first parties, `rng` their disputes (so details never change who is a party). */
  constructor(
    private readonly who: Random,
    private readonly rng: Random,
    private readonly asOf: number,
  ) {}

  /** Indexes the resident's stays and perhaps makes him or her the first party of a dispute. */
  add(resident: Resident): void {
    for (const stay of resident.stays) {
      push(this.byCommunity, stay.communityCode, stay);
      push(this.byDistrict, stay.districtCode, stay);
    }
    push(this.byHousehold, resident.householdId, resident);
    const window = adultWindow(resident, this.asOf);
    if (!window) return;
    const from = window.from === resident.arrival ? window.from + SETTLING_IN_DAYS : window.from;
    if (from > this.asOf) return;
    const years = (this.asOf - from) / 365.25;
    if (!this.who.chance(1 - exp(-RATE_PER_YEAR * (HEAD_START_YEARS + years)))) return;
    this.plans.push(this.plan(resident, from));
  }

  /** The disputes, by date found; case numbers count per street and year in that order. */
  cases(partyRng: Random): SyntheticDisputeCase[] {
    const plans = this.plans.slice().sort((a, b) => a.found - b.found); // stable: ties keep person order
    const serials = new Map<string, number>();
    return plans.map((p): SyntheticDisputeCase => {
      const year = toParts(p.found).year;
      const key = `${p.stay.streetCode}-${year}`;
      const serial = (serials.get(key) ?? 0) + 1;
      serials.set(key, serial);
      return {
        caseNumber: `${key}-${pad(serial, 4)}`,
        kind: p.kind,
        communityCode: p.stay.communityCode,
        streetCode: p.stay.streetCode,
        foundOn: formatDate(p.found),
        partyIds: this.parties(partyRng, p),
        originRegionCode: p.first.originRegionCode,
        events: p.events,
      };
    });
  }

  private plan(first: Resident, from: number): Plan {
    const rng = this.rng;
    const kind = KIND_TABLE.pick(rng);
    const rule = KINDS[kind];
    const stalled = rng.chance(STALLED_SHARE);
    const found = stalled ? recentDay(rng, from, this.asOf, STALLED_WINDOW_DAYS) : pickDay(rng, from, this.asOf, rule.months);
    const top = LEVEL_TABLES[kind].pick(rng);
    const parties = PARTY_TABLES[kind].pick(rng);

    type Step = { kind: SyntheticDisputeEvent['kind']; on: number; level: DisputeLevel; note: string | null };
    const timeline: Step[] = [{ kind: 'OPENED', on: found, level: 'COMMUNITY', note: null }];
    let day = found;
    for (let level = 1; level <= top; level++) {
      const t = TRY_BEFORE_ESCALATING[level - 1];
      day += skewedDays(rng, t.median, 0.6, t.lo, t.hi);
      timeline.push({ kind: 'ESCALATED', on: day, level: LEVELS[level], note: null });
    }
    const s = SETTLE[top];
    day += skewedDays(rng, s.median, 0.6, s.lo, s.hi);
    const outcome = rng.pick(MEDIATED_OUTCOMES[kind]);
    if (rng.chance(MEDIATED_SHARE)) {
      timeline.push({ kind: 'MEDIATED', on: day, level: LEVELS[top], note: outcome });
      day += skewedDays(rng, CLOSE_AFTER_AGREEMENT.median, 0.8, CLOSE_AFTER_AGREEMENT.lo, CLOSE_AFTER_AGREEMENT.hi);
    }
    timeline.push({ kind: 'CLOSED', on: day, level: LEVELS[top], note: null });
    // What had happened by asOf; a stalled case has reached neither agreement nor closure.
    const events: SyntheticDisputeEvent[] = [];
    for (const e of timeline) {
      if (e.on > this.asOf || (stalled && (e.kind === 'MEDIATED' || e.kind === 'CLOSED'))) break;
      events.push({ kind: e.kind, on: formatDate(e.on), level: e.level, note: e.note });
    }
    return { first, stay: stayOn(first, found)!, kind, found, parties, events };
  }

  /**
   * The first party, then up to parties − 1 others living nearby on the day found: for family and
   * tenancy matters a member of the household (spouse, grown child) or else a relative or co-tenant
   * in the community; for neighbours someone in the community; for the rest, co-workers or business
   * partners, mostly from elsewhere in the district. Fewer parties when nobody fits.
   */
  private parties(rng: Random, p: Plan): string[] {
    const ids = [p.first.id];
    const source = KINDS[p.kind].others;
    const community = this.byCommunity.get(p.stay.communityCode)!;
    const district = this.byDistrict.get(p.stay.districtCode)!;
    for (let k = 1; k < p.parties; k++) {
      let other: Resident | null;
      if (source === 'HOUSEHOLD') other = this.fromHousehold(rng, p, ids) ?? this.fromStays(rng, p, ids, community);
      else if (source === 'COMMUNITY' || rng.chance(0.3)) other = this.fromStays(rng, p, ids, community) ?? this.fromStays(rng, p, ids, district);
      else other = this.fromStays(rng, p, ids, district);
      if (!other) break;
      ids.push(other.id);
    }
    return ids;
  }

  /** Another adult of the household living with the first party on that day (spouse, grown child). */
  private fromHousehold(rng: Random, p: Plan, taken: string[]): Resident | null {
    const members = this.byHousehold
      .get(p.first.householdId)!
      .filter((m) => !taken.includes(m.id) && m.adultFrom <= p.found && stayOn(m, p.found)?.communityCode === p.stay.communityCode);
    return members.length === 0 ? null : rng.pick(members);
  }

  /** An adult of another household whose residence in `stays` covers the day found. */
  private fromStays(rng: Random, p: Plan, taken: string[], stays: Stay[]): Resident | null {
    for (let attempt = 0; attempt < PARTY_ATTEMPTS; attempt++) {
      const s = stays[floor(rng.next() * stays.length)];
      const r = s.resident;
      if (s.from > p.found || s.to < p.found || r.adultFrom > p.found || taken.includes(r.id)) continue;
      if (r.householdId === p.first.householdId) continue;
      return r;
    }
    return null;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
