import { placeReference } from '../../kit/entity-references';

// The geography belongs to civil affairs; public security only holds the codes and returns references
// (kit/entity-references.ts).

export const CommunityReference = placeReference('Community', 'Community (社区), owned by civil affairs; public security adds the people registered there.');
export type CommunityReference = InstanceType<typeof CommunityReference>;

export const StreetReference = placeReference(
  'Street',
  'Street office or town (街道/镇), owned by civil affairs; public security adds its registration figures.',
);
export type StreetReference = InstanceType<typeof StreetReference>;

export const DistrictReference = placeReference(
  'District',
  'District or county (区/县), owned by civil affairs; public security adds its registration figures.',
);
export type DistrictReference = InstanceType<typeof DistrictReference>;

export const CityStatisticsReference = placeReference(
  'CityStatistics',
  'Statistics of the whole city (全市统计), owned by civil affairs; public security adds its registration figures.',
);
export type CityStatisticsReference = InstanceType<typeof CityStatisticsReference>;
