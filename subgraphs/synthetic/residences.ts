/**
 * Where a household lives: communities weighted by district, invented addresses, and a few moves
 * within the city. All members share the household's addresses from their own arrival on.
 */
import { formatDate, pad } from '../kit/dates';
import { derive, Random, WeightedTable } from '../kit/random';
import { GeoCommunity, Geography } from './geography';
import { roadName } from './names';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (measured ~15x).
const { floor, max, min } = Math;

export interface SyntheticResidence {
  communityCode: string;
  streetCode: string;
  districtCode: string;
  address: string;
  /** Inclusive dates; the next residence starts the day after toDate. */
  fromDate: string;
  /** null for the current residence. */
  toDate: string | null;
}

/** One spell at one address; it ends the day before the next spell starts. */
export interface ResidenceSpell {
  community: GeoCommunity;
  address: string;
  from: number;
}

const MIN_SPELL_DAYS = 120;
const MOVES = new WeightedTable([0, 1, 2], (n) => [50, 37, 13][n]);
const MOVE_WITHIN_DISTRICT = 0.6;
/** Urban districts draw twice the migrants per community that counties do. */
const COUNTY_COMMUNITY_FACTOR = 0.5;
const ROADS_PER_COMMUNITY = 3;

export class Housing {
  private readonly communities: WeightedTable<GeoCommunity>;
  private readonly byDistrict = new Map<string, GeoCommunity[]>();
  private readonly roads = new Map<string, string[]>();

  constructor(seed: number, geography: Geography) {
    const appeal = derive(seed, 'community-appeal');
    const roads = derive(seed, 'roads');
    const all: GeoCommunity[] = [];
    const weights = new Map<string, number>();
    for (const district of geography.districts) {
      const factor = district.kind === 'URBAN_DISTRICT' ? 1 : COUNTY_COMMUNITY_FACTOR;
      const inDistrict = district.streets.flatMap((s) => s.communities);
      this.byDistrict.set(district.code, inDistrict);
      for (const c of inDistrict) {
        all.push(c);
        // Uniform-ish within a district: some communities are a bit more popular than others.
        weights.set(c.code, factor * (0.6 + 0.8 * appeal.next()));
        this.roads.set(
          c.code,
          Array.from({ length: ROADS_PER_COMMUNITY }, () => roadName(roads)),
        );
      }
    }
    this.communities = new WeightedTable(all, (c) => weights.get(c.code)!);
  }

  /** The household's spells from its arrival to asOf, oldest first. */
  spells(rng: Random, arrival: number, asOf: number): ResidenceSpell[] {
    const span = asOf - arrival + 1;
    const moves = min(MOVES.pick(rng), max(0, floor(span / MIN_SPELL_DAYS) - 1));
    const lengths = splitSpan(rng, span, moves + 1);
    const spells: ResidenceSpell[] = [];
    let from = arrival;
    let community = this.communities.pick(rng);
    for (const length of lengths) {
      spells.push({ community, address: this.address(rng, community), from });
      from += length;
      community = this.moveFrom(rng, community);
    }
    return spells;
  }

  private moveFrom(rng: Random, current: GeoCommunity): GeoCommunity {
    const nearby = this.byDistrict.get(current.districtCode)!;
    for (let attempt = 0; attempt < 10; attempt++) {
      const next = rng.chance(MOVE_WITHIN_DISTRICT) ? rng.pick(nearby) : this.communities.pick(rng);
      if (next.code !== current.code) return next;
    }
    return current; // only in a one-community city; a move to a new address still happens
  }

  private address(rng: Random, community: GeoCommunity): string {
    const road = rng.pick(this.roads.get(community.code)!);
    const room = `${rng.int(1, 18)}${pad(rng.int(1, 4), 2)}`;
    return `${road} ${rng.int(1, 199)}号 ${rng.int(1, 6)}单元 ${room}`;
  }
}

/** Splits `span` days into `parts` spells of at least MIN_SPELL_DAYS each (when span allows). */
function splitSpan(rng: Random, span: number, parts: number): number[] {
  if (parts === 1) return [span];
  const extra = span - parts * MIN_SPELL_DAYS;
  const weights = Array.from({ length: parts }, () => rng.next() + 0.05);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => MIN_SPELL_DAYS + floor((extra * w) / total));
}

/** A member's residences: the household's spells from the member's own arrival on. */
export function memberResidences(spells: ResidenceSpell[], arrival: number): SyntheticResidence[] {
  const own = spells.slice(spellIndexOn(spells, arrival));
  return own.map((spell, i) => ({
    communityCode: spell.community.code,
    streetCode: spell.community.streetCode,
    districtCode: spell.community.districtCode,
    address: spell.address,
    fromDate: formatDate(i === 0 ? arrival : spell.from),
    toDate: i + 1 < own.length ? formatDate(own[i + 1].from - 1) : null,
  }));
}

/** The spell in effect on a day (the first if the day precedes them all). */
export function spellOn(spells: ResidenceSpell[], day: number): ResidenceSpell {
  return spells[spellIndexOn(spells, day)];
}

function spellIndexOn(spells: ResidenceSpell[], day: number): number {
  let i = 0;
  while (i + 1 < spells.length && spells[i + 1].from <= day) i++;
  return i;
}
