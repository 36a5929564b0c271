import 'reflect-metadata';
import type { Bureau } from '../kit/bureau';
import { civilAffairsAccess, GEOGRAPHY } from './access';
import { Community } from './entities/community';
import { District } from './entities/district';
import { ServicePoint } from './entities/service-point';
import { Street } from './entities/street';
import { CivilAffairsLoaders, createLoaders } from './loaders';
import { GeographyServicePoints1764000000200 } from './migrations/1764000000200-geography-service-points';
import { CommunityResolver, DistrictResolver, ServicePointResolver, StreetResolver } from './resolvers/geography-resolvers';
import { seedCivilAffairs } from './seed';

/** 市民政局: owner of the geography (district → street → community) and the community service points. */
export const civilAffairs: Bureau<CivilAffairsLoaders> = {
  name: 'civil-affairs',
  title: 'Civil Affairs Bureau (市民政局)',
  defaultPort: 4002,
  entities: [District, Street, Community, ServicePoint],
  migrations: [GeographyServicePoints1764000000200],
  resolvers: [DistrictResolver, StreetResolver, CommunityResolver, ServicePointResolver],
  references: {
    District: { grant: GEOGRAPHY, resolve: (reference, context) => context.loaders.district.load(String(reference.code)) },
    Street: { grant: GEOGRAPHY, resolve: (reference, context) => context.loaders.street.load(String(reference.code)) },
    Community: { grant: GEOGRAPHY, resolve: (reference, context) => context.loaders.community.load(String(reference.code)) },
  },
  access: civilAffairsAccess,
  createLoaders,
  seed: seedCivilAffairs,
};
