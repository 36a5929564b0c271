import { generatePopulation, SyntheticPerson } from '../../subgraphs/kit/population';
import { today } from '../../subgraphs/kit/dates';
import { TEST_POPULATION } from './federation';

// Expected answers computed straight from the generator, independently of the SQL under test.

let cached: SyntheticPerson[] | undefined;

export function testPopulation(): SyntheticPerson[] {
  cached ??= [...generatePopulation(TEST_POPULATION)];
  return cached;
}

export function currentResidenceOf(person: SyntheticPerson) {
  return person.residences[person.residences.length - 1];
}

/** The status today of the person's latest permit, by the rules of the residence-permit office. */
export function latestPermitStatus(person: SyntheticPerson): string | null {
  const latest = person.permits[person.permits.length - 1];
  if (!latest) return null;
  const day = today();
  if (latest.revokedOn !== null && latest.revokedOn <= day) return 'REVOKED';
  if (latest.validUntil < day) return 'EXPIRED';
  if (latest.issuedOn > day) return 'NOT_YET_VALID';
  return 'VALID';
}
