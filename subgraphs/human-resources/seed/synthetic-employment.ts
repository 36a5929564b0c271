/**
 * The Human Resources and Social Security Bureau's (市人社局) synthetic data: employers, and each
 * migrant's jobs, social insurance, training, visits to employment services and labour disputes.
 * Everything is laid over the shared population (the same persons, arrivals and residences every
 * bureau sees) with the kit's PRNG streams, one per concern, so adding a draw to one part never
 * shifts another.
 */
import { formatDate, parseDate } from '../../kit/dates';
import { derive } from '../../kit/random';
import { DEFAULT_AS_OF, generateGeography, SyntheticPerson } from '../../synthetic';
import { planDispute } from './disputes';
import { employersIn } from './employers';
import { LabourMarket, planSpells } from './employment';
import { planInsurance } from './insurance';
import { planServices } from './services';
import { trainingProviders, TrainingPlanner } from './training';
import type {
  SyntheticEmployment,
  SyntheticEmploymentService,
  SyntheticHumanResources,
  SyntheticInsurance,
  SyntheticLabourDispute,
  SyntheticTraining,
} from './types';
import { ADULT_AGE, isWorkingAgeAdult, toWorker } from './worker';

export type * from './types';
export { INDUSTRIES, INSURANCE_TYPES } from './types';
export { creditCodeCheckCharacter, isValidCreditCode, organisationCodeCheckCharacter } from './credit-code';
export { generateEmployers } from './employers';

export interface HumanResourcesOptions {
  seed: number;
  /** 'YYYY-MM-DD'; defaults to the generator's DEFAULT_AS_OF. Nothing is dated after it. */
  asOf?: string;
}

/**
 * The bureau's records for `persons` (in their order, each person's oldest first). Persons who
 * arrived after asOf have none. Streams one pass over the persons, so 300,000 take a few seconds.
 */
export function generateHumanResources(persons: Iterable<SyntheticPerson>, options: HumanResourcesOptions): SyntheticHumanResources {
  const { seed } = options;
  const asOf = parseDate(options.asOf ?? DEFAULT_AS_OF);
  const geography = generateGeography(seed);
  const employers = employersIn(seed, geography);
  const counties = new Set(geography.districts.filter((d) => d.kind !== 'URBAN_DISTRICT').map((d) => d.code));
  const market = new LabourMarket(employers, counties);
  const training = new TrainingPlanner(
    trainingProviders(
      seed,
      geography.districts.map((d) => d.nameZh),
    ),
  );
  const rng = {
    worker: derive(seed, 'human-resources:working-life'),
    employment: derive(seed, 'human-resources:employment'),
    insurance: derive(seed, 'human-resources:insurance'),
    training: derive(seed, 'human-resources:training'),
    services: derive(seed, 'human-resources:services'),
    disputes: derive(seed, 'human-resources:disputes'),
  };

  const employments: SyntheticEmployment[] = [];
  const insurance: SyntheticInsurance[] = [];
  const trainings: SyntheticTraining[] = [];
  const services: SyntheticEmploymentService[] = [];
  const disputes: SyntheticLabourDispute[] = [];

  for (const person of persons) {
    const worker = toWorker(rng.worker, person, asOf);
    if (worker.arrival > asOf || worker.workFrom > worker.workTo) continue; // not (yet) of working age here
    const personId = person.id;
    const spells = planSpells(rng.employment, market, worker, asOf);
    for (const s of spells) {
      employments.push({
        personId,
        employerCode: s.employer.code,
        jobTitle: s.jobTitle,
        startDate: formatDate(s.from),
        endDate: s.to === null ? null : formatDate(s.to),
        monthlyWageYuan: s.wage,
        weeklyHours: s.hours,
        contractSigned: s.contractSigned,
        contractType: s.contractType,
      });
    }
    for (const c of planInsurance(rng.insurance, spells, asOf)) {
      insurance.push({
        personId,
        type: c.type,
        status: c.status,
        startDate: formatDate(c.start),
        endDate: c.end === null ? null : formatDate(c.end),
      });
    }
    if (isWorkingAgeAdult(worker)) {
      for (const c of training.plan(rng.training, worker, spells)) {
        trainings.push({
          personId,
          course: c.course,
          kind: c.kind,
          provider: c.provider,
          startDate: formatDate(c.start),
          endDate: formatDate(c.end),
          completed: c.completed,
          certificate: c.certificate,
        });
      }
    }
    if (worker.ageNow >= ADULT_AGE) {
      for (const v of planServices(rng.services, worker, spells, asOf)) {
        services.push({ personId, date: formatDate(v.day), kind: v.kind, outcome: v.outcome });
      }
    }
    const d = planDispute(rng.disputes, spells, asOf);
    if (d) {
      disputes.push({
        personId,
        employerCode: d.spell.employer.code,
        kind: d.kind,
        filedOn: formatDate(d.filed),
        amountClaimedYuan: d.claimed,
        amountRecoveredYuan: d.recovered,
        status: d.status,
        closedOn: d.closed === null ? null : formatDate(d.closed),
      });
    }
  }
  return { employers, employments, insurance, trainings, services, disputes };
}
