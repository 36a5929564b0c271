/**
 * Subsidised vocational training (职业技能培训) of migrants: about one working-age adult in five
 * took a course during their stay, mostly an entry-level skill, some a skill upgrade while in work,
 * about one course in ten a start-up course (SYB and the like). Most finish; most who finish
 * pass the assessment and get a skill-level certificate.
 */
import { derive, Random, WeightedTable } from '../../kit/random';
import type { Sex } from '../../synthetic';
import { tradeName } from './employer-names';
import type { Spell } from './employment';
import type { Industry, TrainingKind } from './types';
import type { Worker } from './worker';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { floor, min } = Math;

/** Share of working-age adults who took at least one course; then how many. */
export const TRAINEE_SHARE = 0.2;
const COURSE_COUNT = new WeightedTable([1, 2, 3], (n) => [78, 17, 5][n - 1]);
/** Of courses: start-up ~10%; skill upgrades are for people in work (~20%); the rest entry-level. */
const START_UP_SHARE = 0.1;
const UPGRADE_SHARE_IN_WORK = 0.3;
const COMPLETED = 0.85;
const CERTIFIED_IF_COMPLETED = 0.7;
/** Half of trainees pick a course for the trade they work in, the rest by general demand. */
const COURSE_FOR_OWN_TRADE = 0.5;

interface Occupation {
  /** The occupation as on the certificate (国家职业技能标准). */
  name: string;
  /** Course title stem. */
  course: string;
  /** Relative demand among men and women. */
  weight: Record<Sex, number>;
  trades: readonly Industry[];
}

const OCCUPATIONS: readonly Occupation[] = [
  { name: '中式烹调师', course: '中式烹调', weight: { MALE: 10, FEMALE: 5 }, trades: ['CATERING', 'HALAL_FOOD_PROCESSING'] },
  { name: '中式面点师', course: '中式面点', weight: { MALE: 4, FEMALE: 8 }, trades: ['CATERING', 'HALAL_FOOD_PROCESSING'] },
  { name: '电工', course: '电工', weight: { MALE: 10, FEMALE: 0.5 }, trades: ['CONSTRUCTION', 'MANUFACTURING'] },
  { name: '焊工', course: '焊工', weight: { MALE: 8, FEMALE: 0.3 }, trades: ['CONSTRUCTION', 'MANUFACTURING'] },
  { name: '砌筑工', course: '砌筑工', weight: { MALE: 3, FEMALE: 0.2 }, trades: ['CONSTRUCTION'] },
  { name: '挖掘机驾驶员', course: '挖掘机操作', weight: { MALE: 6, FEMALE: 0.2 }, trades: ['CONSTRUCTION'] },
  { name: '家政服务员', course: '家政服务员', weight: { MALE: 0.5, FEMALE: 12 }, trades: ['DOMESTIC_SERVICES'] },
  { name: '育婴员', course: '育婴员', weight: { MALE: 0.1, FEMALE: 9 }, trades: ['DOMESTIC_SERVICES'] },
  { name: '养老护理员', course: '养老护理员', weight: { MALE: 1, FEMALE: 6 }, trades: ['DOMESTIC_SERVICES'] },
  { name: '电子商务师', course: '电子商务', weight: { MALE: 5, FEMALE: 7 }, trades: ['RETAIL', 'LOGISTICS'] },
  { name: '美发师', course: '美发', weight: { MALE: 2, FEMALE: 4 }, trades: ['OTHER_SERVICES'] },
  { name: '汽车维修工', course: '汽车维修', weight: { MALE: 5, FEMALE: 0.2 }, trades: ['OTHER_SERVICES', 'LOGISTICS'] },
  { name: '保安员', course: '保安员', weight: { MALE: 3, FEMALE: 0.5 }, trades: ['OTHER_SERVICES'] },
  { name: '缝纫工', course: '缝纫工', weight: { MALE: 0.5, FEMALE: 4 }, trades: ['MANUFACTURING'] },
  { name: '农作物植保员', course: '农作物植保', weight: { MALE: 2, FEMALE: 2 }, trades: ['AGRICULTURE'] },
];

/** Skill levels (职业技能等级): entry courses lead to 五级/四级, upgrades to 四级/三级. */
const LEVELS: Record<'VOCATIONAL_SKILL' | 'SKILL_UPGRADE', { level: string; share: number }[]> = {
  VOCATIONAL_SKILL: [
    { level: '五级', share: 0.65 },
    { level: '四级', share: 0.35 },
  ],
  SKILL_UPGRADE: [
    { level: '四级', share: 0.55 },
    { level: '三级', share: 0.45 },
  ],
};

/** Start-up courses: SYB (创办你的企业) most, GYB and online start-up courses fewer. */
const START_UP_COURSES = new WeightedTable(
  [
    { course: 'SYB创业培训', certificate: '创业培训合格证书（SYB）', weight: 55 },
    { course: 'GYB创业意识培训', certificate: '创业培训合格证书（GYB）', weight: 20 },
    { course: '网络创业培训', certificate: '网络创业培训合格证书', weight: 18 },
    { course: 'IYB改善你的企业培训', certificate: '创业培训合格证书（IYB）', weight: 7 },
  ],
  (c) => c.weight,
);

/** Course lengths in days (a subsidised course runs about 80–200 class hours). */
const DAYS: Record<TrainingKind, [number, number]> = {
  VOCATIONAL_SKILL: [10, 30],
  SKILL_UPGRADE: [5, 15],
  START_UP: [5, 12],
};

const PROVIDER_COUNT = { skills: 16, startUp: 4 };

export interface Course {
  course: string;
  kind: TrainingKind;
  provider: string;
  start: number;
  end: number;
  completed: boolean;
  certificate: string | null;
}

/** Invented training schools and start-up centres, fixed per seed. */
export function trainingProviders(seed: number, districtNames: readonly string[]): { skills: string[]; startUp: string[] } {
  const rng = derive(seed, 'human-resources:training-providers');
  const names = new Set<string>();
  const unique = (make: () => string): string => {
    let name = make();
    while (names.has(name)) name = make();
    names.add(name);
    return name;
  };
  const skills = Array.from({ length: PROVIDER_COUNT.skills }, () =>
    unique(() => {
      const u = rng.next();
      const brand = tradeName(rng);
      if (u < 0.35) return `银川市${brand}职业技能培训学校`;
      if (u < 0.6) return `宁夏${brand}职业培训学校`;
      if (u < 0.8) return `${rng.pick(districtNames)}${brand}职业技能培训中心`;
      return `银川${brand}技工学校`;
    }),
  );
  const startUp = Array.from({ length: PROVIDER_COUNT.startUp }, () => unique(() => `${rng.pick(['银川市', ...districtNames])}${tradeName(rng)}创业孵化基地`));
  return { skills, startUp };
}

export class TrainingPlanner {
  private readonly bySex: Record<Sex, WeightedTable<Occupation>>;

  constructor(private readonly providers: { skills: string[]; startUp: string[] }) {
    this.bySex = {
      MALE: new WeightedTable(OCCUPATIONS, (o) => o.weight.MALE),
      FEMALE: new WeightedTable(OCCUPATIONS, (o) => o.weight.FEMALE),
    };
  }

  /** Courses of one working-age adult, oldest first, all ended by asOf; usually none. */
  plan(rng: Random, worker: Worker, spells: readonly Spell[]): Course[] {
    if (!rng.chance(TRAINEE_SHARE)) return [];
    const count = COURSE_COUNT.pick(rng);
    const courses: Course[] = [];
    for (let k = 0; k < count; k++) {
      const course = this.course(rng, worker, spells);
      if (course) courses.push(course);
    }
    return courses.sort((a, b) => a.start - b.start);
  }

  private course(rng: Random, worker: Worker, spells: readonly Spell[]): Course | null {
    const spell = spells.length > 0 ? rng.pick(spells) : null;
    let kind: TrainingKind = rng.chance(START_UP_SHARE) ? 'START_UP' : spell && rng.chance(UPGRADE_SHARE_IN_WORK) ? 'SKILL_UPGRADE' : 'VOCATIONAL_SKILL';
    const [shortest, longest] = DAYS[kind];
    const length = rng.int(shortest, longest);
    // An upgrade is taken during the job; other courses any time in the stay.
    let from = worker.workFrom;
    let to = worker.workTo;
    if (kind === 'SKILL_UPGRADE' && spell) {
      from = spell.from;
      to = min(to, spell.to ?? to);
      if (to - from + 1 < length) kind = 'VOCATIONAL_SKILL';
    }
    if (to - from + 1 < length) return null;
    const start = from + floor(rng.next() * (to - from + 2 - length));
    const end = start + length - 1;
    const completed = rng.chance(COMPLETED);
    const certified = completed && rng.chance(CERTIFIED_IF_COMPLETED);
    if (kind === 'START_UP') {
      const c = START_UP_COURSES.pick(rng);
      const provider = rng.pick(this.providers.startUp);
      return { course: c.course, kind, provider, start, end, completed, certificate: certified ? c.certificate : null };
    }
    const occupation = this.occupation(rng, worker.person.sex, spell?.employer.industry ?? null);
    const levels = LEVELS[kind];
    const level = rng.next() < levels[0].share ? levels[0].level : levels[1].level;
    return {
      course: occupation.course + (kind === 'SKILL_UPGRADE' ? '技能提升培训' : '技能培训'),
      kind,
      provider: rng.pick(this.providers.skills),
      start,
      end,
      completed,
      certificate: certified ? `职业技能等级证书（${occupation.name} ${level}）` : null,
    };
  }

  private occupation(rng: Random, sex: Sex, trade: Industry | null): Occupation {
    if (trade !== null && rng.chance(COURSE_FOR_OWN_TRADE)) {
      const fitting = OCCUPATIONS.filter((o) => o.trades.includes(trade) && o.weight[sex] >= 1);
      if (fitting.length > 0) return rng.pick(fitting);
    }
    return this.bySex[sex].pick(rng);
  }
}
