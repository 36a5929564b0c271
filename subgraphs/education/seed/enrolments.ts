/**
 * Enrolments of migrants' children, derived from the shared population: each child's schooling is
 * laid over their residence history, so the school district always matches where the family
 * lived, a move to another district means a transfer, and a finished level a graduation.
 */
import { ageOn, formatDate, parseDate, toParts } from '../../kit/dates';
import { derive, Random, WeightedTable } from '../../kit/random';
import { DEFAULT_AS_OF, SyntheticPerson } from '../../synthetic';
import { gradeFor, LEVELS, SchoolLevel, schoolYearEnd, schoolYearOf, schoolYearStart } from '../entities/school-levels';
import type { SyntheticSchool } from './synthetic-schools';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { ceil, floor, max, min } = Math;

export type EnrolmentEnd = 'TRANSFERRED' | 'GRADUATED' | 'DROPPED_OUT';

export interface SyntheticEnrolment {
  /** SyntheticPerson.id of a CHILD. */
  childId: string;
  /** The child's guardianId (the household head). */
  guardianId: string;
  schoolCode: string;
  /** Kindergarten 1–3, primary 1–6, junior 1–3, senior 1–3, vocational 1–3. */
  grade: number;
  /** Start year of the school year (2026 = 2026–2027): the current one while enrolled, else the last one. */
  schoolYear: number;
  /** 'YYYY-MM-DD'. */
  enrolledOn: string;
  /** null while enrolled. */
  endedOn: string | null;
  /** null while enrolled. */
  endReason: EnrolmentEnd | null;
  /** Same fees and treatment as local pupils (同等待遇). */
  feesEqualToLocal: boolean;
}

export interface EnrolmentOptions {
  seed: number;
  /** 'YYYY-MM-DD'; defaults to the generator's DEFAULT_AS_OF. The current school year is the one containing it. */
  asOf?: string;
}

/** The stages of a school career; vocational school is a branch of the senior stage. */
type Stage = 'KINDERGARTEN' | 'PRIMARY' | 'JUNIOR_SECONDARY' | 'SENIOR_SECONDARY';
const STAGES: readonly Stage[] = ['KINDERGARTEN', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY'];

/** About 80% of migrant children of 3–5 attend a kindergarten (pre-school is not compulsory). */
const KINDERGARTEN_SHARE = 0.8;

/**
 * The stage at which a child's schooling stops (the stage index; 4 = went through senior
 * secondary). Chained so that the shares enrolled come out at primary 97%, junior 95% and
 * senior-secondary age 70%, and a junior pupil has always been to primary school: 3% never start
 * primary, 2% leave after it, 25% after junior school (中考), 70% go on.
 */
const STOP_STAGE = new WeightedTable([1, 2, 3, 4], (i) => [3, 2, 25, 70][i - 1]);

/** Of those who go on after junior school, about 30% go to a vocational school (中职). */
const VOCATIONAL_SHARE = 0.3;

/**
 * Of the children whose schooling stops at a stage, the share that had started it and dropped out
 * (a DROPPED_OUT record); the rest never enrolled (no record). Dropping out is rare before
 * junior school and most common in senior secondary, where schooling is not compulsory.
 */
const DROPOUT_SHARE: Record<Stage, number> = {
  KINDERGARTEN: 0.05,
  PRIMARY: 0.3,
  JUNIOR_SECONDARY: 0.6,
  SENIOR_SECONDARY: 0.25,
};

/** A child who arrived in the last two months of a level finished it back home: no record here. */
const MIN_STAY_BEFORE_GRADUATION_DAYS = 60;
/** A dropout leaves at least two weeks after starting (when the window allows). */
const MIN_DAYS_BEFORE_DROPOUT = 14;

/** About 85% of migrant children in school attend a public one (the 两为主 policy). */
const PREFER_PUBLIC = 0.85;
/** When a school of the level is in the child's own community, most go there (就近入学). */
const PREFER_SAME_COMMUNITY = 0.75;

/** 同等待遇: nearly all public schools treat migrant pupils like local ones; private ones less often. */
const FEES_EQUAL = { PUBLIC: 0.96, PRIVATE: 0.65 } as const;

/** Places for migrant children: 1.2–1.6 times the active pupils, and a few at a school with none. */
const CAPACITY_FACTOR = { min: 1.2, max: 1.6 };
const MIN_PLACES = 5;

/** A residence (or, merged, a stretch in one district) in day numbers, both ends inclusive. */
interface Stay {
  districtCode: string;
  /** The community at the start, for the same-community preference. */
  communityCode: string;
  from: number;
  to: number;
}

/**
 * Enrolments of the CHILD persons, in the order of `persons`, each child's oldest first. Sets the
 * `capacity` of `schools` from the active enrolments placed (assignCapacities).
 */
export function generateEnrolments(persons: Iterable<SyntheticPerson>, schools: SyntheticSchool[], options: EnrolmentOptions): SyntheticEnrolment[] {
  const asOf = parseDate(options.asOf ?? DEFAULT_AS_OF);
  const year = schoolYearOf(asOf);
  const career = derive(options.seed, 'education:schooling');
  const directory = new SchoolDirectory(schools, derive(options.seed, 'education:school-choice'));
  const fees = derive(options.seed, 'education:fees');
  const out: SyntheticEnrolment[] = [];

  for (const person of persons) {
    if (person.householdRole !== 'CHILD' || person.guardianId === null) continue;
    const birth = parseDate(person.birthDate);
    const arrival = parseDate(person.arrivalDate);
    // A fixed number of career draws per child: how one child's career is laid out never shifts the next one's.
    const kindergarten = career.chance(KINDERGARTEN_SHARE);
    const stopStage = STOP_STAGE.pick(career);
    const vocational = career.chance(VOCATIONAL_SHARE);
    const dropoutDraw = career.next();
    const dropoutDay = career.next();
    const kindergartenDropoutDraw = career.next();
    const kindergartenDropoutDay = career.next();
    if (arrival > asOf) continue;
    const ageThisYear = ageOn(birth, schoolYearStart(year)); // age on 1 September of the current year
    if (ageThisYear < LEVELS.KINDERGARTEN.startAge) continue;
    const stays = staysOf(person, asOf);

    const emit = (stage: Stage, parts: Stay[], end: EnrolmentEnd | null): void => {
      parts.forEach((part, i) => {
        const level: SchoolLevel = stage === 'SENIOR_SECONDARY' && vocational && directory.has(part.districtCode, 'VOCATIONAL') ? 'VOCATIONAL' : stage;
        const school = directory.choose(level, part.districtCode, part.communityCode);
        const last = i === parts.length - 1;
        const endedOn = last && end === null ? null : part.to;
        const schoolYear = endedOn === null ? year : schoolYearOf(endedOn);
        out.push({
          childId: person.id,
          guardianId: person.guardianId!,
          schoolCode: school.code,
          grade: gradeFor(level, ageThisYear - (year - schoolYear)),
          schoolYear,
          enrolledOn: formatDate(part.from),
          endedOn: endedOn === null ? null : formatDate(endedOn),
          endReason: last ? end : 'TRANSFERRED',
          feesEqualToLocal: fees.chance(FEES_EQUAL[school.ownership]),
        });
      });
    };

    for (let index = 0; index < STAGES.length; index++) {
      const stage = STAGES[index];
      const { startAge, grades } = LEVELS[stage];
      const firstYear = year - (ageThisYear - startAge);
      if (firstYear > year) break; // not yet of that age
      const levelStart = schoolYearStart(firstYear);
      const levelEnd = schoolYearEnd(firstYear + grades - 1);
      const finished = levelEnd < asOf;
      // The child's part of the level here: from its first day, or from arrival for a transfer-in.
      const from = max(levelStart, arrival);
      const to = finished ? levelEnd : asOf;
      if (from > to) continue;
      const attends = stage === 'KINDERGARTEN' ? kindergarten : index < stopStage;
      const stoppedHere = stage === 'KINDERGARTEN' ? !kindergarten : index === stopStage;
      if (attends) {
        if (finished && to - from < MIN_STAY_BEFORE_GRADUATION_DAYS) continue;
        emit(stage, within(stays, from, to), finished ? 'GRADUATED' : null);
      } else if (stoppedHere && (stage === 'KINDERGARTEN' ? kindergartenDropoutDraw : dropoutDraw) < DROPOUT_SHARE[stage]) {
        const earliest = min(to, from + MIN_DAYS_BEFORE_DROPOUT);
        const day = stage === 'KINDERGARTEN' ? kindergartenDropoutDay : dropoutDay;
        const left = earliest + floor(day * (to - earliest + 1));
        emit(stage, within(stays, from, left), 'DROPPED_OUT');
      }
    }
  }
  assignCapacities(schools, out, options.seed);
  return out;
}

/** The child's residences up to asOf as day ranges (inclusive). */
function staysOf(person: SyntheticPerson, asOf: number): Stay[] {
  const stays: Stay[] = [];
  for (const r of person.residences) {
    const from = parseDate(r.fromDate);
    if (from > asOf) break;
    const to = r.toDate === null ? asOf : min(asOf, parseDate(r.toDate));
    stays.push({ districtCode: r.districtCode, communityCode: r.communityCode, from, to });
  }
  // The current residence runs on to asOf even when asOf is later than the population's.
  if (stays.length > 0) stays[stays.length - 1].to = asOf;
  return stays;
}

/**
 * The stays clipped to [from, to], consecutive ones in one district merged: a move within the
 * district keeps the child at the same school, a move to another district is a transfer. Each
 * part keeps the community lived in when it starts, where the child is enrolled.
 */
function within(stays: Stay[], from: number, to: number): Stay[] {
  const parts: Stay[] = [];
  for (const s of stays) {
    if (s.to < from || s.from > to) continue;
    const last = parts[parts.length - 1];
    if (last && last.districtCode === s.districtCode) last.to = min(s.to, to);
    else
      parts.push({
        districtCode: s.districtCode,
        communityCode: s.communityCode,
        from: max(s.from, from),
        to: min(s.to, to),
      });
  }
  // Arriving in the summer holidays, a child starts school on 1 September.
  for (const part of parts) part.from = min(part.to, termStartOnOrAfter(part.from));
  return parts;
}

/** The day itself in term time; 1 September after a day in July or August. */
function termStartOnOrAfter(day: number): number {
  const { year, month } = toParts(day);
  return month === 7 || month === 8 ? schoolYearStart(year) : day;
}

/** Schools by district, level and ownership, and by community, for quick choice. */
class SchoolDirectory {
  private readonly byDistrict = new Map<string, SyntheticSchool[]>();
  private readonly byCommunity = new Map<string, SyntheticSchool[]>();

  constructor(
    schools: readonly SyntheticSchool[],
    private readonly rng: Random,
  ) {
    for (const s of schools) {
      add(this.byDistrict, `${s.districtCode}|${s.level}|${s.ownership}`, s);
      add(this.byDistrict, `${s.districtCode}|${s.level}`, s);
      add(this.byCommunity, `${s.communityCode}|${s.level}|${s.ownership}`, s);
    }
  }

  has(districtCode: string, level: SchoolLevel): boolean {
    return this.byDistrict.has(`${districtCode}|${level}`);
  }

  choose(level: SchoolLevel, districtCode: string, communityCode: string): SyntheticSchool {
    const ownership = this.rng.chance(PREFER_PUBLIC) ? 'PUBLIC' : 'PRIVATE';
    const other = ownership === 'PUBLIC' ? 'PRIVATE' : 'PUBLIC';
    // Without a school of the preferred kind in the district, the child takes the other kind.
    const kind = this.byDistrict.has(`${districtCode}|${level}|${ownership}`) ? ownership : other;
    const pool = this.byDistrict.get(`${districtCode}|${level}|${kind}`);
    if (!pool) throw new Error(`No ${level} school in district ${districtCode}`);
    const near = this.byCommunity.get(`${communityCode}|${level}|${kind}`);
    if (near && this.rng.chance(PREFER_SAME_COMMUNITY)) return this.rng.pick(near);
    return this.rng.pick(pool);
  }
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Sets each school's capacity from its active enrolments: 1.2–1.6 times as many places (so
 * never fewer than the pupils), MIN_PLACES at a school without migrant pupils.
 */
export function assignCapacities(schools: SyntheticSchool[], enrolments: readonly SyntheticEnrolment[], seed: number): void {
  const active = new Map<string, number>();
  for (const e of enrolments) if (e.endedOn === null) active.set(e.schoolCode, (active.get(e.schoolCode) ?? 0) + 1);
  const rng = derive(seed, 'education:capacity');
  const ordered = schools.slice().sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const school of ordered) {
    const pupils = active.get(school.code) ?? 0;
    const factor = CAPACITY_FACTOR.min + (CAPACITY_FACTOR.max - CAPACITY_FACTOR.min) * rng.next();
    school.capacity = pupils === 0 ? MIN_PLACES : max(pupils, ceil(pupils * factor));
  }
}
