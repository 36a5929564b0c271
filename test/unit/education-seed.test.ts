import { DEFAULT_AS_OF, generateGeography, generatePopulation, SyntheticPerson } from '../../subgraphs/synthetic';
import { generateEnrolments, SyntheticEnrolment } from '../../subgraphs/education/seed/enrolments';
import { generateApplications, SyntheticApplication, WAITING_SHARE, WITHDRAWN_SHARE } from '../../subgraphs/education/seed/applications';
import { generateSchools, SchoolLevel, schoolLevelForAge, SyntheticSchool } from '../../subgraphs/education/seed/synthetic-schools';
import { chineseNumeral } from '../../subgraphs/education/seed/school-names';
import { problems } from '../support/checks';

// Independent date helpers (UTC), so the tests don't trust the module's own date code.
const DAY_MS = 86_400_000;
const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
const iso = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
function ageOn(birth: string, on: string): number {
  const years = +on.slice(0, 4) - +birth.slice(0, 4);
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}
const ageInSchoolYear = (p: SyntheticPerson, year: number) => ageOn(p.birthDate, `${year}-09-01`);

/** The residence a person had on a day. */
function residenceOn(p: SyntheticPerson, date: string) {
  return p.residences.find((r) => r.fromDate <= date && (r.toDate === null || date <= r.toDate));
}

const SEED = 2013;
const SIZE = 20000;
const asOf = DEFAULT_AS_OF; // 2026-11-01: school year 2026–2027
const CURRENT_YEAR = 2026;
const DIGIT: Record<SchoolLevel, string> = {
  KINDERGARTEN: '1',
  PRIMARY: '2',
  JUNIOR_SECONDARY: '3',
  SENIOR_SECONDARY: '4',
  VOCATIONAL: '5',
};
const START_AGE: Record<SchoolLevel, number> = {
  KINDERGARTEN: 3,
  PRIMARY: 6,
  JUNIOR_SECONDARY: 12,
  SENIOR_SECONDARY: 15,
  VOCATIONAL: 15,
};
const GRADES: Record<SchoolLevel, number> = {
  KINDERGARTEN: 3,
  PRIMARY: 6,
  JUNIOR_SECONDARY: 3,
  SENIOR_SECONDARY: 3,
  VOCATIONAL: 3,
};

let people: SyntheticPerson[];
let byId: Map<string, SyntheticPerson>;
let schools: SyntheticSchool[];
let schoolByCode: Map<string, SyntheticSchool>;
let enrolments: SyntheticEnrolment[];
let active: SyntheticEnrolment[];

beforeAll(() => {
  people = [...generatePopulation({ seed: SEED, size: SIZE })];
  byId = new Map(people.map((p) => [p.id, p]));
  schools = generateSchools(SEED);
  schoolByCode = new Map(schools.map((s) => [s.code, s]));
  enrolments = generateEnrolments(people, schools, { seed: SEED });
  active = enrolments.filter((e) => e.endedOn === null);
});

describe('schoolLevelForAge', () => {
  it('maps the age on 1 September to a level', () => {
    const levels = Array.from({ length: 20 }, (_, age) => schoolLevelForAge(age));
    expect(levels.slice(0, 3)).toEqual([null, null, null]);
    expect(levels.slice(3, 6)).toEqual(Array(3).fill('KINDERGARTEN'));
    expect(levels.slice(6, 12)).toEqual(Array(6).fill('PRIMARY'));
    expect(levels.slice(12, 15)).toEqual(Array(3).fill('JUNIOR_SECONDARY'));
    expect(levels.slice(15, 18)).toEqual(Array(3).fill('SENIOR_SECONDARY'));
    expect(levels.slice(18)).toEqual([null, null]);
  });

  it('writes school numbers in Chinese', () => {
    expect([1, 3, 10, 11, 20, 23, 99].map(chineseNumeral)).toEqual(['一', '三', '十', '十一', '二十', '二十三', '九十九']);
  });
});

describe('determinism', () => {
  it('gives the same schools and enrolments for the same seed', () => {
    const again = generateSchools(SEED);
    expect(generateEnrolments(people, again, { seed: SEED })).toEqual(enrolments);
    expect(again).toEqual(schools); // capacities included
  });

  it('differs for another seed', () => {
    const other = generateSchools(SEED + 1);
    expect(other.map((s) => s.name)).not.toEqual(schools.map((s) => s.name));
    const otherEnrolments = generateEnrolments(people, generateSchools(SEED), { seed: SEED + 1 });
    expect(otherEnrolments.map((e) => e.schoolCode)).not.toEqual(enrolments.map((e) => e.schoolCode));
  });

  it('records only children', () => {
    const adults = people.filter((p) => p.householdRole !== 'CHILD').slice(0, 1000);
    expect(generateEnrolments(adults, generateSchools(SEED), { seed: SEED })).toEqual([]);
  });
});

describe('schools', () => {
  it('have unique, well-formed, sorted codes and unique names', () => {
    const geography = generateGeography(SEED);
    const communityDistrict = new Map(geography.districts.flatMap((d) => d.streets.flatMap((s) => s.communities.map((c) => [c.code, d.code] as const))));
    const codes = schools.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(schools.map((s) => s.name)).size).toBe(schools.length);
    expect(
      problems(schools, (s) =>
        /^\d{10}$/.test(s.code) &&
        s.code.slice(0, 6) === s.districtCode &&
        s.code[6] === DIGIT[s.level] &&
        s.code.slice(7) !== '000' &&
        communityDistrict.get(s.communityCode) === s.districtCode &&
        /^\p{Script=Han}+$/u.test(s.name) &&
        (s.name.startsWith(geography.districts.find((d) => d.code === s.districtCode)!.nameZh) || (s.level === 'VOCATIONAL' && s.name.startsWith('银川市')))
          ? null
          : JSON.stringify(s),
      ),
    ).toEqual([]);
  });

  it('name the level the way Chinese schools do', () => {
    const suffix: Record<SchoolLevel, RegExp> = {
      KINDERGARTEN: /幼儿园$/,
      PRIMARY: /(小学|学校)$/,
      JUNIOR_SECONDARY: /(中学|学校)$/,
      SENIOR_SECONDARY: /高级中学$/,
      VOCATIONAL: /职业技术学校$/,
    };
    expect(problems(schools, (s) => (suffix[s.level].test(s.name) ? null : `${s.level} ${s.name}`))).toEqual([]);
  });

  it('cover every district at every level, scaled by its communities', () => {
    const geography = generateGeography(SEED);
    for (const d of geography.districts) {
      const here = schools.filter((s) => s.districtCode === d.code);
      const count = (level: SchoolLevel) => here.filter((s) => s.level === level).length;
      const communities = d.streets.reduce((n, s) => n + s.communities.length, 0);
      for (const level of ['KINDERGARTEN', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY'] as const) {
        expect(count(level)).toBeGreaterThanOrEqual(1);
        expect(here.some((s) => s.level === level && s.ownership === 'PUBLIC')).toBe(true);
      }
      expect(count('KINDERGARTEN')).toBe(Math.max(1, Math.round(0.6 * communities)));
      expect(count('PRIMARY')).toBe(Math.max(1, Math.round(0.35 * communities)));
      expect(count('VOCATIONAL')).toBeLessThanOrEqual(2);
      if (d.kind === 'URBAN_DISTRICT') expect(count('VOCATIONAL')).toBeGreaterThanOrEqual(1);
      else expect(count('VOCATIONAL')).toBeLessThanOrEqual(1);
    }
  });

  it('are mostly public, kindergartens less so', () => {
    const publicShare = (level: SchoolLevel) => {
      const all = schools.filter((s) => s.level === level);
      return all.filter((s) => s.ownership === 'PUBLIC').length / all.length;
    };
    expect(publicShare('KINDERGARTEN')).toBeGreaterThan(0.45);
    expect(publicShare('KINDERGARTEN')).toBeLessThan(0.75);
    expect(publicShare('PRIMARY')).toBeGreaterThan(0.65);
    expect(publicShare('PRIMARY')).toBeLessThan(0.95);
    expect(publicShare('JUNIOR_SECONDARY')).toBeGreaterThan(0.65);
    expect(publicShare('SENIOR_SECONDARY')).toBeGreaterThan(0.65);
  });

  it('are never over capacity, with 1.2–1.6 times the places taken', () => {
    const pupils = new Map<string, number>();
    for (const e of active) pupils.set(e.schoolCode, (pupils.get(e.schoolCode) ?? 0) + 1);
    expect(
      problems(schools, (s) => {
        const n = pupils.get(s.code) ?? 0;
        return Number.isInteger(s.capacity) && s.capacity >= n && s.capacity > 0 && s.capacity <= Math.max(5, Math.ceil(n * 1.6))
          ? null
          : `${s.code}: ${n} pupils, capacity ${s.capacity}`;
      }),
    ).toEqual([]);
    const total = schools.reduce((sum, s) => sum + s.capacity, 0);
    expect(total / active.length).toBeGreaterThan(1.2);
    expect(total / active.length).toBeLessThan(1.7);
  });
});

describe('enrolments', () => {
  it('belong to children and their guardians, at known schools', () => {
    expect(enrolments.length).toBeGreaterThan(0);
    expect(
      problems(enrolments, (e) => {
        const child = byId.get(e.childId);
        if (!child || child.householdRole !== 'CHILD') return `${e.childId}: not a child`;
        if (child.guardianId !== e.guardianId) return `${e.childId}: guardian ${e.guardianId}`;
        return schoolByCode.has(e.schoolCode) ? null : `${e.childId}: unknown school ${e.schoolCode}`;
      }),
    ).toEqual([]);
  });

  it('are at the level and grade of the child’s age in that school year', () => {
    expect(
      problems(enrolments, (e) => {
        const child = byId.get(e.childId)!;
        const { level } = schoolByCode.get(e.schoolCode)!;
        const age = ageInSchoolYear(child, e.schoolYear);
        const expected = schoolLevelForAge(age);
        const levelOk = expected === level || (level === 'VOCATIONAL' && expected === 'SENIOR_SECONDARY');
        const grade = Math.min(GRADES[level], Math.max(1, age - START_AGE[level] + 1));
        return levelOk && e.grade === grade ? null : `${e.childId} age ${age} in ${e.schoolYear}: ${level} grade ${e.grade}`;
      }),
    ).toEqual([]);
  });

  it('have consistent dates: enrolledOn ≤ endedOn ≤ asOf, after arrival, in the school year', () => {
    expect(
      problems(enrolments, (e) => {
        const child = byId.get(e.childId)!;
        const ok =
          /^\d{4}-\d{2}-\d{2}$/.test(e.enrolledOn) &&
          iso(day(e.enrolledOn)) === e.enrolledOn &&
          e.enrolledOn >= child.arrivalDate &&
          e.enrolledOn <= asOf &&
          (e.endedOn === null) === (e.endReason === null) &&
          (e.endedOn === null || (e.enrolledOn <= e.endedOn && e.endedOn <= asOf)) &&
          // The school year is the current one while enrolled, else the one of the last day.
          (e.endedOn === null ? e.schoolYear === CURRENT_YEAR : e.endedOn >= `${e.schoolYear}-09-01` && e.endedOn < `${e.schoolYear + 1}-09-01`);
        return ok ? null : JSON.stringify(e);
      }),
    ).toEqual([]);
  });

  it('do not overlap for one child, with at most one active', () => {
    const byChild = new Map<string, SyntheticEnrolment[]>();
    for (const e of enrolments) byChild.set(e.childId, [...(byChild.get(e.childId) ?? []), e]);
    expect(
      problems(byChild, ([id, list]) => {
        if (list.filter((e) => e.endedOn === null).length > 1) return `${id}: two active`;
        for (let i = 1; i < list.length; i++) {
          const before = list[i - 1];
          if (before.endedOn === null || before.endedOn >= list[i].enrolledOn) return `${id}: overlap at ${list[i].enrolledOn}`;
        }
        return null;
      }),
    ).toEqual([]);
  });

  it('are active in the district of the child’s current residence', () => {
    expect(active.length).toBeGreaterThan(1000);
    expect(
      problems(active, (e) => {
        const current = byId.get(e.childId)!.residences.at(-1)!;
        return schoolByCode.get(e.schoolCode)!.districtCode === current.districtCode ? null : `${e.childId}`;
      }),
    ).toEqual([]);
  });

  it('follow the residence: each record at a school of the district lived in', () => {
    expect(
      problems(enrolments, (e) => {
        const child = byId.get(e.childId)!;
        const district = schoolByCode.get(e.schoolCode)!.districtCode;
        const start = residenceOn(child, e.enrolledOn);
        const end = residenceOn(child, e.endedOn ?? asOf);
        return start?.districtCode === district && end?.districtCode === district ? null : JSON.stringify(e);
      }),
    ).toEqual([]);
  });

  it('include graduations on 30 June, transfers on a move to another district, and dropouts', () => {
    const ended = (reason: string) => enrolments.filter((e) => e.endReason === reason);
    const graduated = ended('GRADUATED');
    const transferred = ended('TRANSFERRED');
    const dropped = ended('DROPPED_OUT');
    expect(graduated.length).toBeGreaterThan(500);
    expect(transferred.length).toBeGreaterThan(50);
    expect(dropped.length).toBeGreaterThan(10);
    expect(problems(graduated, (e) => (e.endedOn!.endsWith('-06-30') ? null : JSON.stringify(e)))).toEqual([]);
    // A graduation is from the last grade of the level.
    expect(problems(graduated, (e) => (e.grade === GRADES[schoolByCode.get(e.schoolCode)!.level] ? null : JSON.stringify(e)))).toEqual([]);
    // A transfer ends the day before the family moves to another district.
    expect(
      problems(transferred, (e) => {
        const child = byId.get(e.childId)!;
        const next = residenceOn(child, iso(day(e.endedOn!) + 1));
        return next && next.fromDate === iso(day(e.endedOn!) + 1) && next.districtCode !== schoolByCode.get(e.schoolCode)!.districtCode
          ? null
          : JSON.stringify(e);
      }),
    ).toEqual([]);
    // Dropping out happens mostly at senior-secondary age.
    const senior = dropped.filter((e) => ['SENIOR_SECONDARY', 'VOCATIONAL'].includes(schoolByCode.get(e.schoolCode)!.level));
    expect(senior.length / dropped.length).toBeGreaterThan(0.4);
  });

  it('reach realistic shares of the children of each age', () => {
    const activeByChild = new Map(active.map((e) => [e.childId, e]));
    const counts = new Map<SchoolLevel, { children: number; enrolled: number }>();
    let vocational = 0;
    let droppedNow = 0;
    for (const p of people) {
      if (p.householdRole !== 'CHILD') continue;
      const level = schoolLevelForAge(ageInSchoolYear(p, CURRENT_YEAR));
      if (level === null) {
        if (activeByChild.has(p.id)) throw new Error(`${p.id} is enrolled out of school age`);
        continue;
      }
      const c = counts.get(level) ?? { children: 0, enrolled: 0 };
      counts.set(level, c);
      c.children++;
      const e = activeByChild.get(p.id);
      if (e) {
        c.enrolled++;
        if (schoolByCode.get(e.schoolCode)!.level === 'VOCATIONAL') vocational++;
      }
    }
    for (const e of enrolments) if (e.endReason === 'DROPPED_OUT' && e.schoolYear === CURRENT_YEAR) droppedNow++;
    const rate = (level: SchoolLevel) => counts.get(level)!.enrolled / counts.get(level)!.children;
    const senior = counts.get('SENIOR_SECONDARY')!.enrolled;
    const publicShare = active.filter((e) => schoolByCode.get(e.schoolCode)!.ownership === 'PUBLIC').length / active.length;
    const feesEqual = (ownership: string) => {
      const list = enrolments.filter((e) => schoolByCode.get(e.schoolCode)!.ownership === ownership);
      return list.filter((e) => e.feesEqualToLocal).length / list.length;
    };
    console.log(
      [
        `education seed, ${SIZE} persons: ${schools.length} schools, ${enrolments.length} enrolments (${active.length} active)`,
        ...[...counts].map(([level, c]) => `  ${level}: ${c.enrolled}/${c.children} = ${(rate(level) * 100).toFixed(1)}%`),
        `  vocational ${((vocational / senior) * 100).toFixed(1)}% of senior-age pupils; public ${(publicShare * 100).toFixed(1)}% of pupils`,
        `  fees equal: public ${(feesEqual('PUBLIC') * 100).toFixed(1)}%, private ${(feesEqual('PRIVATE') * 100).toFixed(1)}%; dropouts this year ${droppedNow}`,
      ].join('\n'),
    );
    expect(rate('KINDERGARTEN')).toBeGreaterThan(0.7);
    expect(rate('KINDERGARTEN')).toBeLessThan(0.9);
    expect(rate('PRIMARY')).toBeGreaterThan(0.93);
    expect(rate('JUNIOR_SECONDARY')).toBeGreaterThan(0.9);
    expect(rate('SENIOR_SECONDARY')).toBeGreaterThan(0.6);
    expect(rate('SENIOR_SECONDARY')).toBeLessThan(0.8);
    expect(rate('PRIMARY')).toBeGreaterThan(rate('SENIOR_SECONDARY'));
    expect(vocational / senior).toBeGreaterThan(0.15);
    expect(vocational / senior).toBeLessThan(0.4);
    expect(publicShare).toBeGreaterThan(0.75);
    expect(publicShare).toBeLessThan(0.95);
    expect(feesEqual('PUBLIC')).toBeGreaterThan(0.9);
    expect(feesEqual('PRIVATE')).toBeGreaterThan(0.5);
    expect(feesEqual('PRIVATE')).toBeLessThan(0.8);
  });
});

describe('an earlier asOf, in the summer holidays', () => {
  it('keeps to what was known then', () => {
    const then = '2024-07-15'; // school year 2023–2024, after its last day
    const earlier = generateEnrolments(people, generateSchools(SEED), { seed: SEED, asOf: then });
    const activeThen = earlier.filter((e) => e.endedOn === null);
    expect(activeThen.length).toBeGreaterThan(1000);
    expect(new Set(activeThen.map((e) => e.childId)).size).toBe(activeThen.length);
    expect(earlier.some((e) => e.endedOn === '2024-06-30' && e.endReason === 'GRADUATED')).toBe(true);
    expect(
      problems(earlier, (e) => {
        const child = byId.get(e.childId)!;
        const { level, districtCode } = schoolByCode.get(e.schoolCode)!;
        const expected = schoolLevelForAge(ageInSchoolYear(child, e.schoolYear));
        const ok =
          child.arrivalDate <= e.enrolledOn &&
          e.enrolledOn <= then &&
          (e.endedOn === null ? e.schoolYear === 2023 && residenceOn(child, then)?.districtCode === districtCode : e.endedOn <= then) &&
          (expected === level || (level === 'VOCATIONAL' && expected === 'SENIOR_SECONDARY'));
        return ok ? null : JSON.stringify(e);
      }),
    ).toEqual([]);
  });
});

describe('applications for a school place (随迁子女入学申请)', () => {
  let children: Map<string, SyntheticPerson>;
  let applications: SyntheticApplication[];
  /** Children with an enrolment open now. */
  let inSchool: Set<string>;
  beforeAll(() => {
    children = new Map(people.filter((p) => p.householdRole === 'CHILD').map((p) => [p.id, p]));
    applications = generateApplications(children, enrolments, schools, { seed: SEED });
    inSchool = new Set(active.map((e) => e.childId));
  });
  /** An enrolment that starts a level here: not the continuation of a transfer (the child's record before it ended TRANSFERRED). */
  const isEntry = (e: SyntheticEnrolment, index: number) =>
    !(index > 0 && enrolments[index - 1].childId === e.childId && enrolments[index - 1].endReason === 'TRANSFERRED');

  it('are the same for the same seed, in filing order', () => {
    const again = generateApplications(children, generateEnrolments(people, generateSchools(SEED), { seed: SEED }), generateSchools(SEED), { seed: SEED });
    const plain = (list: SyntheticApplication[]) => list.map((a) => ({ ...a, enrolment: a.enrolment && `${a.enrolment.childId} ${a.enrolment.enrolledOn}` }));
    expect(plain(again)).toEqual(plain(applications));
    const filed = applications.map((a) => a.filedOn);
    expect(filed).toEqual([...filed].sort());
  });

  it('place each entry into a level by exactly one application, filed by the family before the first day at school', () => {
    const placed = applications.filter((a) => a.outcome === 'PLACED');
    const entries = enrolments.filter(isEntry);
    expect(placed.length).toBe(entries.length);
    expect(new Set(placed.map((a) => a.enrolment)).size).toBe(placed.length);
    const entrySet = new Set(entries);
    expect(placed.every((a) => a.enrolment !== null && entrySet.has(a.enrolment))).toBe(true);
    expect(
      problems(placed, (a) => {
        const e = a.enrolment!;
        const child = byId.get(a.childId)!;
        const ok =
          e.childId === a.childId &&
          a.childBirthDate === child.birthDate &&
          a.decidedOn === e.enrolledOn &&
          a.filedOn <= e.enrolledOn &&
          a.filedOn >= child.arrivalDate &&
          (a.filedOn === child.arrivalDate || day(e.enrolledOn) - day(a.filedOn) <= 60) &&
          a.level === schoolByCode.get(e.schoolCode)!.level &&
          a.schoolYear === (e.enrolledOn.slice(5) >= '09-01' ? +e.enrolledOn.slice(0, 4) : +e.enrolledOn.slice(0, 4) - 1) &&
          a.communityCode === (residenceOn(child, a.filedOn) ?? child.residences[0]).communityCode;
        return ok ? null : JSON.stringify({ ...a, enrolment: e });
      }),
    ).toEqual([]);
  });

  it('wait or were withdrawn only for children of school age this year who have no school now', () => {
    const open = applications.filter((a) => a.outcome !== 'PLACED');
    expect(
      problems(open, (a) => {
        const child = byId.get(a.childId)!;
        const age = ageInSchoolYear(child, CURRENT_YEAR);
        const ok =
          !inSchool.has(a.childId) &&
          age >= 3 &&
          age <= 17 &&
          a.level === schoolLevelForAge(age) &&
          a.schoolYear === CURRENT_YEAR &&
          a.enrolment === null &&
          a.filedOn >= child.arrivalDate &&
          a.filedOn >= iso(day('2026-09-01') - 120) &&
          a.filedOn <= asOf &&
          (a.outcome === 'WAITING' ? a.decidedOn === null : a.decidedOn !== null && a.filedOn <= a.decidedOn && a.decidedOn <= asOf) &&
          a.communityCode === residenceOn(child, a.filedOn)?.communityCode;
        return ok ? null : JSON.stringify(a);
      }),
    ).toEqual([]);
    const waiting = open.filter((a) => a.outcome === 'WAITING').map((a) => a.childId);
    expect(new Set(waiting).size).toBe(waiting.length);
  });

  it('are mostly placed, with some waiting and a few withdrawn, in the shares of the children without a school', () => {
    const count = (outcome: string) => applications.filter((a) => a.outcome === outcome).length;
    // School-age children here on the day without a school now: those who may have applied and still wait.
    const candidates = [...children.values()].filter((p) => {
      const age = ageInSchoolYear(p, CURRENT_YEAR);
      return p.arrivalDate <= asOf && age >= 3 && age <= 17 && !inSchool.has(p.id);
    }).length;
    console.log(
      `applications: ${count('PLACED')} placed, ${count('WAITING')} waiting, ${count('WITHDRAWN')} withdrawn of ${candidates} children without a school`,
    );
    expect(count('PLACED')).toBeGreaterThan(0.8 * applications.length);
    // Binomial draws over the candidates: within four standard deviations of the shares.
    for (const [outcome, p] of [
      ['WAITING', WAITING_SHARE],
      ['WITHDRAWN', WITHDRAWN_SHARE],
    ] as const) {
      const sd = Math.sqrt(candidates * p * (1 - p));
      expect(Math.abs(count(outcome) - candidates * p)).toBeLessThan(4 * sd);
    }
  });
});
