import { originReportReference, personReference, placeReference } from '../../kit/entity-references';

// Entities of other bureaus that human resources refers to or adds fields to (kit/entity-references.ts).

export const PersonReference = personReference('human resources adds their work, insurance, training and disputes');
export type PersonReference = InstanceType<typeof PersonReference>;

export const DistrictReference = placeReference('District', 'District or county (civil affairs); human resources adds its employment figures.');
export type DistrictReference = InstanceType<typeof DistrictReference>;

export const CommunityReference = placeReference('Community', 'Community (civil affairs); human resources adds its employment figures.');
export type CommunityReference = InstanceType<typeof CommunityReference>;

export const CityStatisticsReference = placeReference(
  'CityStatistics',
  'Statistics of the whole city (civil affairs); human resources adds its employment figures.',
);
export type CityStatisticsReference = InstanceType<typeof CityStatisticsReference>;

export const OriginReportReference = originReportReference(
  'human resources adds the migrants from there registered with the employment service: with a labour contract, insured, trained',
);
export type OriginReportReference = InstanceType<typeof OriginReportReference>;
