import { loadOriginRegions } from './reference-data';

/**
 * A measure counted by household registration place (户籍所在地), the region of origin of the origin report, e.g.
 * `registeredMigrants@origin:620000`; month by month `registeredMigrants@origin:620000@2024-05`.
 */
export const byOrigin = (measure: string, region: string) => `${measure}@origin:${region}`;

/**
 * The region of records kept without an origin (cases or enrolments from before it was asked): never shown, but part
 * of every sum by origin, so that the regions shown add up to the whole only with it.
 */
export const UNRECORDED_ORIGIN = 'unrecorded';

/** A measure in every region of origin. */
export const inEveryRegion = (measure: string) => loadOriginRegions().map((region) => byOrigin(measure, region.code));

/** The parts of a measure by origin: every region of origin, and the records with none. */
export const originParts = (measure: string) => [...inEveryRegion(measure), byOrigin(measure, UNRECORDED_ORIGIN)];
