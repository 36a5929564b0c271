/**
 * Employers of migrants in every district: about 8–12 per community, of the trades migrants work
 * in (construction, catering, retail, logistics, manufacturing; farms in the counties), mostly
 * micro and small. Located in the shared geography, so each sits in a real community code.
 */
import { derive, WeightedTable } from '../../kit/random';
import { generateGeography, Geography } from '../../synthetic';
import { CreditCodeIssuer } from './credit-code';
import { EmployerNamer } from './employer-names';
import { EmployerSize, Industry, INDUSTRIES, SyntheticEmployer } from './types';

const PER_COMMUNITY = { min: 8, max: 12 };

/**
 * Mix of employers by industry (relative weights). Urban: catering (many halal restaurants) and
 * retail are the most numerous businesses, then construction, services and logistics. Counties
 * and Lingwu: farms (goji, wine grapes, vegetables) and food processing take a larger part.
 */
const INDUSTRY_MIX: Record<'urban' | 'county', Record<Industry, number>> = {
  urban: {
    CONSTRUCTION: 16,
    MANUFACTURING: 10,
    CATERING: 22,
    RETAIL: 18,
    LOGISTICS: 9,
    DOMESTIC_SERVICES: 6,
    AGRICULTURE: 2,
    HALAL_FOOD_PROCESSING: 6,
    OTHER_SERVICES: 11,
  },
  county: {
    CONSTRUCTION: 14,
    MANUFACTURING: 12,
    CATERING: 15,
    RETAIL: 13,
    LOGISTICS: 6,
    DOMESTIC_SERVICES: 3,
    AGRICULTURE: 18,
    HALAL_FOOD_PROCESSING: 9,
    OTHER_SERVICES: 8,
  },
};

const SIZES: readonly EmployerSize[] = ['MICRO', 'SMALL', 'MEDIUM', 'LARGE'];
/**
 * Sizes (MICRO < 10 staff, SMALL < 100, MEDIUM < 300, LARGE beyond, roughly as in the national
 * classification): shops and restaurants are mostly micro; builders, factories and carriers run
 * bigger.
 */
const SIZE_MIX = {
  shopLike: new WeightedTable(SIZES, (s) => ({ MICRO: 62, SMALL: 30, MEDIUM: 6, LARGE: 2 })[s]),
  industrial: new WeightedTable(SIZES, (s) => ({ MICRO: 30, SMALL: 42, MEDIUM: 21, LARGE: 7 })[s]),
};
const INDUSTRIAL: ReadonlySet<Industry> = new Set(['CONSTRUCTION', 'MANUFACTURING', 'LOGISTICS', 'HALAL_FOOD_PROCESSING']);

/** Share of employers registered after the 2015 reform (organisation codes 'MA…'). */
const SINCE_REFORM = 0.55;

export function generateEmployers(seed: number): SyntheticEmployer[] {
  return employersIn(seed, generateGeography(seed));
}

/** The employers of a geography already generated from the same seed. */
export function employersIn(seed: number, geography: Geography): SyntheticEmployer[] {
  const rng = derive(seed, 'human-resources:employers');
  const namer = new EmployerNamer(derive(seed, 'human-resources:employer-names'));
  const codes = new CreditCodeIssuer(derive(seed, 'human-resources:credit-codes'));
  const mixes = {
    urban: new WeightedTable(INDUSTRIES, (i) => INDUSTRY_MIX.urban[i]),
    county: new WeightedTable(INDUSTRIES, (i) => INDUSTRY_MIX.county[i]),
  };
  const out: SyntheticEmployer[] = [];
  for (const district of geography.districts) {
    const urban = district.kind === 'URBAN_DISTRICT';
    for (const street of district.streets) {
      for (const community of street.communities) {
        const count = rng.int(PER_COMMUNITY.min, PER_COMMUNITY.max);
        for (let k = 0; k < count; k++) {
          const industry = (urban ? mixes.urban : mixes.county).pick(rng);
          const size = (INDUSTRIAL.has(industry) ? SIZE_MIX.industrial : SIZE_MIX.shopLike).pick(rng);
          const name = namer.name({
            industry,
            size,
            districtName: district.nameZh,
            urban,
            communityBase: community.nameZh.replace(/社区$/, ''),
          });
          out.push({
            code: codes.issue(district.code, rng.chance(SINCE_REFORM)),
            name,
            industry,
            size,
            districtCode: district.code,
            communityCode: community.code,
          });
        }
      }
    }
  }
  return out;
}
