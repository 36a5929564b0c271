/** Deterministic synthetic population of Yinchuan's migrants, shared by every bureau's seeder. */
export { DEFAULT_AS_OF, DEFAULT_POPULATION_SEED, DEFAULT_POPULATION_SIZE, generatePopulation } from './persons';
export type { PopulationOptions, SyntheticPerson } from './persons';
export type { SyntheticResidence } from './residences';
export type { SyntheticPermit } from './permits';
export type { HouseholdRole, Sex } from './households';
export { deriveCommunityTotal, generateGeography, URBAN_COMMUNITY_WINDOW_CAP_YUAN } from './geography';
export type { GeoCommunity, GeoDistrict, Geography, GeoStreet, ServicePointPlan } from './geography';
export { idCardCheckCharacter, isValidIdCardNumber, parseIdCardNumber } from './idcard';
export type { IdCardParts } from './idcard';
export { loadDistricts, loadEthnicGroups, loadOriginRegions } from './reference';
export type { DistrictKind, DistrictRow, EthnicGroupRow, OriginRegionRow } from './reference';
export { derive, Random, WeightedTable } from './random';
export type { Seed } from './random';
