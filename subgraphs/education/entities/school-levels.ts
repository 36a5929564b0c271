/**
 * School levels of the Chinese system as the education bureau records them, and the school-year
 * calendar (1 September to 30 June) over the kit's day numbers; the age groups and the school year
 * themselves are the kit's (subgraphs/kit/school-age.ts), the same in every bureau.
 */
import { formatDate, fromParts } from '../../kit/dates';
import { SCHOOL_AGE_GROUPS, SchoolAgeGroup, schoolYearOf as schoolYearOfDay } from '../../kit/school-age';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { max, min } = Math;

export type SchoolLevel = 'KINDERGARTEN' | 'PRIMARY' | 'JUNIOR_SECONDARY' | 'SENIOR_SECONDARY' | 'VOCATIONAL';

export interface LevelInfo {
  level: SchoolLevel;
  /** The digit after the district code in a school code. */
  digit: number;
  /** Age on 1 September of the first year at this level. */
  startAge: number;
  grades: number;
}

/** 幼儿园 3 years from 3, 小学 6 from 6, 初中 3 from 12, 高中 or 中职 3 from 15. */
export const LEVELS: Readonly<Record<SchoolLevel, LevelInfo>> = {
  KINDERGARTEN: { level: 'KINDERGARTEN', digit: 1, startAge: 3, grades: 3 },
  PRIMARY: { level: 'PRIMARY', digit: 2, startAge: 6, grades: 6 },
  JUNIOR_SECONDARY: { level: 'JUNIOR_SECONDARY', digit: 3, startAge: 12, grades: 3 },
  SENIOR_SECONDARY: { level: 'SENIOR_SECONDARY', digit: 4, startAge: 15, grades: 3 },
  VOCATIONAL: { level: 'VOCATIONAL', digit: 5, startAge: 15, grades: 3 },
};

/** In code order; vocational last. */
export const SCHOOL_LEVELS: readonly SchoolLevel[] = ['KINDERGARTEN', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY', 'VOCATIONAL'];

/**
 * The level for an age on 1 September of the school year. Vocational school is never returned:
 * it is the alternative to senior secondary at the same ages.
 */
export function schoolLevelForAge(age: number): SchoolLevel | null {
  const group = SCHOOL_AGE_GROUPS.find(({ from, to }) => age >= from && age <= to)?.group;
  return group ? LEVEL_OF_AGE_GROUP[group] : null;
}

const LEVEL_OF_AGE_GROUP: Record<SchoolAgeGroup, SchoolLevel> = {
  KINDERGARTEN_AGE: 'KINDERGARTEN',
  PRIMARY_AGE: 'PRIMARY',
  JUNIOR_SECONDARY_AGE: 'JUNIOR_SECONDARY',
  SENIOR_SECONDARY_AGE: 'SENIOR_SECONDARY',
};

/** Grade for an age on 1 September, clamped to the level's grades. */
export function gradeFor(level: SchoolLevel, age: number): number {
  const { startAge, grades } = LEVELS[level];
  return min(grades, max(1, age - startAge + 1));
}

/** Day number of 1 September of `year`, the first day of school year `year`. */
export function schoolYearStart(year: number): number {
  return fromParts(year, 9, 1);
}

/** Day number of 30 June closing school year `year` (so in calendar year year + 1). */
export function schoolYearEnd(year: number): number {
  return fromParts(year + 1, 6, 30);
}

/** The school year a day number belongs to: summer (July, August) counts to the year just ended. */
export function schoolYearOf(day: number): number {
  return schoolYearOfDay(formatDate(day));
}
