import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../../kit/bulk-insert';
import type { Logger } from '../../kit/logger';
import type { PopulationOptions } from '../../kit/seed';
import { generateGeography, generatePopulation, SyntheticPerson, SyntheticPermit, SyntheticResidence } from '../../synthetic';

type Owned<T> = T & { personId: string };

const PERSON_BATCH = 10_000;

/** Public security's part of the synthetic population: division codes, persons, residences and permits. */
export async function seedPublicSecurity(manager: EntityManager, population: PopulationOptions, log: Logger): Promise<void> {
  const geography = generateGeography(population.seed);
  const divisions = geography.districts.flatMap((district) => [
    { code: district.code, level: 'DISTRICT', parentCode: null },
    ...district.streets.flatMap((street) => [
      { code: street.code, level: 'STREET', parentCode: district.code },
      ...street.communities.map((community) => ({ code: community.code, level: 'COMMUNITY', parentCode: street.code })),
    ]),
  ]);
  await bulkInsert(
    manager,
    'administrative_division',
    [
      { name: 'code', type: 'varchar', value: (d) => d.code },
      { name: 'level', type: 'varchar', value: (d) => d.level },
      { name: 'parent_code', type: 'varchar', value: (d) => d.parentCode },
    ],
    divisions,
  );

  let batch: SyntheticPerson[] = [];
  let loaded = 0;
  for (const person of generatePopulation(population)) {
    batch.push(person);
    if (batch.length === PERSON_BATCH) {
      await insertPersons(manager, batch);
      loaded += batch.length;
      log.debug({ loaded }, 'persons loaded');
      batch = [];
    }
  }
  await insertPersons(manager, batch);
  // Each batch appended its own count rows per community: one row per community left.
  await manager.query('SELECT fold_current_resident_changes()');
  await linkRenewals(manager);
  await manager.query(`
    UPDATE residence_permit SET is_latest = true
    WHERE id IN (SELECT DISTINCT ON (person_id) id FROM residence_permit ORDER BY person_id, valid_from DESC)`);
}

/** A permit that starts within 60 days of the end of the holder's previous one is its renewal (续签), not a new application. */
async function linkRenewals(manager: EntityManager): Promise<void> {
  await manager.query(`
    UPDATE residence_permit rp SET renews_permit_id = chain.previous_id
    FROM (
      SELECT id, lag(id) OVER holder AS previous_id, lag(valid_until) OVER holder AS previous_until, valid_from
      FROM residence_permit WINDOW holder AS (PARTITION BY person_id ORDER BY valid_from)
    ) chain
    WHERE rp.id = chain.id AND chain.previous_id IS NOT NULL AND chain.valid_from <= chain.previous_until + 61`);
}

async function insertPersons(manager: EntityManager, persons: SyntheticPerson[]): Promise<void> {
  await bulkInsert(
    manager,
    'person',
    [
      { name: 'id', type: 'varchar', value: (p) => p.id },
      { name: 'family_name', type: 'varchar', value: (p) => p.familyName },
      { name: 'given_name', type: 'varchar', value: (p) => p.givenName },
      { name: 'sex', type: 'varchar', value: (p) => p.sex },
      { name: 'birth_date', type: 'date', value: (p) => p.birthDate },
      { name: 'ethnicity_code', type: 'varchar', value: (p) => p.ethnicityCode },
      { name: 'origin_region_code', type: 'varchar', value: (p) => p.originRegionCode },
      { name: 'id_card_number', type: 'varchar', value: (p) => p.idCardNumber },
      { name: 'arrival_date', type: 'date', value: (p) => p.arrivalDate },
      { name: 'household_id', type: 'varchar', value: (p) => p.householdId },
    ],
    persons,
  );

  const residences: Owned<SyntheticResidence>[] = persons.flatMap((p) => p.residences.map((r) => ({ ...r, personId: p.id })));
  await bulkInsert(
    manager,
    'residence_registration',
    [
      { name: 'person_id', type: 'varchar', value: (r) => r.personId },
      { name: 'address', type: 'varchar', value: (r) => r.address },
      { name: 'community_code', type: 'varchar', value: (r) => r.communityCode },
      { name: 'street_code', type: 'varchar', value: (r) => r.streetCode },
      { name: 'district_code', type: 'varchar', value: (r) => r.districtCode },
      { name: 'registered_on', type: 'date', value: (r) => r.fromDate },
      { name: 'ended_on', type: 'date', value: (r) => r.toDate },
    ],
    residences,
  );

  const permits: Owned<SyntheticPermit>[] = persons.flatMap((p) => p.permits.map((permit) => ({ ...permit, personId: p.id })));
  await bulkInsert(
    manager,
    'residence_permit',
    [
      { name: 'number', type: 'varchar', value: (p) => p.number },
      { name: 'person_id', type: 'varchar', value: (p) => p.personId },
      { name: 'issued_on', type: 'date', value: (p) => p.issuedOn },
      { name: 'valid_from', type: 'date', value: (p) => p.issuedOn },
      { name: 'valid_until', type: 'date', value: (p) => p.validUntil },
      { name: 'revoked_on', type: 'date', value: (p) => p.revokedOn },
    ],
    permits,
  );
}
