import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../../kit/bulk-insert';
import type { Logger } from '../../kit/logger';
import type { PopulationOptions } from '../../kit/seed';
import { generateGeography } from '../../synthetic';
import { seedCases } from './cases';

/**
 * Civil affairs' part of the synthetic data: the geography below the district, the service points, and the relief
 * cases, dispute files and service-point activity of the population.
 */
export async function seedCivilAffairs(manager: EntityManager, population: PopulationOptions, log: Logger): Promise<void> {
  const geography = generateGeography(population.seed);
  const streets = geography.districts.flatMap((d) => d.streets);
  const communities = streets.flatMap((s) => s.communities);
  await bulkInsert(
    manager,
    'district',
    [
      { name: 'code', type: 'varchar', value: (d) => d.code },
      { name: 'name_zh', type: 'varchar', value: (d) => d.nameZh },
      { name: 'name_en', type: 'varchar', value: (d) => d.nameEn },
      { name: 'kind', type: 'varchar', value: (d) => d.kind },
    ],
    geography.districts,
  );
  await bulkInsert(
    manager,
    'street',
    [
      { name: 'code', type: 'varchar', value: (s) => s.code },
      { name: 'name_zh', type: 'varchar', value: (s) => s.nameZh },
      { name: 'district_code', type: 'varchar', value: (s) => s.districtCode },
    ],
    streets,
  );
  await bulkInsert(
    manager,
    'community',
    [
      { name: 'code', type: 'varchar', value: (c) => c.code },
      { name: 'name_zh', type: 'varchar', value: (c) => c.nameZh },
      { name: 'street_code', type: 'varchar', value: (c) => c.streetCode },
      { name: 'district_code', type: 'varchar', value: (c) => c.districtCode },
    ],
    communities,
  );
  await bulkInsert(
    manager,
    'service_point',
    [
      { name: 'community_code', type: 'varchar', value: (p) => p.communityCode },
      { name: 'name_zh', type: 'varchar', value: (p) => p.nameZh },
      { name: 'opened_year', type: 'int', value: (p) => p.openedYear },
      { name: 'funding_yuan', type: 'numeric', value: (p) => p.fundingYuan },
      { name: 'city_share_yuan', type: 'numeric', value: (p) => p.cityShareYuan },
      { name: 'district_share_yuan', type: 'numeric', value: (p) => p.districtShareYuan },
    ],
    geography.servicePoints,
  );
  log.info({ cases: await seedCases(manager, population) }, 'relief and dispute cases seeded');
}
