/**
 * The education bureau's (市教育局) synthetic data: schools in every district, and (enrolments.ts)
 * the enrolments of migrants' children. Schools come from the shared geography and enrolments from
 * the shared population, so the children here are the same persons public security registers.
 */
import { pad } from '../../kit/dates';
import { derive, Random } from '../../kit/random';
import { generateGeography, GeoCommunity, GeoDistrict } from '../../synthetic';
import { SchoolNamer } from './school-names';
import { LEVELS, SCHOOL_LEVELS, SchoolLevel } from '../entities/school-levels';

export type { SchoolLevel } from '../entities/school-levels';
export { schoolLevelForAge } from '../entities/school-levels';

export type SchoolOwnership = 'PUBLIC' | 'PRIVATE';

export interface SyntheticSchool {
  /** 10 digits: district code (6) + level digit (1 kindergarten … 5 vocational) + serial (3). */
  code: string;
  /** Invented Chinese name, unique in the city. */
  name: string;
  level: SchoolLevel;
  ownership: SchoolOwnership;
  /** GB/T 2260, 6 digits. */
  districtCode: string;
  /** 12 digits, a community of the district. */
  communityCode: string;
  /**
   * Places for migrant children. 0 from generateSchools; generateEnrolments sets it from the
   * active enrolments it places (see assignCapacities).
   */
  capacity: number;
}

/**
 * Schools per community of the district, by level. Yinchuan's urban districts run roughly one
 * kindergarten for every one or two communities, a primary school per three, a junior middle
 * school per eight and a senior high school per twenty; every district has at least one of each.
 */
const SCHOOLS_PER_COMMUNITY: Record<Exclude<SchoolLevel, 'VOCATIONAL'>, number> = {
  KINDERGARTEN: 0.6,
  PRIMARY: 0.35,
  JUNIOR_SECONDARY: 0.12,
  SENIOR_SECONDARY: 0.05,
};

/** Vocational schools are few: one or two per urban district, none or one per county. */
const VOCATIONAL = { urban: [1, 2], county: [0, 1] } as const;

/**
 * Share of public schools. Private kindergartens are common (about 40%), compulsory schooling is
 * mostly public, senior high schools more so. The first school of each level in a district is
 * always public: compulsory-education law makes the district provide one.
 */
const PUBLIC_SHARE: Record<SchoolLevel, number> = {
  KINDERGARTEN: 0.6,
  PRIMARY: 0.8,
  JUNIOR_SECONDARY: 0.8,
  SENIOR_SECONDARY: 0.85,
  VOCATIONAL: 0.75,
};

/** Public kindergartens and primary schools are numbered (第一小学) this often; the rest take an area name. */
const NUMBERED_SHARE = 0.3;

export function generateSchools(seed: number): SyntheticSchool[] {
  const geography = generateGeography(seed);
  const rng = derive(seed, 'education:schools');
  const namer = new SchoolNamer(derive(seed, 'education:school-names'));
  const schools = geography.districts.flatMap((district) => districtSchools(rng, namer, district));
  return schools.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function schoolCount(rng: Random, district: GeoDistrict, communities: number, level: SchoolLevel): number {
  if (level === 'VOCATIONAL') {
    const [lo, hi] = district.kind === 'URBAN_DISTRICT' ? VOCATIONAL.urban : VOCATIONAL.county;
    return rng.int(lo, hi);
  }
  return Math.max(1, Math.round(SCHOOLS_PER_COMMUNITY[level] * communities));
}

function districtSchools(rng: Random, namer: SchoolNamer, district: GeoDistrict): SyntheticSchool[] {
  const communities = district.streets.flatMap((s) => s.communities);
  const urban = district.kind === 'URBAN_DISTRICT';
  const out: SyntheticSchool[] = [];
  for (const level of SCHOOL_LEVELS) {
    const count = schoolCount(rng, district, communities.length, level);
    // Each level spreads over different communities; more schools than communities wrap round.
    const order: GeoCommunity[] = rng.shuffle(communities);
    let numbered = 0;
    for (let i = 0; i < count; i++) {
      const community = order[i % order.length];
      const isPublic = i === 0 || rng.chance(PUBLIC_SHARE[level]);
      const numberIt =
        isPublic &&
        (level === 'JUNIOR_SECONDARY' ||
          level === 'SENIOR_SECONDARY' ||
          ((level === 'KINDERGARTEN' || level === 'PRIMARY') && (numbered === 0 || rng.chance(NUMBERED_SHARE))));
      const name = namer.name({
        districtName: district.nameZh,
        urban,
        level,
        isPublic,
        communityBase: community.nameZh.replace(/社区$/, ''),
        number: numberIt ? ++numbered : null,
      });
      out.push({
        code: district.code + LEVELS[level].digit + pad(i + 1, 3),
        name,
        level,
        ownership: isPublic ? 'PUBLIC' : 'PRIVATE',
        districtCode: district.code,
        communityCode: community.code,
        capacity: 0,
      });
    }
  }
  return out;
}
