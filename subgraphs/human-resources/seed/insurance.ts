/**
 * Social insurance (五险) of migrants who have worked. An employer with a written contract
 * usually enrols its staff in a bundle (medical first, pension, then unemployment and maternity),
 * and on sites work-injury insurance is taken out per project even without a contract
 * (按项目参保). Without an employer, some enrol in medical and pension insurance themselves
 * (灵活就业人员参保). Target shares of ever-employed persons: medical ~70%, pension ~55%, work
 * injury ~50%, unemployment ~40%, maternity ~35%.
 */
import type { Random } from '../../kit/random';
import type { Spell } from './employment';
import type { Industry, InsuranceStatus, InsuranceType } from './types';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { floor, max, min } = Math;

/**
 * Chance an employer with a contract enrols the worker in each type. One draw decides the bundle,
 * so the types nest the way employers' choices do: whoever has maternity has unemployment, pension
 * and medical too.
 */
const EMPLOYER_BUNDLE: Record<Exclude<InsuranceType, 'WORK_INJURY'>, number> = {
  MEDICAL: 0.73,
  PENSION: 0.62,
  UNEMPLOYMENT: 0.52,
  MATERNITY: 0.46,
};
/** Work injury with a contract: near-universal in the risky trades, less elsewhere. */
const WORK_INJURY_WITH_CONTRACT = { risky: 0.8, other: 0.46 };
const RISKY: ReadonlySet<Industry> = new Set(['CONSTRUCTION', 'MANUFACTURING', 'HALAL_FOOD_PROCESSING']);
/** A site job without a contract, covered by the project's work-injury policy. */
const PROJECT_WORK_INJURY = 0.5;
/** Enrolling oneself when no employer does. */
const SELF_ENROLMENT = { MEDICAL: 0.33, PENSION: 0.13 };
/** Employers register new staff within 30 days, some later. */
const ENROLMENT_LAG_MAX_DAYS = 60;
/** Still paying while employed: some employers fall into arrears (suspended). */
const EMPLOYER_KEEPS_PAYING = 0.94;
/** Self-enrolled: keep paying while working / when not. */
const SELF_KEEPS_PAYING = { working: 0.8, idle: 0.55 };
/** After the job ends, accounts are mostly suspended (kept for later), some closed or moved out. */
const TERMINATED_SHARE = 0.3;

export interface Coverage {
  type: InsuranceType;
  status: InsuranceStatus;
  start: number;
  end: number | null;
}

/** The person's insurance records, in INSURANCE_TYPES order; empty without any job. */
export function planInsurance(rng: Random, spells: readonly Spell[], asOf: number): Coverage[] {
  // Fixed draws per person, whatever their jobs.
  const bundle = rng.next();
  const injury = rng.next();
  const selfMedical = rng.next();
  const selfPension = rng.next();
  const lag = rng.int(0, ENROLMENT_LAG_MAX_DAYS);
  const arrears = !rng.chance(EMPLOYER_KEEPS_PAYING);
  const closing = rng.chance(TERMINATED_SHARE);
  const keepsSelf = rng.next();
  const stopDay = rng.next();
  const selfStart = rng.next();
  if (spells.length === 0) return [];

  const last = spells[spells.length - 1];
  const working = last.to === null;
  const contracted = spells.filter((s) => s.contractSigned);
  const out: Coverage[] = [];
  const startIn = (s: Spell) => min(s.to ?? asOf, s.from + lag);

  /** Employer-paid: active while the current job has a contract (and the employer pays). */
  const employerPaid = (type: InsuranceType, first: Spell, lastCovered: Spell): void => {
    const start = startIn(first);
    if (lastCovered.to === null && !arrears) {
      out.push({ type, status: 'ACTIVE', start, end: null });
      return;
    }
    const end = lastCovered.to ?? start + floor(stopDay * (asOf - start));
    out.push({ type, status: closing ? 'TERMINATED' : 'SUSPENDED', start, end });
  };
  /** Self-enrolled: paid on from some time in the first job, sometimes stopped. */
  const selfPaid = (type: InsuranceType): void => {
    const first = spells[0];
    const start = min(asOf, first.from + floor(selfStart * 2 * 365));
    if (keepsSelf < (working ? SELF_KEEPS_PAYING.working : SELF_KEEPS_PAYING.idle)) {
      out.push({ type, status: 'ACTIVE', start, end: null });
      return;
    }
    const end = start + floor(stopDay * (asOf - start));
    out.push({ type, status: 'SUSPENDED', start, end });
  };

  const firstContract = contracted[0];
  const lastContract = contracted[contracted.length - 1];
  for (const type of ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY'] as const) {
    if (type === 'WORK_INJURY') {
      const riskyContract = contracted.some((s) => RISKY.has(s.employer.industry));
      const site = spells.filter((s) => !s.contractSigned && s.employer.industry === 'CONSTRUCTION');
      if (firstContract && injury < (riskyContract ? WORK_INJURY_WITH_CONTRACT.risky : WORK_INJURY_WITH_CONTRACT.other)) {
        employerPaid(type, firstContract, lastContract);
      } else if (site.length > 0 && injury < PROJECT_WORK_INJURY) {
        // Cover lasts as long as the project job: active on a current site, closed when it ended.
        const start = startIn(site[0]);
        const lastSite = site[site.length - 1];
        if (lastSite.to === null) out.push({ type, status: 'ACTIVE', start, end: null });
        else out.push({ type, status: 'TERMINATED', start, end: max(start, lastSite.to) });
      }
      continue;
    }
    if (firstContract && bundle < EMPLOYER_BUNDLE[type]) employerPaid(type, firstContract, lastContract);
    else if (type === 'MEDICAL' && selfMedical < SELF_ENROLMENT.MEDICAL) selfPaid(type);
    else if (type === 'PENSION' && selfPension < SELF_ENROLMENT.PENSION) selfPaid(type);
  }
  return out;
}
