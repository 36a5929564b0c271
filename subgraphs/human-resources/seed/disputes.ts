/**
 * Labour disputes (劳动争议) brought to the labour inspectorate, mediation or arbitration: a few
 * percent of those who have worked, most over unpaid wages (above all on building sites), then
 * dismissal, missing contracts, work injuries, overtime and unpaid social insurance. About three
 * in four are closed; the rest are recent and still open, in mediation or in arbitration.
 */
import { Random, WeightedTable } from '../../kit/random';
import type { Spell } from './employment';
import type { DisputeKind, DisputeStatus } from './types';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { floor, max, min, round } = Math;

/** Share of ever-employed persons with a dispute (about one in forty). */
const DISPUTE_SHARE = 0.025;
/** Site jobs, and jobs without a contract, give rise to more disputes. */
const SPELL_RISK = { construction: 3, noContract: 1.5 };
const KIND_WEIGHT: Record<DisputeKind, number> = {
  UNPAID_WAGES: 58,
  DISMISSAL: 12,
  NO_CONTRACT: 10,
  WORK_INJURY: 7,
  OVERTIME: 7,
  SOCIAL_INSURANCE: 6,
};
const KINDS = Object.keys(KIND_WEIGHT) as DisputeKind[];
/** Still open on asOf: filed within the last eight months, most of them recently. */
const STILL_OPEN = 0.33;
const OPEN_WINDOW_DAYS = 240;
/** Status of an open case by days since filing: accepted, in mediation, then arbitration. */
const STAGE_DAYS = { open: 14, mediating: 75 };
/** Claims on leaving are filed within weeks; the limitation period for arbitration is one year. */
const AFTER_LEAVING_DAYS = 120;
const LIMITATION_DAYS = 365;
/**
 * Time to close: most are mediated in weeks, arbitration takes 45–150 days (60 by law, extended
 * often), a tenth go on to court.
 */
const CLOSING = new WeightedTable(
  [
    { share: 55, min: 7, max: 60 },
    { share: 35, min: 45, max: 150 },
    { share: 10, min: 150, max: 540 },
  ],
  (c) => c.share,
);
/** Outcomes of closed cases: paid in full, a settlement for part, or lost or withdrawn. */
const OUTCOME = { full: 0.45, partial: 0.35 };
export const CLAIM_BOUNDS = { min: 3000, max: 60000 };

export interface Dispute {
  spell: Spell;
  kind: DisputeKind;
  filed: number;
  claimed: number;
  recovered: number;
  status: DisputeStatus;
  closed: number | null;
}

/** At most one dispute per person (a second is rare enough to leave out). */
export function planDispute(rng: Random, spells: readonly Spell[], asOf: number): Dispute | null {
  if (spells.length === 0 || !rng.chance(DISPUTE_SHARE)) return null;
  const spell = new WeightedTable(
    spells,
    (s) => (s.employer.industry === 'CONSTRUCTION' ? SPELL_RISK.construction : 1) * (s.contractSigned ? 1 : SPELL_RISK.noContract),
  ).pick(rng);
  const kind = new WeightedTable(KINDS, (k) => {
    if (k === 'NO_CONTRACT' && spell.contractSigned) return 0;
    if (k === 'DISMISSAL' && spell.to === null) return 0;
    if (k === 'UNPAID_WAGES' && spell.employer.industry === 'CONSTRUCTION') return KIND_WEIGHT[k] * 1.5;
    return KIND_WEIGHT[k];
  }).pick(rng);

  const end = spell.to ?? asOf;
  const earliest = min(end, spell.from + 30);
  const latest = min(asOf, spell.to === null ? asOf : spell.to + LIMITATION_DAYS);
  // Claims mostly come when the job ends (wages owed at the end of a project, a dismissal).
  let filed = spell.to === null ? earliest + floor(rng.next() * (latest - earliest + 1)) : min(latest, spell.to + rng.int(0, AFTER_LEAVING_DAYS));
  const open = rng.chance(STILL_OPEN) && latest >= asOf - OPEN_WINDOW_DAYS;
  const recent = rng.next();
  if (open) filed = min(latest, max(earliest, asOf - floor(recent * recent * OPEN_WINDOW_DAYS)));
  filed = max(filed, earliest);

  const claimed = claim(rng, kind, spell, end);
  if (open) {
    const days = asOf - filed;
    const status: DisputeStatus = days < STAGE_DAYS.open ? 'OPEN' : days < STAGE_DAYS.mediating ? 'MEDIATING' : 'ARBITRATION';
    return { spell, kind, filed, claimed, recovered: 0, status, closed: null };
  }
  const closing = CLOSING.pick(rng);
  const closed = min(asOf, filed + rng.int(closing.min, closing.max));
  const u = rng.next();
  const recovered = u < OUTCOME.full ? claimed : u < OUTCOME.full + OUTCOME.partial ? round((claimed * (0.4 + 0.5 * rng.next())) / 100) * 100 : 0;
  return { spell, kind, filed, claimed, recovered: min(claimed, recovered), status: 'CLOSED', closed };
}

/** The amount claimed, from the wage and what the claim is for; whole hundreds of yuan. */
function claim(rng: Random, kind: DisputeKind, spell: Spell, end: number): number {
  const wage = spell.wage;
  const years = max(1, round((end - spell.from) / 365));
  let amount: number;
  switch (kind) {
    case 'UNPAID_WAGES': // a few months' wages held back
      amount = wage * (1 + rng.int(0, 3) + rng.int(0, 4) * rng.next());
      break;
    case 'NO_CONTRACT': // double wages for up to 11 months without a written contract
      amount = wage * rng.int(2, 11);
      break;
    case 'DISMISSAL': // twice the statutory severance: two months' wage per year of service
      amount = wage * 2 * years;
      break;
    case 'WORK_INJURY':
      amount = rng.int(15, 60) * 1000;
      break;
    case 'OVERTIME':
      amount = wage * (0.5 + 2.5 * rng.next());
      break;
    case 'SOCIAL_INSURANCE': // the employer's share left unpaid, about a third of the wage a month
      amount = wage * 0.33 * rng.int(6, 36);
      break;
  }
  return min(CLAIM_BOUNDS.max, max(CLAIM_BOUNDS.min, round(amount / 100) * 100));
}
