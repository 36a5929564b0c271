/**
 * Who the migrants are: origin regions and ethnic groups with their weights. Weights are keyed by
 * English names and resolved to codes from the reference CSVs, so no code is typed here.
 */
import { WeightedTable } from '../kit/random';
import { loadEthnicGroups, loadOriginRegions, OriginRegionRow } from '../kit/reference-data';

export interface Ethnicity {
  code: string;
  nameEn: string;
}

export interface OriginProfile {
  code: string;
  nameEn: string;
  /** Ethnic mix of the migrants from this region. */
  ethnicities: WeightedTable<Ethnicity>;
}

/**
 * Relative size of each sending region (keyed by the start of its name_en) and its ethnic mix
 * (keyed by GB/T 3304 name_en). Ningxia's own Guyuan and the Hui prefecture Linxia send most;
 * overall the Hui come to ~57%, then Han, Dongxiang, Salar, Tibetan, Uyghur, Mongol …
 */
const ORIGINS: { name: string; weight: number; mix: Record<string, number> }[] = [
  { name: 'Guyuan', weight: 22, mix: { Hui: 78, Han: 22 } },
  { name: 'Zhongwei', weight: 14, mix: { Hui: 60, Han: 40 } },
  { name: 'Gansu', weight: 14, mix: { Hui: 50, Han: 35, Dongxiang: 9, Bonan: 2, Tibetan: 2, Yugur: 1, Monguor: 1 } },
  { name: 'Linxia', weight: 16, mix: { Hui: 60, Dongxiang: 22, Han: 8, Bonan: 5, Salar: 5 } },
  { name: 'Qinghai', weight: 14, mix: { Hui: 50, Salar: 16, Tibetan: 12, Monguor: 10, Han: 12 } },
  { name: 'Shaanxi', weight: 7, mix: { Hui: 60, Han: 40 } },
  { name: 'Inner Mongolia', weight: 6, mix: { Mongol: 40, Han: 33, Hui: 20, Manchu: 4, Daur: 2, Evenki: 1 } },
  { name: 'Xinjiang', weight: 7, mix: { Uyghur: 40, Hui: 30, Kazakh: 15, Han: 8, Xibe: 3, Kyrgyz: 2, Uzbek: 1, Tatar: 1 } },
];

/** A region the CSV gains later still appears, with a small weight and a generic mix. */
const DEFAULT_ORIGIN = { weight: 3, mix: { Hui: 60, Han: 40 } };

let profiles: WeightedTable<OriginProfile> | undefined;

/** Origin regions from origin-regions.csv, weighted, each with its ethnic mix. */
export function originTable(): WeightedTable<OriginProfile> {
  if (profiles) return profiles;
  const rows = loadOriginRegions();
  for (const origin of ORIGINS) findOrigin(rows, origin.name); // fail fast on a renamed region
  const weights = new Map<string, number>();
  const list = rows.map((row): OriginProfile => {
    const spec = ORIGINS.find((o) => findOrigin(rows, o.name) === row) ?? DEFAULT_ORIGIN;
    weights.set(row.code, spec.weight);
    return { code: row.code, nameEn: row.nameEn, ethnicities: ethnicMix(spec.mix) };
  });
  profiles = new WeightedTable(list, (p) => weights.get(p.code)!);
  return profiles;
}

function findOrigin(rows: readonly OriginRegionRow[], name: string): OriginRegionRow {
  const matches = rows.filter((r) => r.nameEn.startsWith(name));
  if (matches.length !== 1) throw new Error(`Origin "${name}" matches ${matches.length} rows in origin-regions.csv`);
  return matches[0];
}

function ethnicMix(mix: Record<string, number>): WeightedTable<Ethnicity> {
  const groups = Object.keys(mix).map((nameEn) => ({ code: ethnicCode(nameEn), nameEn }));
  return new WeightedTable(groups, (g) => mix[g.nameEn]);
}

/** GB/T 3304 code of an ethnic group by its English name in ethnic-groups.csv. */
export function ethnicCode(nameEn: string): string {
  const row = loadEthnicGroups().find((g) => g.nameEn === nameEn);
  if (!row) throw new Error(`Ethnic group "${nameEn}" not in ethnic-groups.csv`);
  return row.code;
}
