/**
 * Public employment services (公共就业服务) at the district job centres and community service
 * points: about three adults in ten used them once to three times. A referral that led to a job
 * is dated shortly (3–60 days) before that job began; others were not placed, or are still pending
 * when recent. Career guidance and policy consultations end in advice.
 */
import { Random, WeightedTable } from '../../kit/random';
import type { Spell } from './employment';
import type { ServiceKind, ServiceOutcome } from './types';
import type { Worker } from './worker';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { floor, max } = Math;

export const SERVICE_USER_SHARE = 0.3;
const VISITS = new WeightedTable([1, 2, 3], (n) => [60, 28, 12][n - 1]);
const KINDS = new WeightedTable<ServiceKind>(['JOB_REFERRAL', 'CAREER_GUIDANCE', 'POLICY_CONSULTATION'], (k) =>
  k === 'JOB_REFERRAL' ? 55 : k === 'CAREER_GUIDANCE' ? 18 : 27,
);
/** Share of referrals that found the person a job (when they later had one to find). */
const PLACED = 0.5;
const PLACED_LEAD_DAYS = { min: 3, max: 60 };
/** A referral in the last 30 days is still open. */
const PENDING_DAYS = 30;

export interface Visit {
  day: number;
  kind: ServiceKind;
  outcome: ServiceOutcome;
}

/** One adult's visits, oldest first; usually none. */
export function planServices(rng: Random, worker: Worker, spells: readonly Spell[], asOf: number): Visit[] {
  if (worker.workFrom > worker.workTo || !rng.chance(SERVICE_USER_SHARE)) return [];
  const count = VISITS.pick(rng);
  const unplaced = spells.slice();
  const visits: Visit[] = [];
  const span = worker.workTo - worker.workFrom + 1;
  for (let k = 0; k < count; k++) {
    const kind = KINDS.pick(rng);
    if (kind === 'JOB_REFERRAL' && unplaced.length > 0 && rng.chance(PLACED)) {
      const spell = unplaced.splice(rng.int(0, unplaced.length - 1), 1)[0];
      const lead = rng.int(PLACED_LEAD_DAYS.min, PLACED_LEAD_DAYS.max);
      visits.push({ day: max(worker.workFrom, spell.from - lead), kind, outcome: 'PLACED' });
      continue;
    }
    const day = worker.workFrom + floor(rng.next() * span);
    const outcome: ServiceOutcome = kind !== 'JOB_REFERRAL' ? 'ADVISED' : asOf - day < PENDING_DAYS ? 'PENDING' : 'NOT_PLACED';
    visits.push({ day, kind, outcome });
  }
  return visits.sort((a, b) => a.day - b.day);
}
