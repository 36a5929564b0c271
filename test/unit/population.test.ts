import { idCardCheckCharacter, isValidIdCardNumber, parseIdCardNumber } from '../../subgraphs/kit/idcard';
import { Random } from '../../subgraphs/kit/random';
import { loadDistricts, loadEthnicGroups, loadOriginRegions, URBAN_COMMUNITY_WINDOW_CAP_YUAN } from '../../subgraphs/kit/reference-data';
import { DEFAULT_POPULATION_SEED, DEFAULT_POPULATION_SIZE } from '../../subgraphs/kit/settings';
import { DEFAULT_AS_OF, deriveCommunityTotal, generateGeography, generatePopulation, Geography, SyntheticPerson } from '../../subgraphs/synthetic';
import { repoRoot } from '../../subgraphs/kit/paths';
import * as fs from 'fs';
import * as path from 'path';
import { problems } from '../support/checks';

// Independent date helpers (UTC), so the tests don't trust the module's own date code.
const DAY_MS = 86_400_000;
const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
const iso = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return iso(Date.UTC(y, m - 1 + months, Math.min(d, lastDay)) / DAY_MS);
}
function ageOn(birth: string, on: string): number {
  const years = +on.slice(0, 4) - +birth.slice(0, 4);
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

function take(n: number, seed: number, size = n): SyntheticPerson[] {
  const out: SyntheticPerson[] = [];
  for (const p of generatePopulation({ seed, size })) {
    out.push(p);
    if (out.length === n) break;
  }
  return out;
}

const asOf = DEFAULT_AS_OF;
let people: SyntheticPerson[];
let geography: Geography;
let communityCodes: Set<string>;

beforeAll(() => {
  people = [...generatePopulation({ seed: DEFAULT_POPULATION_SEED, size: DEFAULT_POPULATION_SIZE })];
  geography = generateGeography(DEFAULT_POPULATION_SEED);
  communityCodes = new Set(geography.districts.flatMap((d) => d.streets.flatMap((s) => s.communities.map((c) => c.code))));
});

describe('reference data', () => {
  it('finds the repository root and reads the CSVs once', () => {
    expect(fs.existsSync(path.join(repoRoot(), 'package.json'))).toBe(true);
    expect(loadDistricts()).toHaveLength(6);
    expect(loadEthnicGroups()).toHaveLength(56);
    expect(loadEthnicGroups().find((g) => g.code === '03')?.nameEn).toBe('Hui');
    expect(loadOriginRegions().length).toBeGreaterThanOrEqual(8);
    expect(loadDistricts()).toBe(loadDistricts());
  });
});

describe('random', () => {
  it('is reproducible and in range', () => {
    const a = new Random(42);
    const b = new Random(42);
    const xs = Array.from({ length: 1000 }, () => a.int(3, 7));
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.int(3, 7)));
    expect(new Set(xs)).toEqual(new Set([3, 4, 5, 6, 7]));
    expect(new Random(43).next()).not.toBe(new Random(42).next());
  });
});

describe('determinism', () => {
  it('gives identical persons and geography for the same seed', () => {
    expect(take(500, 2013)).toEqual(people.slice(0, 500));
    expect(generateGeography(2013)).toEqual(geography);
  });

  it('does not depend on the requested size (prefix-stable)', () => {
    expect(take(500, 2013, 500)).toEqual(people.slice(0, 500));
  });

  it('differs for a different seed', () => {
    const other = take(500, 2014);
    expect(other.map((p) => p.id)).not.toEqual(people.slice(0, 500).map((p) => p.id));
    expect(other.map((p) => p.idCardNumber)).not.toEqual(people.slice(0, 500).map((p) => p.idCardNumber));
    expect(generateGeography(2014)).not.toEqual(geography);
  });
});

describe('population shape', () => {
  it('has exactly the requested size', () => {
    expect(people).toHaveLength(DEFAULT_POPULATION_SIZE);
    for (const size of [0, 1, 2, 7, 101]) expect([...generatePopulation({ seed: 5, size })]).toHaveLength(size);
    expect(() => generatePopulation({ seed: 1, size: -1 })).toThrow();
    expect(() => generatePopulation({ seed: 1, size: 10, asOf: '2026-13-01' })).toThrow();
  });

  it('has unique opaque ids unrelated to the ID card', () => {
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
    expect(
      problems(people, (p) =>
        /^P[0-9A-HJKMNP-TV-Z]{10}$/.test(p.id) && /^H[0-9A-HJKMNP-TV-Z]{10}$/.test(p.householdId) && !p.id.includes(p.idCardNumber.slice(6, 14)) ? null : p.id,
      ),
    ).toEqual([]);
  });

  it('has valid, unique ID-card numbers matching birth date, sex and origin', () => {
    expect(new Set(people.map((p) => p.idCardNumber)).size).toBe(people.length);
    expect(
      problems(people, (p) => {
        const parts = parseIdCardNumber(p.idCardNumber);
        if (!parts || !isValidIdCardNumber(p.idCardNumber)) return `invalid ${p.idCardNumber}`;
        if (parts.birthDate !== p.birthDate || parts.sex !== p.sex) return `birth/sex ${p.idCardNumber}`;
        return parts.divisionCode === p.originRegionCode ? null : `division ${p.idCardNumber}`;
      }),
    ).toEqual([]);
  });

  it('uses only codes from the reference CSVs and geography', () => {
    const ethnic = new Set(loadEthnicGroups().map((g) => g.code));
    const origins = new Set(loadOriginRegions().map((r) => r.code));
    expect(
      problems(people, (p) => {
        if (!ethnic.has(p.ethnicityCode) || !origins.has(p.originRegionCode)) return `codes of ${p.id}`;
        const bad = p.residences.find(
          (r) => !communityCodes.has(r.communityCode) || r.communityCode.slice(0, 9) !== r.streetCode || r.streetCode.slice(0, 6) !== r.districtCode,
        );
        return bad ? `residence ${bad.communityCode} of ${p.id}` : null;
      }),
    ).toEqual([]);
  });

  it('has plausible names and dates', () => {
    expect(
      problems(people, (p) =>
        p.name === p.familyName + p.givenName &&
        p.familyName.length === 1 &&
        (p.givenName.length === 1 || p.givenName.length === 2) &&
        p.birthDate <= p.arrivalDate &&
        p.arrivalDate >= '2013-01-01' &&
        p.arrivalDate <= asOf
          ? null
          : `${p.id} ${p.name} ${p.birthDate} ${p.arrivalDate}`,
      ),
    ).toEqual([]);
  });

  it('forms households with one head, guardians and shared origin and address', () => {
    const households = new Map<string, SyntheticPerson[]>();
    for (const p of people) {
      const members = households.get(p.householdId) ?? [];
      members.push(p);
      households.set(p.householdId, members);
    }
    const check = ([head, ...rest]: SyntheticPerson[]): string | null => {
      const headAge = ageOn(head.birthDate, head.arrivalDate);
      if (head.householdRole !== 'HEAD' || head.guardianId !== null) return `head ${head.id}`;
      if (headAge < 20 || headAge > 55) return `head age ${headAge} ${head.id}`;
      if (rest.filter((m) => m.householdRole === 'SPOUSE').length > 1) return `spouses ${head.id}`;
      for (const m of rest) {
        if (m.householdRole === 'HEAD') return `second head ${m.id}`;
        if (m.originRegionCode !== head.originRegionCode) return `origin ${m.id}`;
        if (m.residences.at(-1)!.address !== head.residences.at(-1)!.address) return `address ${m.id}`;
        if (m.arrivalDate < head.arrivalDate) return `arrival ${m.id}`;
        if (m.guardianId !== (m.householdRole === 'CHILD' ? head.id : null)) return `guardian ${m.id}`;
        // Born in Yinchuan means arriving at birth.
        if (m.householdRole === 'CHILD' && m.birthDate >= head.arrivalDate && m.arrivalDate !== m.birthDate) {
          return `born here ${m.id}`;
        }
      }
      return null;
    };
    expect(problems([...households.values()], check)).toEqual([]);
    expect(people.length / households.size).toBeGreaterThan(2);
    expect(people.length / households.size).toBeLessThan(4);
  });

  it('has contiguous residences, oldest first, the last current', () => {
    const counts = [0, 0, 0, 0];
    const check = (p: SyntheticPerson): string | null => {
      const rs = p.residences;
      if (rs.length < 1 || rs.length > 3) return `${rs.length} residences ${p.id}`;
      counts[rs.length]++;
      if (rs[0].fromDate !== p.arrivalDate) return `first from ${p.id}`;
      if (rs.at(-1)!.toDate !== null || rs.at(-1)!.fromDate > asOf) return `current ${p.id}`;
      for (let i = 0; i + 1 < rs.length; i++) {
        const to = rs[i].toDate;
        if (to === null || to < rs[i].fromDate || iso(day(to) + 1) !== rs[i + 1].fromDate) return `gap ${p.id}`;
      }
      return null;
    };
    expect(problems(people, check)).toEqual([]);
    expect(counts[1] + counts[2]).toBeGreaterThan(counts[3] * 3); // most people have 1–2
    expect(counts[2]).toBeGreaterThan(0);
  });

  it('issues permits at any age, six months after arrival, non-overlapping', () => {
    const numbers = new Set<string>();
    const check = (p: SyntheticPerson): string | null => {
      let previousEnd = '';
      for (const permit of p.permits) {
        if (!/^6401\d{12}$/.test(permit.number) || numbers.has(permit.number)) return `number ${permit.number}`;
        numbers.add(permit.number);
        if (permit.issuedOn < addMonths(p.arrivalDate, 6)) return `too early ${p.id}`;
        if (permit.issuedOn > asOf || permit.issuedOn <= previousEnd) return `overlap/future ${p.id}`;
        if (permit.validUntil !== iso(day(addMonths(permit.issuedOn, 12)) - 1)) return `validity ${p.id}`;
        const r = permit.revokedOn;
        if (r !== null && !(r > permit.issuedOn && r <= permit.validUntil && r <= asOf)) return `revoked ${p.id}`;
        previousEnd = permit.validUntil;
      }
      return null;
    };
    expect(problems(people, check)).toEqual([]);
    // Minors apply through their guardian (居住证暂行条例 art. 9), down to a child born here, at six months old.
    const minors = people.filter((p) => p.permits.length > 0 && ageOn(p.birthDate, p.permits[0].issuedOn) < 18);
    expect(minors.length).toBeGreaterThan(people.length * 0.05);
    expect(minors.some((p) => p.arrivalDate === p.birthDate && ageOn(p.birthDate, p.permits[0].issuedOn) === 0)).toBe(true);
  });
});

describe('distributions', () => {
  const share = (pred: (p: SyntheticPerson) => boolean, of = people) => of.filter(pred).length / of.length;

  it('has the Hui most common by far, then Han', () => {
    const counts = new Map<string, number>();
    for (const p of people) counts.set(p.ethnicityCode, (counts.get(p.ethnicityCode) ?? 0) + 1);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([code]) => code);
    const hui = loadEthnicGroups().find((g) => g.nameEn === 'Hui')!.code;
    const han = loadEthnicGroups().find((g) => g.nameEn === 'Han')!.code;
    expect(ranked.slice(0, 2)).toEqual([hui, han]);
    const huiShare = share((p) => p.ethnicityCode === hui);
    expect(huiShare).toBeGreaterThan(0.5);
    expect(huiShare).toBeLessThan(0.65);
    expect(counts.size).toBeGreaterThanOrEqual(8);
  });

  it('has every origin region', () => {
    const seen = new Set(people.map((p) => p.originRegionCode));
    for (const r of loadOriginRegions()) expect(seen.has(r.code)).toBe(true);
  });

  it('has more recent arrivals than early ones', () => {
    expect(people.filter((p) => p.arrivalDate >= '2020-01-01').length).toBeGreaterThan(people.filter((p) => p.arrivalDate < '2020-01-01').length);
  });

  it('lives mostly in Xingqing, least in the counties', () => {
    const byDistrict = new Map<string, number>();
    for (const p of people) {
      const code = p.residences.at(-1)!.districtCode;
      byDistrict.set(code, (byDistrict.get(code) ?? 0) + 1);
    }
    const xingqing = loadDistricts().find((d) => d.nameEn.startsWith('Xingqing'))!.code;
    expect(Math.max(...byDistrict.values())).toBe(byDistrict.get(xingqing));
    expect(byDistrict.size).toBe(6);
  });

  it('has 40–80% of the eligible holding a valid permit at asOf, and a few revocations', () => {
    const eligible = people.filter((p) => addMonths(p.arrivalDate, 6) <= asOf);
    const valid = share((p) => p.permits.some((x) => x.issuedOn <= asOf && asOf <= x.validUntil && (x.revokedOn === null || x.revokedOn > asOf)), eligible);
    expect(valid).toBeGreaterThan(0.4);
    expect(valid).toBeLessThan(0.8);
    const everHeld = share((p) => p.permits.length > 0, eligible);
    expect(everHeld).toBeGreaterThan(0.6);
    expect(everHeld).toBeLessThan(0.8);
    // Some holders have let their latest permit expire.
    expect(eligible.some((p) => p.permits.length > 0 && p.permits.at(-1)!.validUntil < asOf)).toBe(true);
    const permits = people.flatMap((p) => p.permits);
    const revoked = permits.filter((x) => x.revokedOn !== null).length / permits.length;
    expect(revoked).toBeGreaterThan(0.002);
    expect(revoked).toBeLessThan(0.03);
  });

  it('has children at every school level, some born in Yinchuan', () => {
    const levels = { kindergarten: [3, 5], primary: [6, 11], junior: [12, 14], senior: [15, 17] };
    const children = people.filter((p) => p.householdRole === 'CHILD');
    for (const [, [min, max]] of Object.entries(levels)) {
      const n = children.filter((c) => ageOn(c.birthDate, asOf) >= min && ageOn(c.birthDate, asOf) <= max).length;
      expect(n).toBeGreaterThan(people.length * 0.02);
    }
    expect(children.some((c) => c.arrivalDate === c.birthDate)).toBe(true);
    expect(children.some((c) => c.arrivalDate > c.birthDate)).toBe(true);
  });
});

describe('geography', () => {
  it('derives community totals from the plan', () => {
    const byName = (en: string) => loadDistricts().find((d) => d.nameEn.startsWith(en))!;
    expect(deriveCommunityTotal(byName('Xingqing'))).toBe(73);
    expect(deriveCommunityTotal(byName('Helan'))).toBe(8);
    for (const d of geography.districts) {
      const row = loadDistricts().find((r) => r.code === d.code)!;
      expect(d.communityTotal).toBe(deriveCommunityTotal(row));
      expect(d.streets.reduce((n, s) => n + s.communities.length, 0)).toBe(d.communityTotal);
    }
  });

  it('nests codes and keeps names unique', () => {
    const names = new Set<string>();
    for (const d of geography.districts) {
      expect(d.code).toMatch(/^\d{6}$/);
      for (const s of d.streets) {
        expect(s.code).toMatch(new RegExp(`^${d.code}\\d{3}$`));
        expect(s.districtCode).toBe(d.code);
        expect(s.nameZh).toMatch(d.kind === 'URBAN_DISTRICT' ? /街道$/ : /镇$/);
        expect(s.communities.length).toBeGreaterThanOrEqual(5);
        expect(s.communities.length).toBeLessThanOrEqual(8);
        names.add(s.nameZh);
        for (const c of s.communities) {
          expect(c.code).toMatch(new RegExp(`^${s.code}\\d{3}$`));
          expect([c.streetCode, c.districtCode]).toEqual([s.code, d.code]);
          expect(c.nameZh).toMatch(/社区$/);
          names.add(c.nameZh);
        }
      }
    }
    expect(names.size).toBe(communityCodes.size + geography.districts.reduce((n, d) => n + d.streets.length, 0));
  });

  it('rolls out one service point per community within the funding caps', () => {
    const points = geography.servicePoints;
    expect(new Set(points.map((p) => p.communityCode)).size).toBe(points.length);
    expect(points.length).toBeLessThanOrEqual(communityCodes.size);
    const kinds = new Map(geography.districts.map((d) => [d.code, d.kind]));
    for (const p of points) {
      expect(communityCodes.has(p.communityCode)).toBe(true);
      expect(p.openedYear).toBeGreaterThanOrEqual(2013);
      expect(p.openedYear).toBeLessThanOrEqual(2018);
      expect(Number.isInteger(p.fundingYuan)).toBe(true);
      expect(p.fundingYuan).toBeGreaterThan(0);
      expect(p.fundingYuan).toBeLessThanOrEqual(URBAN_COMMUNITY_WINDOW_CAP_YUAN);
      expect(p.cityShareYuan + p.districtShareYuan).toBe(p.fundingYuan);
      if (kinds.get(p.communityCode.slice(0, 6)) === 'URBAN_DISTRICT') {
        expect(p.cityShareYuan).toBe(p.districtShareYuan);
      } else {
        expect(p.cityShareYuan).toBe(0);
        expect(p.openedYear).toBeGreaterThan(2013); // pilots were in urban districts only
      }
    }
    // Pilots on plan; by 2017 most are open, a few only in 2018.
    for (const row of loadDistricts()) {
      const pilots = points.filter((p) => p.communityCode.startsWith(row.code) && p.openedYear === 2013).length;
      expect(pilots).toBe(row.newPlatforms.find((x) => x.year === 2013)?.count ?? 0);
    }
    expect(points.some((p) => p.openedYear === 2018)).toBe(true);
    expect(points.filter((p) => p.openedYear <= 2017).length / points.length).toBeGreaterThan(0.9);
  });
});

describe('ID-card numbers', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(idCardCheckCharacter('11010519491231002')).toBe('X'); // the example in GB 11643
    expect(isValidIdCardNumber('11010519491231002X')).toBe(true);
    expect(isValidIdCardNumber('110105194912310021')).toBe(false); // wrong check
    expect(isValidIdCardNumber('11010519490231002X')).toBe(false); // no 31 February
    expect(isValidIdCardNumber('11010519491231002x')).toBe(false);
    expect(isValidIdCardNumber('1101051949123100')).toBe(false);
    expect(() => idCardCheckCharacter('1234')).toThrow();
  });
});
