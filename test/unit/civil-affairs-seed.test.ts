import { loadEthnicGroups } from '../../subgraphs/kit/reference-data';
import { DEFAULT_AS_OF, generateGeography, generatePopulation, SyntheticPerson } from '../../subgraphs/synthetic';
import {
  DisputeLevel,
  generateCivilAffairsCases,
  ReliefKind,
  servicePointOpeningMonths,
  SyntheticCivilAffairsCases,
  SyntheticDisputeCase,
} from '../../subgraphs/civil-affairs/seed/synthetic-cases';
import { groupBy, pct, problems, share } from '../support/checks';

// Independent date helpers (UTC), so the tests don't trust the module's own date code.
const DAY_MS = 86_400_000;
const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
const monthOf = (iso: string) => iso.slice(0, 7);
function nextMonth(month: string): string {
  const y = +month.slice(0, 4);
  const m = +month.slice(5, 7);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
function ageOn(birth: string, on: string): number {
  const years = +on.slice(0, 4) - +birth.slice(0, 4);
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}
/** The residence a person had on a day. */
function residenceOn(p: SyntheticPerson, date: string) {
  return p.residences.find((r) => r.fromDate <= date && (r.toDate === null || date <= r.toDate));
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
/** [label, within, value] so a failure prints the figure. */
function within(label: string, x: number, lo: number, hi: number) {
  expect([label, x >= lo && x <= hi, pct(x)]).toEqual([label, true, pct(x)]);
}

const SEED = 2013;
const SIZE = 20000;
const asOf = DEFAULT_AS_OF;

/** The ten traditionally Muslim groups, by name in the reference list. */
const MUSLIM = new Set(
  loadEthnicGroups()
    .filter((g) => ['Hui', 'Uyghur', 'Kazakh', 'Dongxiang', 'Kyrgyz', 'Salar', 'Tajik', 'Uzbek', 'Bonan', 'Tatar'].includes(g.nameEn))
    .map((g) => g.code),
);
const AMOUNTS: Record<ReliefKind, [number, number]> = {
  TEMPORARY_HARDSHIP: [500, 5000],
  MEDICAL_HARDSHIP: [2000, 20000],
  STRANDED_PERSON: [100, 800],
  DISASTER: [1000, 10000],
};
const LEVEL_RANK: Record<DisputeLevel, number> = { COMMUNITY: 0, STREET: 1, DISTRICT: 2 };

let people: SyntheticPerson[];
let byId: Map<string, SyntheticPerson>;
let ca: SyntheticCivilAffairsCases;
const geography = generateGeography(SEED);
const communities = new Map(geography.districts.flatMap((d) => d.streets.flatMap((s) => s.communities)).map((c) => [c.code, c]));

beforeAll(() => {
  people = [...generatePopulation({ seed: SEED, size: SIZE })];
  byId = new Map(people.map((p) => [p.id, p]));
  ca = generateCivilAffairsCases(people, { seed: SEED });
});

const last = (d: SyntheticDisputeCase) => d.events[d.events.length - 1];
const isClosed = (d: SyntheticDisputeCase) => last(d).kind === 'CLOSED';
const topLevel = (d: SyntheticDisputeCase) => last(d).level;

describe('generateCivilAffairsCases', () => {
  it('is deterministic, and the same from a stream of persons', () => {
    expect(generateCivilAffairsCases(people, { seed: SEED })).toEqual(ca);
    expect(generateCivilAffairsCases(generatePopulation({ seed: SEED, size: SIZE }), { seed: SEED, asOf })).toEqual(ca);
  });

  it('dates nothing after asOf and nothing before the persons concerned arrived', () => {
    const dated = [
      ...ca.reliefCases.map((r) => ({ ids: [r.personId], dates: [r.appliedOn, r.decidedOn, r.paidOn] })),
      ...ca.disputes.map((d) => ({ ids: d.partyIds, dates: [d.foundOn, ...d.events.map((e) => e.on)] })),
    ];
    expect(
      problems(dated, ({ ids, dates }) => {
        for (const id of ids) {
          const p = byId.get(id);
          if (!p) return `unknown person ${id}`;
          const bad = dates.find((d) => d !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(d) || d > asOf || d < p.arrivalDate));
          if (bad) return `${id}: ${bad} (arrived ${p.arrivalDate})`;
        }
        return null;
      }),
    ).toEqual([]);
  });

  it('holds for an earlier asOf than the population’s', () => {
    const early = '2020-06-30';
    const some = people.slice(0, 8000);
    const past = generateCivilAffairsCases(some, { seed: SEED, asOf: early });
    expect(past.reliefCases.length).toBeGreaterThan(20);
    expect(past.disputes.length).toBeGreaterThan(5);
    const records = [...past.reliefCases, ...past.disputes.flatMap((d) => d.events)];
    const late = (r: object) => Object.values(r).some((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && v > early);
    expect(problems(records, (r) => (late(r) ? JSON.stringify(r) : null))).toEqual([]);
    const arrivedLater = new Set(some.filter((p) => p.arrivalDate > early).map((p) => p.id));
    const ids = [...past.reliefCases.map((r) => r.personId), ...past.disputes.flatMap((d) => d.partyIds)];
    expect(problems(ids, (id) => (arrivedLater.has(id) ? id : null))).toEqual([]);
    expect(problems(past.servicePointActivity, (a) => (a.month > '2020-06' ? a.month : null))).toEqual([]);
    const pending = past.reliefCases.filter((r) => r.decision === null);
    expect(problems(pending, (r) => (day(early) - day(r.appliedOn) <= 60 ? null : `pending since ${r.appliedOn}`))).toEqual([]);
  });
});

describe('relief cases', () => {
  it('follow the rules of decision, approval and payment', () => {
    expect(
      problems(ca.reliefCases, (r) => {
        const [lo, hi] = AMOUNTS[r.kind];
        if (!Number.isInteger(r.amountRequestedYuan) || r.amountRequestedYuan < lo || r.amountRequestedYuan > hi)
          return `${r.kind} requested ${r.amountRequestedYuan}`;
        if ((r.decision === null) !== (r.decidedOn === null)) return `decision ${r.decision} on ${r.decidedOn}`;
        if (r.decidedOn !== null && r.decidedOn < r.appliedOn) return `decided ${r.decidedOn} before applied ${r.appliedOn}`;
        if ((r.amountApprovedYuan !== null) !== (r.decision === 'APPROVED')) return `${r.decision} with amount ${r.amountApprovedYuan}`;
        if (r.amountApprovedYuan !== null && (r.amountApprovedYuan <= 0 || r.amountApprovedYuan > r.amountRequestedYuan))
          return `approved ${r.amountApprovedYuan} of ${r.amountRequestedYuan}`;
        if (r.paidOn !== null && r.decision !== 'APPROVED') return `paid when ${r.decision}`;
        if (r.paidOn !== null && (r.paidOn < r.decidedOn! || day(r.paidOn) - day(r.decidedOn!) > 30)) return `paid ${r.paidOn}, decided ${r.decidedOn}`;
        if (r.decision === 'APPROVED' && r.paidOn === null && day(asOf) - day(r.decidedOn!) > 30) return `unpaid since ${r.decidedOn}`;
        if (r.decision === null && day(asOf) - day(r.appliedOn) > 60) return `pending since ${r.appliedOn}`;
        return null;
      }),
    ).toEqual([]);
  });

  it('are applied for by adults at the community they lived in then, one case a person', () => {
    expect(
      problems(ca.reliefCases, (r) => {
        const p = byId.get(r.personId)!;
        if (ageOn(p.birthDate, r.appliedOn) < 18) return `${r.personId} aged ${ageOn(p.birthDate, r.appliedOn)}`;
        const home = residenceOn(p, r.appliedOn);
        return home?.communityCode === r.communityCode ? null : `${r.personId}: ${r.communityCode}, lived in ${home?.communityCode}`;
      }),
    ).toEqual([]);
    expect(new Set(ca.reliefCases.map((r) => r.personId)).size).toBe(ca.reliefCases.length);
  });

  it('note halal food only where food is given to members of Muslim groups', () => {
    expect(
      problems(ca.reliefCases, (r) => {
        if (r.customsAccommodation === null) return null;
        const p = byId.get(r.personId)!;
        if (!MUSLIM.has(p.ethnicityCode)) return `${r.customsAccommodation} for group ${p.ethnicityCode}`;
        if (r.kind !== 'STRANDED_PERSON' && r.kind !== 'TEMPORARY_HARDSHIP') return `${r.customsAccommodation} in ${r.kind}`;
        if (r.decision !== 'APPROVED') return `${r.customsAccommodation} when ${r.decision}`;
        return /^清真/.test(r.customsAccommodation) ? null : r.customsAccommodation;
      }),
    ).toEqual([]);
    // Food and lodging are part of every stranded-person case: all approved Muslim ones are noted.
    const stranded = ca.reliefCases.filter((r) => r.kind === 'STRANDED_PERSON' && r.decision === 'APPROVED' && MUSLIM.has(byId.get(r.personId)!.ethnicityCode));
    expect(stranded.length).toBeGreaterThan(10);
    expect(problems(stranded, (r) => (r.customsAccommodation === '清真餐食' ? null : `${r.personId}: ${r.customsAccommodation}`))).toEqual([]);
  });

  it('reach about 3% of persons, mostly temporary hardship, mostly approved', () => {
    const r = ca.reliefCases;
    within('persons with relief', share(r.length, people.length), 0.025, 0.035);
    const kinds = groupBy(r, (c) => c.kind);
    const n = (k: ReliefKind) => kinds.get(k)?.length ?? 0;
    within('temporary', share(n('TEMPORARY_HARDSHIP'), r.length), 0.5, 0.65);
    within('medical', share(n('MEDICAL_HARDSHIP'), r.length), 0.2, 0.34);
    within('stranded', share(n('STRANDED_PERSON'), r.length), 0.06, 0.16);
    within('disaster', share(n('DISASTER'), r.length), 0.01, 0.08);
    expect(n('TEMPORARY_HARDSHIP')).toBeGreaterThan(n('MEDICAL_HARDSHIP'));
    expect(n('MEDICAL_HARDSHIP')).toBeGreaterThan(n('STRANDED_PERSON'));
    expect(n('STRANDED_PERSON')).toBeGreaterThan(n('DISASTER'));
    within('approved', share(r.filter((c) => c.decision === 'APPROVED').length, r.length), 0.75, 0.85);
    within('rejected', share(r.filter((c) => c.decision === 'REJECTED').length, r.length), 0.08, 0.16);
    within('pending', share(r.filter((c) => c.decision === null).length, r.length), 0.04, 0.12);
    const unpaid = r.filter((c) => c.decision === 'APPROVED' && c.paidOn === null).length;
    expect(unpaid).toBeGreaterThan(0);
    expect(share(unpaid, r.length)).toBeLessThan(0.05);
  });
});

describe('disputes', () => {
  it('have unique case numbers of their street and year, at a community of that street', () => {
    expect(new Set(ca.disputes.map((d) => d.caseNumber)).size).toBe(ca.disputes.length);
    expect(
      problems(ca.disputes, (d) => {
        const c = communities.get(d.communityCode);
        if (!c || c.streetCode !== d.streetCode) return `${d.caseNumber}: ${d.communityCode} not in street ${d.streetCode}`;
        if (!new RegExp(`^${d.streetCode}-${d.foundOn.slice(0, 4)}-\\d{4}$`).test(d.caseNumber)) return d.caseNumber;
        return null;
      }),
    ).toEqual([]);
  });

  it('have ordered, legal events', () => {
    expect(
      problems(ca.disputes, (d) => {
        const [first, ...rest] = d.events;
        if (!first || first.kind !== 'OPENED' || first.level !== 'COMMUNITY' || first.on !== d.foundOn)
          return `${d.caseNumber}: starts ${JSON.stringify(first)}`;
        let level: DisputeLevel = first.level;
        let on = first.on;
        for (const [i, e] of rest.entries()) {
          if (e.on < on) return `${d.caseNumber}: ${e.kind} on ${e.on} before ${on}`;
          if (e.kind === 'OPENED') return `${d.caseNumber}: opened twice`;
          if (e.kind === 'ESCALATED' && LEVEL_RANK[e.level] !== LEVEL_RANK[level] + 1) return `${d.caseNumber}: ${level} → ${e.level}`;
          if (e.kind !== 'ESCALATED' && e.level !== level) return `${d.caseNumber}: ${e.kind} changes level`;
          if (e.kind === 'CLOSED' && i !== rest.length - 1) return `${d.caseNumber}: events after CLOSED`;
          if ((e.kind === 'MEDIATED') !== (e.note !== null)) return `${d.caseNumber}: ${e.kind} with note ${e.note}`;
          if (e.kind === 'MEDIATED' && rest.slice(i + 1).some((x) => x.kind !== 'CLOSED')) return `${d.caseNumber}: mediated, then ${rest[i + 1].kind}`;
          level = e.level;
          on = e.on;
        }
        return first.note === null ? null : `${d.caseNumber}: note on OPENED`;
      }),
    ).toEqual([]);
  });

  it('have 1–3 adult parties living in the district on the day found, the first in the community', () => {
    expect(
      problems(ca.disputes, (d) => {
        if (d.partyIds.length < 1 || d.partyIds.length > 3 || new Set(d.partyIds).size !== d.partyIds.length) return `${d.caseNumber}: parties ${d.partyIds}`;
        const district = communities.get(d.communityCode)!.districtCode;
        for (const [i, id] of d.partyIds.entries()) {
          const p = byId.get(id);
          if (!p) return `${d.caseNumber}: unknown ${id}`;
          const home = residenceOn(p, d.foundOn);
          if (home?.districtCode !== district) return `${d.caseNumber}: ${id} lived in ${home?.districtCode}, not ${district}`;
          if (i === 0 && home.communityCode !== d.communityCode) return `${d.caseNumber}: first party not of ${d.communityCode}`;
          if (ageOn(p.birthDate, d.foundOn) < 18) return `${d.caseNumber}: ${id} aged ${ageOn(p.birthDate, d.foundOn)}`;
        }
        return null;
      }),
    ).toEqual([]);
  });

  it('carry nothing about ethnicity', () => {
    const caseKeys = ['caseNumber', 'kind', 'communityCode', 'streetCode', 'foundOn', 'partyIds', 'originRegionCode', 'events'];
    const eventKeys = ['kind', 'on', 'level', 'note'];
    expect(problems(ca.disputes, (d) => (Object.keys(d).sort().join() === caseKeys.sort().join() ? null : Object.keys(d).join()))).toEqual([]);
    const events = ca.disputes.flatMap((d) => d.events);
    expect(problems(events, (e) => (Object.keys(e).sort().join() === eventKeys.sort().join() ? null : Object.keys(e).join()))).toEqual([]);
    expect(problems(ca.disputes, (d) => (/ETHNIC|RELIGIO/.test(d.kind) ? d.kind : null))).toEqual([]);
    expect(problems(events, (e) => (e.note !== null && /民族|宗教|回族|汉族/.test(e.note) ? e.note : null))).toEqual([]);
  });

  it('involve about 1.5% of persons, labour and neighbourhood most, most settled in the community', () => {
    const d = ca.disputes;
    within('persons party to a dispute', share(new Set(d.flatMap((x) => x.partyIds)).size, people.length), 0.011, 0.02);
    const kinds = [...groupBy(d, (x) => x.kind)].sort((a, b) => b[1].length - a[1].length).map(([k]) => k);
    expect(kinds.slice(0, 2).sort()).toEqual(['LABOUR', 'NEIGHBOURHOOD']);
    expect(kinds).toHaveLength(6);
    const levels = groupBy(d, topLevel);
    within('community', share(levels.get('COMMUNITY')!.length, d.length), 0.62, 0.78);
    within('street', share(levels.get('STREET')!.length, d.length), 0.15, 0.3);
    within('district', share(levels.get('DISTRICT')!.length, d.length), 0.03, 0.13);
  });

  it('are mostly closed after a mediation, sooner in the community; the open ones recent', () => {
    const d = ca.disputes;
    const closed = d.filter(isClosed);
    within('closed', share(closed.length, d.length), 0.78, 0.92);
    within('mediated before closing', share(closed.filter((x) => x.events.some((e) => e.kind === 'MEDIATED')).length, closed.length), 0.75, 0.97);
    const days = (level: DisputeLevel) => closed.filter((x) => topLevel(x) === level).map((x) => day(last(x).on) - day(x.foundOn));
    const [community, street, district] = (['COMMUNITY', 'STREET', 'DISTRICT'] as const).map((l) => median(days(l)));
    expect(community).toBeGreaterThanOrEqual(15);
    expect(community).toBeLessThanOrEqual(30);
    expect(street).toBeGreaterThan(community);
    expect(district).toBeGreaterThan(street);
    const open = d.filter((x) => !isClosed(x));
    within('open found in the last year', share(open.filter((x) => day(asOf) - day(x.foundOn) <= 365).length, open.length), 0.8, 1);
  });
});

describe('service-point activity', () => {
  it('runs for every point from its opening month to the month of asOf, one row a month', () => {
    const openings = servicePointOpeningMonths(SEED, geography.servicePoints);
    const rows = groupBy(ca.servicePointActivity, (a) => a.communityCode);
    expect(rows.size).toBe(geography.servicePoints.length);
    expect(
      problems(geography.servicePoints, (p) => {
        const opened = openings.get(p.communityCode)!;
        if (opened.slice(0, 4) !== String(p.openedYear)) return `${p.communityCode} opened ${opened}, year ${p.openedYear}`;
        const list = rows.get(p.communityCode)!;
        if (list[0].month !== opened) return `${p.communityCode} starts ${list[0].month}, opened ${opened}`;
        if (list[list.length - 1].month !== monthOf(asOf)) return `${p.communityCode} ends ${list[list.length - 1].month}`;
        for (let i = 1; i < list.length; i++)
          if (list[i].month !== nextMonth(list[i - 1].month)) return `${p.communityCode}: ${list[i - 1].month} → ${list[i].month}`;
        return null;
      }),
    ).toEqual([]);
    expect(
      problems(ca.servicePointActivity, (a) =>
        Number.isInteger(a.visits) && Number.isInteger(a.servicesGiven) && a.servicesGiven >= 0 && a.servicesGiven <= a.visits ? null : JSON.stringify(a),
      ),
    ).toEqual([]);
  });

  it('follows the migrants living in the community', () => {
    // Residents on 15 June 2025 against the visits of 2025, community by community.
    const residents = new Map<string, number>();
    for (const p of people) {
      const home = residenceOn(p, '2025-06-15');
      if (home) residents.set(home.communityCode, (residents.get(home.communityCode) ?? 0) + 1);
    }
    const visits = new Map<string, number>();
    for (const a of ca.servicePointActivity) if (a.month.startsWith('2025')) visits.set(a.communityCode, (visits.get(a.communityCode) ?? 0) + a.visits);
    const codes = [...visits.keys()];
    const xs = codes.map((c) => residents.get(c) ?? 0);
    const ys = codes.map((c) => visits.get(c)!);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const [mx, my] = [mean(xs), mean(ys)];
    const cov = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0);
    const r = cov / Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0) * ys.reduce((s, y) => s + (y - my) ** 2, 0));
    expect(r).toBeGreaterThan(0.8);
    // About one visit per resident a year.
    const perResident = share(
      ys.reduce((s, y) => s + y, 0),
      xs.reduce((s, x) => s + x, 0),
    );
    expect(perResident).toBeGreaterThan(0.7);
    expect(perResident).toBeLessThan(1.5);
  });

  it('is busier around the Spring Festival and at the start of the school year', () => {
    const byMonth = new Map<string, number>();
    for (const a of ca.servicePointActivity) byMonth.set(a.month, (byMonth.get(a.month) ?? 0) + a.visits);
    const years = [2022, 2023, 2024, 2025];
    const avg = (months: number[]) =>
      years.reduce((s, y) => s + months.reduce((t, m) => t + byMonth.get(`${y}-${String(m).padStart(2, '0')}`)!, 0), 0) / (years.length * months.length);
    const quiet = avg([5, 6, 7]);
    expect(avg([9]) / quiet).toBeGreaterThan(1.25);
    expect(avg([1, 2, 3]) / quiet).toBeGreaterThan(1.05);
    expect(byMonth.get('2020-02')!).toBeLessThan(byMonth.get('2019-11')!);
  });
});
