/** Deterministic synthetic population of Yinchuan's migrants, shared by every bureau's seeder. */
export { DEFAULT_AS_OF, generatePopulation } from './persons';
export type { SyntheticPerson } from './persons';
export type { SyntheticResidence } from './residences';
export type { SyntheticPermit } from './permits';
export type { HouseholdRole, Sex } from './households';
export { deriveCommunityTotal, generateGeography } from './geography';
export type { GeoCommunity, GeoDistrict, Geography, GeoStreet, ServicePointPlan } from './geography';
