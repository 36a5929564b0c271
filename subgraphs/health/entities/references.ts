import { personReference, placeReference } from '../../kit/entity-references';

// Entities of other bureaus that health refers to or adds fields to (kit/entity-references.ts).

export const PersonReference = personReference('health adds their vaccinations');
export type PersonReference = InstanceType<typeof PersonReference>;

export const DistrictReference = placeReference(
  'District',
  'District or county (civil affairs); health adds its clinics, vaccination coverage and follow-up list.',
);
export type DistrictReference = InstanceType<typeof DistrictReference>;

export const CommunityReference = placeReference('Community', 'Community (civil affairs); health adds its clinics and the follow-up list of its children.');
export type CommunityReference = InstanceType<typeof CommunityReference>;

export const CityStatisticsReference = placeReference('CityStatistics', 'Statistics of the whole city (civil affairs); health adds its vaccination coverage.');
export type CityStatisticsReference = InstanceType<typeof CityStatisticsReference>;
