/**
 * Invented administrative geography of Yinchuan below the district level (streets/towns and
 * communities, coded as in GB/T 10114), plus the roll-out of community service points.
 * District codes and the plan's targets come from the reference CSV.
 */
import { pad } from '../kit/dates';
import { derive, Random } from '../kit/random';
import { DistrictKind, DistrictRow, loadDistricts } from '../kit/reference-data';
import { uniquePlaceBase } from './names';

export interface GeoCommunity {
  /** 12 digits: street code + 3. */
  code: string;
  nameZh: string;
  streetCode: string;
  districtCode: string;
}

export interface GeoStreet {
  /** 9 digits: district code + 3 (001–099 街道, 101–199 镇, as in GB/T 10114). */
  code: string;
  nameZh: string;
  districtCode: string;
  communities: GeoCommunity[];
}

export interface GeoDistrict {
  /** GB/T 2260, 6 digits. */
  code: string;
  nameZh: string;
  nameEn: string;
  kind: DistrictKind;
  communityTotal: number;
  streets: GeoStreet[];
}

/** A community service point (服务站 / 服务窗口) for migrants: when it opened and what it cost. */
export interface ServicePointPlan {
  communityCode: string;
  nameZh: string;
  openedYear: number;
  /** Whole yuan. */
  fundingYuan: number;
  cityShareYuan: number;
  districtShareYuan: number;
}

export interface Geography {
  districts: GeoDistrict[];
  /** One per community, ordered by opening year then community code. */
  servicePoints: ServicePointPlan[];
}

const COMMUNITIES_PER_STREET = { min: 5, max: 8 };

/**
 * The plan gives platform counts per year and the share of communities they should reach, not
 * community totals. For each year with both a count and a share, cumulative count / share
 * estimates the total; we average those estimates and round. Years after the last count column
 * (2017: "all the rest") are skipped because their cumulative count is unknown.
 * Xingqing: 11/0.15, 37/0.50, 51/0.70 → 73.3, 74, 72.9 → 73.
 */
export function deriveCommunityTotal(row: DistrictRow): number {
  const lastCountYear = Math.max(...row.newPlatforms.map((p) => p.year));
  const estimates = row.targetShares.filter((t) => t.year <= lastCountYear && t.share > 0).map((t) => cumulativePlatforms(row, t.year) / t.share);
  if (estimates.length === 0) throw new Error(`No count with a share for district ${row.code}`);
  return Math.round(estimates.reduce((a, b) => a + b, 0) / estimates.length);
}

function cumulativePlatforms(row: DistrictRow, year: number): number {
  return row.newPlatforms.filter((p) => p.year <= year).reduce((sum, p) => sum + p.count, 0);
}

export function generateGeography(seed: number): Geography {
  const rng = derive(seed, 'geography');
  const usedNames = new Set<string>();
  const rows = loadDistricts();
  const districts = rows.map((row) => buildDistrict(rng, row, usedNames));
  const servicePoints = planServicePoints(seed, rows, districts);
  return { districts, servicePoints };
}

function buildDistrict(rng: Random, row: DistrictRow, usedNames: Set<string>): GeoDistrict {
  const communityTotal = deriveCommunityTotal(row);
  const urban = row.kind === 'URBAN_DISTRICT';
  const streets = streetSizes(rng, communityTotal).map((size, i): GeoStreet => {
    const code = row.code + pad((urban ? 1 : 101) + i, 3);
    const communities = Array.from({ length: size }, (_, j) => ({
      code: code + pad(j + 1, 3),
      nameZh: uniquePlaceBase(rng, usedNames) + '社区',
      streetCode: code,
      districtCode: row.code,
    }));
    const nameZh = uniquePlaceBase(rng, usedNames) + (urban ? '街道' : '镇');
    return { code, nameZh, districtCode: row.code, communities };
  });
  return { code: row.code, nameZh: row.nameZh, nameEn: row.nameEn, kind: row.kind, communityTotal, streets };
}

/** Splits a district's communities into streets of 5–8 (fewer only if the district is smaller). */
function streetSizes(rng: Random, total: number): number[] {
  const { min, max } = COMMUNITIES_PER_STREET;
  const fewest = Math.max(1, Math.ceil(total / max));
  const most = Math.max(fewest, Math.floor(total / min));
  // Aim for about 6.5 per street, varying a little between districts.
  const count = Math.min(most, Math.max(fewest, Math.round(total / (5.5 + 2 * rng.next()))));
  const sizes = Array.from({ length: count }, (_, i) => Math.floor(total / count) + (i < total % count ? 1 : 0));
  // Shuffle communities between streets for variety, staying within the bounds.
  for (let k = 0; k < count * 2; k++) {
    const from = rng.int(0, count - 1);
    const to = rng.int(0, count - 1);
    if (from !== to && sizes[from] > min && sizes[to] < max) {
      sizes[from]--;
      sizes[to]++;
    }
  }
  return sizes;
}

type Pace = 'AHEAD' | 'ON_PLAN' | 'BEHIND';

/**
 * Service points follow the plan's yearly counts, with the rest in the final year, then each
 * district gets a pace: some run a year ahead for part of their communities, some a year behind
 * (so a few communities only open in 2018). Pilots (2013) always happened on time.
 */
function planServicePoints(seed: number, rows: readonly DistrictRow[], districts: GeoDistrict[]): ServicePointPlan[] {
  const rng = derive(seed, 'service-points');
  const paces = rng.shuffle(rows.map((_, i): Pace => (['AHEAD', 'ON_PLAN', 'BEHIND'] as const)[i % 3]));
  const points: ServicePointPlan[] = [];
  rows.forEach((row, i) => {
    const district = districts[i];
    const communities = rng.shuffle(district.streets.flatMap((s) => s.communities));
    const years = plannedYears(row, communities.length);
    applyPace(rng, years, row, paces[i]);
    communities.forEach((community, j) => {
      points.push(servicePoint(rng, community, district.kind, years[j]));
    });
  });
  return points.sort((a, b) => a.openedYear - b.openedYear || a.communityCode.localeCompare(b.communityCode));
}

/** Opening years on plan for `total` communities (already in random order). */
function plannedYears(row: DistrictRow, total: number): number[] {
  const years: number[] = [];
  for (const { year, count } of row.newPlatforms) {
    for (let k = 0; k < count && years.length < total; k++) years.push(year);
  }
  const finalYear = Math.max(...row.targetShares.map((t) => t.year));
  while (years.length < total) years.push(finalYear);
  return years;
}

function applyPace(rng: Random, years: number[], row: DistrictRow, pace: Pace): void {
  const pilotYear = row.newPlatforms[0].year;
  const earliest = pilotYear + 1; // non-pilot points can't precede the programme
  const shift = pace === 'AHEAD' ? -1 : pace === 'BEHIND' ? 1 : 0;
  if (shift === 0) return;
  for (let j = 0; j < years.length; j++) {
    if (isPilot(row, j)) continue;
    if (rng.chance(0.3)) years[j] = Math.max(earliest, years[j] + shift);
  }
  // A district behind plan leaves at least one community for the year after the target.
  const finalYear = Math.max(...row.targetShares.map((t) => t.year));
  if (pace === 'BEHIND' && !years.includes(finalYear + 1)) {
    const last = years.lastIndexOf(finalYear);
    if (last >= 0) years[last] = finalYear + 1;
  }
}

/** The first count column is the pilot year; plannedYears puts pilots first. */
function isPilot(row: DistrictRow, index: number): boolean {
  return index < row.newPlatforms[0].count;
}

function servicePoint(rng: Random, community: GeoCommunity, kind: DistrictKind, openedYear: number): ServicePointPlan {
  const urban = kind === 'URBAN_DISTRICT';
  // Whole thousands keep the 50/50 split in whole yuan; counties (self-funded) stay below the same cap.
  const fundingYuan = urban ? rng.int(60, 120) * 1000 : rng.int(50, 110) * 1000;
  const cityShareYuan = urban ? fundingYuan / 2 : 0;
  return {
    communityCode: community.code,
    nameZh: community.nameZh + (urban ? '少数民族流动人口服务站' : '少数民族流动人口服务窗口'),
    openedYear,
    fundingYuan,
    cityShareYuan,
    districtShareYuan: fundingYuan - cityShareYuan,
  };
}
