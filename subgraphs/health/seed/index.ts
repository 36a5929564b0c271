import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../../kit/bulk-insert';
import type { Logger } from '../../kit/logger';
import type { PopulationOptions } from '../../kit/seed';
import { generatePopulation } from '../../synthetic';
import { generateHealth } from './synthetic-vaccinations';

/** Health's part of the synthetic population: clinics, the register of children under seven, their doses. */
export async function seedHealth(manager: EntityManager, population: PopulationOptions, log: Logger): Promise<void> {
  const { clinics, children, vaccinations } = generateHealth(generatePopulation(population), { seed: population.seed, asOf: population.asOf });
  await bulkInsert(
    manager,
    'clinic',
    [
      { name: 'code', type: 'varchar', value: (c) => c.code },
      { name: 'name', type: 'varchar', value: (c) => c.name },
      { name: 'district_code', type: 'varchar', value: (c) => c.districtCode },
      { name: 'community_code', type: 'varchar', value: (c) => c.communityCode },
    ],
    clinics,
  );
  await bulkInsert(
    manager,
    'registered_child',
    [
      { name: 'child_id', type: 'varchar', value: (c) => c.childId },
      { name: 'birth_date', type: 'date', value: (c) => c.birthDate },
      { name: 'community_code', type: 'varchar', value: (c) => c.communityCode },
      { name: 'district_code', type: 'varchar', value: (c) => c.communityCode.slice(0, 6) },
      { name: 'registered_on', type: 'date', value: (c) => c.registeredOn },
    ],
    children,
  );
  await bulkInsert(
    manager,
    'vaccination',
    [
      { name: 'child_id', type: 'varchar', value: (v) => v.childId },
      { name: 'vaccine', type: 'varchar', value: (v) => v.vaccine },
      { name: 'dose', type: 'smallint', value: (v) => v.dose },
      { name: 'vaccinated_on', type: 'date', value: (v) => v.vaccinatedOn },
      { name: 'clinic_code', type: 'varchar', value: (v) => v.clinicCode },
    ],
    vaccinations,
  );
  log.info({ clinics: clinics.length, children: children.length, vaccinations: vaccinations.length }, 'health seeded');
}
