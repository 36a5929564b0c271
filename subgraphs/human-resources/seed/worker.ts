/**
 * A person as the bureau sees them: day numbers parsed once, the stretch of their stay in which they
 * could work, and where they lived on a given day. Shared by every part of the generator.
 */
import { addYears, ageOn, parseDate } from '../../kit/dates';
import type { Random } from '../../kit/random';
import type { HouseholdRole, SyntheticPerson } from '../../synthetic';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { floor, max, min } = Math;

/** Statutory retirement age for men, and the upper end of the working age the plan counts. */
export const RETIREMENT_AGE = 60;
export const ADULT_AGE = 18;
/** The legal minimum working age: a few grown children start at 16 or 17. */
export const MIN_WORKING_AGE = 16;
/** Share of grown children who left school to work before 18. */
const EARLY_STARTERS = 0.08;

export interface Stay {
  from: number;
  districtCode: string;
  communityCode: string;
}

export interface Worker {
  person: SyntheticPerson;
  role: HouseholdRole;
  birth: number;
  arrival: number;
  /** Completed years on asOf. */
  ageNow: number;
  /** Residences up to asOf, oldest first (each runs until the next one's `from`). */
  stays: Stay[];
  /** First and last day the person could work here: from arrival (and their start age) to 60 or asOf. Empty when from > to. */
  workFrom: number;
  workTo: number;
}

/**
 * Grown children mostly start work at 18 or after some years of further schooling; a few at 16.
 * Heads and spouses (all at least 19 on arrival) can work from arrival.
 */
function workStart(rng: Random, role: HouseholdRole, birth: number): number {
  if (role !== 'CHILD') return addYears(birth, ADULT_AGE);
  if (rng.chance(EARLY_STARTERS)) return addYears(birth, MIN_WORKING_AGE) + rng.int(0, 700);
  const u = rng.next();
  return addYears(birth, ADULT_AGE) + floor(u * u * 5 * 365); // up to about five years of study
}

export function toWorker(rng: Random, person: SyntheticPerson, asOf: number): Worker {
  const birth = parseDate(person.birthDate);
  const arrival = parseDate(person.arrivalDate);
  const stays: Stay[] = [];
  for (const r of person.residences) {
    const from = parseDate(r.fromDate);
    if (from > asOf) break;
    stays.push({ from, districtCode: r.districtCode, communityCode: r.communityCode });
  }
  const start = workStart(rng, person.householdRole, birth);
  return {
    person,
    role: person.householdRole,
    birth,
    arrival,
    ageNow: ageOn(birth, asOf),
    stays,
    workFrom: max(arrival, start),
    workTo: min(asOf, addYears(birth, RETIREMENT_AGE) - 1),
  };
}

/** Where the person lived on a day (the first residence for a day before arrival). */
export function stayOn(worker: Worker, day: number): Stay {
  const stays = worker.stays;
  let i = 0;
  while (i + 1 < stays.length && stays[i + 1].from <= day) i++;
  return stays[i];
}

/** 18–60 on asOf: the working-age adults the bureau's rates are counted on. */
export function isWorkingAgeAdult(worker: Worker): boolean {
  return worker.ageNow >= ADULT_AGE && worker.ageNow < RETIREMENT_AGE;
}
