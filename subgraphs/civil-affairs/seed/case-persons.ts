/**
 * A migrant as the civil-affairs generators need one: day numbers instead of date strings (parsed
 * once), residence spells clipped to asOf, and the day the person turns 18 (only adults apply for
 * relief or are recorded as parties to a dispute).
 */
import { addYears, parseDate } from '../../kit/dates';
import type { SyntheticPerson } from '../../synthetic';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { min } = Math;

export const ADULT_AGE = 18;

/** One residence, both ends inclusive day numbers, ending at asOf at the latest. */
export interface Stay {
  communityCode: string;
  streetCode: string;
  districtCode: string;
  from: number;
  to: number;
  resident: Resident;
}

export interface Resident {
  id: string;
  householdId: string;
  ethnicityCode: string;
  /** Household registration place (户籍所在地), GB/T 2260: the region of origin of the person's cases. */
  originRegionCode: string;
  arrival: number;
  /** The 18th birthday. */
  adultFrom: number;
  /** Oldest first, contiguous from arrival; empty never (arrival ≤ asOf). */
  stays: Stay[];
}

/** null for a person who arrived after asOf (nothing of theirs can be on record yet). */
export function toResident(person: SyntheticPerson, asOf: number): Resident | null {
  const arrival = parseDate(person.arrivalDate);
  if (arrival > asOf) return null;
  const resident: Resident = {
    id: person.id,
    householdId: person.householdId,
    ethnicityCode: person.ethnicityCode,
    originRegionCode: person.originRegionCode,
    arrival,
    adultFrom: addYears(parseDate(person.birthDate), ADULT_AGE),
    stays: [],
  };
  for (const r of person.residences) {
    const from = parseDate(r.fromDate);
    if (from > asOf) break;
    resident.stays.push({
      communityCode: r.communityCode,
      streetCode: r.streetCode,
      districtCode: r.districtCode,
      from,
      to: r.toDate === null ? asOf : min(asOf, parseDate(r.toDate)),
      resident,
    });
  }
  return resident;
}

/** The residence on a day, or null outside the stay. */
export function stayOn(resident: Resident, day: number): Stay | null {
  for (const s of resident.stays) if (s.from <= day && day <= s.to) return s;
  return null;
}

/** First day the person can be on record as an adult here (arrival or 18th birthday), and asOf. */
export function adultWindow(resident: Resident, asOf: number): { from: number; to: number } | null {
  const from = resident.arrival > resident.adultFrom ? resident.arrival : resident.adultFrom;
  return from <= asOf ? { from, to: asOf } : null;
}
