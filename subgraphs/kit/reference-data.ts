/**
 * Reference data read at runtime from the CSV files in subgraphs/kit/reference (GB/T codes, the plan's
 * roll-out targets), so codes are never retyped in code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { repoRoot } from './paths';

export type DistrictKind = 'URBAN_DISTRICT' | 'COUNTY' | 'COUNTY_LEVEL_CITY';

/** The plan's cap for an urban community's service window, shared 50/50 by city and district. */
export const URBAN_COMMUNITY_WINDOW_CAP_YUAN = 120_000;

/** One county-level division of Yinchuan with the plan's roll-out targets. */
export interface DistrictRow {
  /** GB/T 2260, 6 digits. */
  code: string;
  nameZh: string;
  nameEn: string;
  kind: DistrictKind;
  /** New service platforms the plan sets per year (pilot_2013, new_2014 …), ascending by year. */
  newPlatforms: { year: number; count: number }[];
  /** Share of communities to be covered by the end of a year; only the years the plan gives. */
  targetShares: { year: number; share: number }[];
}

export interface EthnicGroupRow {
  /** GB/T 3304, 2 digits. */
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface OriginRegionRow {
  /** GB/T 2260, 6 digits (province, prefecture or city). */
  code: string;
  nameZh: string;
  nameEn: string;
  note: string;
}

export function referenceDir(): string {
  return path.join(repoRoot(), 'subgraphs/kit/reference');
}

/** Parses a reference CSV file's text: a header row naming the columns, then one record per line. */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true });
}

function readCsv(fileName: string): Record<string, string>[] {
  return parseCsv(fs.readFileSync(path.join(referenceDir(), fileName), 'utf8'));
}

const KINDS: Record<string, DistrictKind> = {
  'urban district': 'URBAN_DISTRICT',
  county: 'COUNTY',
  'county-level city': 'COUNTY_LEVEL_CITY',
};

/** Turns one CSV row into a DistrictRow; year columns are found by name so new years just work. */
export function toDistrictRow(raw: Record<string, string>): DistrictRow {
  const kind = KINDS[raw.kind];
  if (!kind) throw new Error(`Unknown district kind "${raw.kind}" for ${raw.code}`);
  const newPlatforms: DistrictRow['newPlatforms'] = [];
  const targetShares: DistrictRow['targetShares'] = [];
  for (const [column, value] of Object.entries(raw)) {
    const count = /^(?:pilot|new)_(\d{4})$/.exec(column);
    if (count) newPlatforms.push({ year: Number(count[1]), count: Number(value || 0) });
    const share = /^target_share_(\d{4})$/.exec(column);
    if (share && value !== '') targetShares.push({ year: Number(share[1]), share: Number(value) });
  }
  newPlatforms.sort((a, b) => a.year - b.year);
  targetShares.sort((a, b) => a.year - b.year);
  return { code: raw.code, nameZh: raw.name_zh, nameEn: raw.name_en, kind, newPlatforms, targetShares };
}

let districts: DistrictRow[] | undefined;
let ethnicGroups: EthnicGroupRow[] | undefined;
let originRegions: OriginRegionRow[] | undefined;

export function loadDistricts(): readonly DistrictRow[] {
  districts ??= readCsv('yinchuan-districts.csv').map(toDistrictRow);
  return districts;
}

export function loadEthnicGroups(): readonly EthnicGroupRow[] {
  ethnicGroups ??= readCsv('ethnic-groups.csv').map((r) => ({
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
  }));
  return ethnicGroups;
}

export function loadOriginRegions(): readonly OriginRegionRow[] {
  originRegions ??= readCsv('origin-regions.csv').map((r) => ({
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    note: r.note,
  }));
  return originRegions;
}
