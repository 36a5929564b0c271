import { generateGeography, generatePopulation, Geography, SyntheticPermit, SyntheticPerson, SyntheticResidence } from '../../subgraphs/synthetic';
import { today } from '../../subgraphs/kit/dates';
import { TEST_POPULATION } from './federation';

// Expected answers computed straight from the generator, independently of the SQL under test.

let cached: SyntheticPerson[] | undefined;
let geography: Geography | undefined;
let names: Map<string, string> | undefined;

export function testPopulation(): SyntheticPerson[] {
  cached ??= [...generatePopulation(TEST_POPULATION)];
  return cached;
}

export function testGeography(): Geography {
  geography ??= generateGeography(TEST_POPULATION.seed);
  return geography;
}

/** The districts, in the order the graph lists them (by code). */
export function districtsByCode() {
  return [...testGeography().districts].sort((a, b) => a.code.localeCompare(b.code));
}

/** The name of a district, street or community, as civil affairs keeps it. */
export function placeName(code: string): string {
  if (!names) {
    names = new Map();
    for (const district of testGeography().districts) {
      names.set(district.code, district.nameZh);
      for (const street of district.streets) {
        names.set(street.code, street.nameZh);
        for (const community of street.communities) names.set(community.code, community.nameZh);
      }
    }
  }
  return names.get(code)!;
}

export function currentResidenceOf(person: SyntheticPerson) {
  return person.residences[person.residences.length - 1];
}

/**
 * Held on a day, as the releases count it: from its start date to its end date, both included. The end dates of
 * residences, enrolments, jobs and insurance, the generator's like those the mutations write, are the last day on.
 */
export const heldOn = (day: string, start: string, end: string | null) => start <= day && (end === null || end >= day);

/** The registration a person is counted at on a day, by the statistics (see heldOn). */
export function residenceOn(person: SyntheticPerson, day: string): SyntheticResidence | undefined {
  return person.residences.find((r) => heldOn(day, r.fromDate, r.toDate));
}

/** A permit's status on a day, by the rules of the residence-permit office. */
export function permitStatusOn(permit: SyntheticPermit, day: string): string {
  if (permit.revokedOn !== null && permit.revokedOn <= day) return 'REVOKED';
  if (permit.validUntil < day) return 'EXPIRED';
  if (permit.issuedOn > day) return 'NOT_YET_VALID';
  return 'VALID';
}

/** The status today of the person's latest permit. */
export function latestPermitStatus(person: SyntheticPerson): string | null {
  const latest = person.permits[person.permits.length - 1];
  return latest ? permitStatusOn(latest, today()) : null;
}
