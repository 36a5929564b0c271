/**
 * The shape of one migrant household: who is in it, born when, arrived when. Names, ids and
 * records are added later (persons.ts); this module only decides the demography.
 */
import { addYears, ageOn, parseDate } from '../kit/dates';
import { Random, WeightedTable } from '../kit/random';
import { Ethnicity, OriginProfile, originTable } from './demography';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (measured ~15x).
const { floor, max, min, round, sqrt } = Math;

export type Sex = 'MALE' | 'FEMALE';
export type HouseholdRole = 'HEAD' | 'SPOUSE' | 'CHILD';

export interface PlannedMember {
  role: HouseholdRole;
  sex: Sex;
  /** Day numbers (see kit/dates.ts). */
  birth: number;
  arrival: number;
  ethnicity: Ethnicity;
}

export interface PlannedHousehold {
  origin: OriginProfile;
  /** Head first, then spouse, then children oldest first. */
  members: PlannedMember[];
}

/** The plan starts in 2013; nobody in the register arrived earlier. */
export const FIRST_ARRIVAL = parseDate('2013-01-01');

const SHARE_WITH_SPOUSE = 0.72;
const SPOUSE_ARRIVES_LATER = 0.22;
const ADULT_AGE = 18;

/** Number of children by household type (index = count). */
const CHILDREN = {
  couple: new WeightedTable([0, 1, 2, 3], (n) => [22, 33, 32, 13][n]),
  mother: new WeightedTable([0, 1, 2], (n) => [50, 32, 18][n]),
  father: new WeightedTable([0, 1, 2], (n) => [82, 13, 5][n]),
};

export function planHousehold(rng: Random, asOf: number): PlannedHousehold {
  const origin = originTable().pick(rng);
  const headEthnicity = origin.ethnicities.pick(rng);
  const arrival = sampleArrival(rng, FIRST_ARRIVAL, asOf);
  const withSpouse = rng.chance(SHARE_WITH_SPOUSE);
  const headSex: Sex = rng.chance(withSpouse ? 0.9 : 0.6) ? 'MALE' : 'FEMALE';
  const headAge = clamp(round(rng.normal(32, 7)), 20, 55);
  const head: PlannedMember = {
    role: 'HEAD',
    sex: headSex,
    birth: birthForAge(rng, arrival, headAge),
    arrival,
    ethnicity: headEthnicity,
  };
  const spouse = withSpouse ? planSpouse(rng, origin, head, asOf) : null;
  const mother = head.sex === 'FEMALE' ? head : spouse;
  const children = planChildren(rng, head, spouse, mother, asOf);
  return { origin, members: [head, ...(spouse ? [spouse] : []), ...children] };
}

/** Arrivals from FIRST_ARRIVAL to asOf; recent years outnumber early ones about three to one. */
export function sampleArrival(rng: Random, from: number, to: number): number {
  const u = rng.chance(0.5) ? rng.next() : sqrt(rng.next());
  return from + floor(u * (to - from + 1));
}

/** A birth date giving exactly `age` completed years on `on`. */
function birthForAge(rng: Random, on: number, age: number): number {
  return rng.int(addYears(on, -(age + 1)) + 1, addYears(on, -age));
}

function planSpouse(rng: Random, origin: OriginProfile, head: PlannedMember, asOf: number): PlannedMember {
  const sex: Sex = head.sex === 'MALE' ? 'FEMALE' : 'MALE';
  // Husbands are on average two years older than wives.
  const husbandOlderDays = round(rng.normal(2, 2.5) * 365);
  const arrival = rng.chance(SPOUSE_ARRIVES_LATER) ? min(asOf, head.arrival + rng.int(30, 730)) : head.arrival;
  let birth = head.sex === 'MALE' ? head.birth + husbandOlderDays : head.birth - husbandOlderDays;
  if (ageOn(birth, arrival) < 19) birth = birthForAge(rng, arrival, 19);
  const ethnicity = rng.chance(0.9) ? head.ethnicity : origin.ethnicities.pick(rng);
  return { role: 'SPOUSE', sex, birth, arrival, ethnicity };
}

function planChildren(rng: Random, head: PlannedMember, spouse: PlannedMember | null, mother: PlannedMember | null, asOf: number): PlannedMember[] {
  const table = spouse ? CHILDREN.couple : head.sex === 'FEMALE' ? CHILDREN.mother : CHILDREN.father;
  const count = table.pick(rng);
  // Without a mother in the household, assume one two years younger than the father.
  const motherBirth = mother ? mother.birth : addYears(head.birth, 2);
  const births: number[] = [];
  let birth = addYears(motherBirth, clamp(round(rng.normal(25, 3.5)), 19, 38)) + rng.int(0, 364);
  for (let k = 0; k < count; k++, birth += rng.int(540, 2190)) {
    if (birth > asOf || ageOn(motherBirth, birth) > 44) break;
    // Children already grown when the parents left stayed behind or live on their own.
    if (ageOn(birth, head.arrival) < ADULT_AGE) births.push(birth);
  }
  // A child born in Yinchuan had both parents there already.
  const firstBornHere = births.find((b) => b >= head.arrival);
  if (spouse && firstBornHere !== undefined && spouse.arrival > firstBornHere) spouse.arrival = firstBornHere;
  const children = births.map((b): PlannedMember => ({
    role: 'CHILD',
    sex: rng.chance(0.52) ? 'MALE' : 'FEMALE',
    birth: b,
    // Born here: arrived at birth; born before: came with the mother (or the lone father).
    arrival: b >= head.arrival ? b : (mother ?? head).arrival,
    ethnicity: spouse && rng.chance(0.5) ? spouse.ethnicity : head.ethnicity,
  }));
  return children;
}

function clamp(value: number, lo: number, hi: number): number {
  return min(hi, max(lo, value));
}
