/**
 * The synthetic migrant population: a deterministic stream of invented people, household by
 * household. Every bureau's seeder uses this, so one seed means the same people everywhere.
 */
import { formatDate, parseDate } from '../kit/dates';
import { OpaqueIds } from '../kit/opaque-ids';
import { derive, Random } from '../kit/random';
import type { PopulationOptions } from '../kit/seed';
import { generateGeography } from './geography';
import { FIRST_ARRIVAL, HouseholdRole, planHousehold, PlannedMember, Sex } from './households';
import { IdCardRegistry } from './idcard-registry';
import { familyName, givenName } from './names';
import { PermitOffice, SyntheticPermit } from './permits';
import { Housing, memberResidences, SyntheticResidence } from './residences';

/** A fixed reference date, so the data never depends on the day it is generated. */
export const DEFAULT_AS_OF = '2026-11-01';

export interface SyntheticPerson {
  /** Opaque registry id ('P' + 10 base-32 characters); unrelated to the ID-card number. */
  id: string;
  householdId: string;
  householdRole: HouseholdRole;
  /** For a CHILD, the household head's id; otherwise null. */
  guardianId: string | null;
  familyName: string;
  givenName: string;
  /** familyName + givenName, no space. */
  name: string;
  sex: Sex;
  birthDate: string;
  /** GB/T 3304, 2 digits. */
  ethnicityCode: string;
  /** Code from origin-regions.csv (place of household registration). */
  originRegionCode: string;
  /** 18 characters, GB 11643 layout; the division code is originRegionCode. */
  idCardNumber: string;
  arrivalDate: string;
  /** Oldest first, contiguous; the last is current (toDate null). */
  residences: SyntheticResidence[];
  /** Oldest first, non-overlapping. */
  permits: SyntheticPermit[];
}

/**
 * Streams `size` persons. Households are drawn one after another from one stream, so the first
 * n persons are the same whatever `size` is. Only ID-card uniqueness needs memory (a Set).
 */
export function generatePopulation(options: PopulationOptions): Generator<SyntheticPerson, void, undefined> {
  const { seed, size } = options;
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a number, got ${seed}`);
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`size must be a whole number ≥ 0, got ${size}`);
  const asOf = parseDate(options.asOf ?? DEFAULT_AS_OF);
  if (asOf < FIRST_ARRIVAL) throw new RangeError(`asOf must not precede ${formatDate(FIRST_ARRIVAL)}`);
  return personStream(seed, size, asOf);
}

function* personStream(seed: number, size: number, asOf: number): Generator<SyntheticPerson, void, undefined> {
  const rng = derive(seed, 'population');
  const housing = new Housing(seed, generateGeography(seed));
  const personIds = new OpaqueIds(seed, 'P');
  const householdIds = new OpaqueIds(seed, 'H');
  const idCards = new IdCardRegistry();
  const permits = new PermitOffice(seed);
  let count = 0;
  for (let household = 0; count < size; household++) {
    const plan = planHousehold(rng, asOf);
    const householdId = householdIds.make(household);
    const spells = housing.spells(rng, plan.members[0].arrival, asOf);
    const names = familyNames(rng, plan.members);
    let headId = '';
    for (const member of plan.members) {
      if (count >= size) return;
      const id = personIds.make(count++);
      if (member.role === 'HEAD') headId = id;
      const given = givenName(rng, member.sex);
      const family = names.get(member)!;
      yield {
        id,
        householdId,
        householdRole: member.role,
        guardianId: member.role === 'CHILD' ? headId : null,
        familyName: family,
        givenName: given,
        name: family + given,
        sex: member.sex,
        birthDate: formatDate(member.birth),
        ethnicityCode: member.ethnicity.code,
        originRegionCode: plan.origin.code,
        idCardNumber: idCards.issue(rng, plan.origin.code, member.birth, member.sex),
        arrivalDate: formatDate(member.arrival),
        residences: memberResidences(spells, member.arrival),
        permits: permits.issue(member.arrival, spells, asOf),
      };
    }
  }
}

/** Spouses keep their own family name; children take the father's (the mother's if he is absent). */
function familyNames(rng: Random, members: PlannedMember[]): Map<PlannedMember, string> {
  const names = new Map<PlannedMember, string>();
  for (const m of members) if (m.role !== 'CHILD') names.set(m, familyName(rng, m.ethnicity.nameEn));
  const parents = members.filter((m) => m.role !== 'CHILD');
  const father = parents.find((m) => m.sex === 'MALE') ?? parents[0];
  for (const m of members) if (m.role === 'CHILD') names.set(m, names.get(father)!);
  return names;
}
