/**
 * Applications for a school place (随迁子女入学申请), derived from the shared population and its enrolments: every
 * entry into a level here (an enrolment that is not a transfer) was asked for by an application that the enrolment
 * placed; of the school-age children without a school now, some have an application still waiting and a few one
 * their family withdrew.
 */
import { ageOn, formatDate, parseDate } from '../../kit/dates';
import { derive } from '../../kit/random';
import { schoolAgeGroupOf } from '../../kit/school-age';
import { DEFAULT_AS_OF, SyntheticPerson } from '../../synthetic';
import { schoolLevelForAge, SchoolLevel, schoolYearOf, schoolYearStart } from '../entities/school-levels';
import type { SyntheticEnrolment } from './enrolments';
import type { SyntheticSchool } from './synthetic-schools';
const { floor, max } = Math;

export type ApplicationOutcome = 'WAITING' | 'PLACED' | 'WITHDRAWN';

export interface SyntheticApplication {
  childId: string;
  childBirthDate: string;
  /** Where the family lived on the day it filed, as the application states it. */
  communityCode: string;
  schoolYear: number;
  level: SchoolLevel;
  filedOn: string;
  outcome: ApplicationOutcome;
  /** The day of the placement (the first day at school) or of the withdrawal; null while waiting. */
  decidedOn: string | null;
  /** The enrolment that placed it, of the enrolments passed in; null unless placed. */
  enrolment: SyntheticEnrolment | null;
}

export interface ApplicationOptions {
  seed: number;
  /** 'YYYY-MM-DD'; defaults to the generator's DEFAULT_AS_OF. Waiting applications are for the school year containing it. */
  asOf?: string;
}

/** Of the school-age children without a school now, the share whose family has asked for a place and still waits. */
export const WAITING_SHARE = 0.4;
/** … and the share whose family asked and withdrew (went back home, chose a school outside the city's system). */
export const WITHDRAWN_SHARE = 0.1;
/** A family files 1–60 days before the first day at school. */
const MAX_DAYS_BEFORE_PLACEMENT = 60;
/** Registration for a school year opens in the spring (about four months before 1 September). */
const REGISTRATION_OPENS_DAYS_BEFORE = 120;

/** The family's community on a day: the residence the child was registered at then (the first one before it). */
export function homeCommunityOn(child: SyntheticPerson, day: string): string {
  const residence = child.residences.find((r) => r.fromDate <= day && (r.toDate === null || r.toDate >= day));
  return (residence ?? child.residences[0]).communityCode;
}

/**
 * The applications of the children, oldest filed first (so that the register's ids follow the filing order). `enrolments`
 * are those generateEnrolments made for the same children, each child's oldest first.
 */
export function generateApplications(
  children: ReadonlyMap<string, SyntheticPerson>,
  enrolments: readonly SyntheticEnrolment[],
  schools: readonly SyntheticSchool[],
  options: ApplicationOptions,
): SyntheticApplication[] {
  const asOf = parseDate(options.asOf ?? DEFAULT_AS_OF);
  const year = schoolYearOf(asOf);
  const levelOf = new Map(schools.map((school) => [school.code, school.level]));
  const placing = derive(options.seed, 'education:applications-placed');
  const waiting = derive(options.seed, 'education:applications-waiting');
  const out: SyntheticApplication[] = [];

  // Placed: each entry into a level; a transfer continues the enrolment before it and needs no application.
  const inSchool = new Set<string>();
  let previous: SyntheticEnrolment | undefined;
  for (const enrolment of enrolments) {
    if (enrolment.endedOn === null) inSchool.add(enrolment.childId);
    const transfer = previous?.childId === enrolment.childId && previous.endReason === 'TRANSFERRED';
    previous = enrolment;
    const earlier = 1 + floor(placing.next() * MAX_DAYS_BEFORE_PLACEMENT);
    if (transfer) continue;
    const child = children.get(enrolment.childId)!;
    const start = parseDate(enrolment.enrolledOn);
    const filedOn = formatDate(max(parseDate(child.arrivalDate), start - earlier));
    out.push({
      childId: child.id,
      childBirthDate: child.birthDate,
      communityCode: homeCommunityOn(child, filedOn),
      schoolYear: schoolYearOf(start),
      level: levelOf.get(enrolment.schoolCode)!,
      filedOn,
      outcome: 'PLACED',
      decidedOn: enrolment.enrolledOn,
      enrolment,
    });
  }

  // Waiting or withdrawn: school-age children here now without a school, for this school year.
  const registrationOpens = schoolYearStart(year) - REGISTRATION_OPENS_DAYS_BEFORE;
  for (const child of children.values()) {
    // A fixed number of draws per child, so that one child's application never shifts the next one's.
    const kind = waiting.next();
    const filedDraw = waiting.next();
    const decidedDraw = waiting.next();
    if (child.householdRole !== 'CHILD' || inSchool.has(child.id)) continue;
    const arrival = parseDate(child.arrivalDate);
    if (arrival > asOf || schoolAgeGroupOf(child.birthDate, year) === null) continue;
    const outcome: ApplicationOutcome | null = kind < WAITING_SHARE ? 'WAITING' : kind < WAITING_SHARE + WITHDRAWN_SHARE ? 'WITHDRAWN' : null;
    if (outcome === null) continue;
    const from = max(arrival, registrationOpens);
    const filed = from + floor(filedDraw * (asOf - from + 1));
    const filedOn = formatDate(filed);
    out.push({
      childId: child.id,
      childBirthDate: child.birthDate,
      communityCode: homeCommunityOn(child, filedOn),
      schoolYear: year,
      level: schoolLevelForAge(ageOn(parseDate(child.birthDate), schoolYearStart(year)))!,
      filedOn,
      outcome,
      decidedOn: outcome === 'WITHDRAWN' ? formatDate(filed + floor(decidedDraw * (asOf - filed + 1))) : null,
      enrolment: null,
    });
  }
  return out.sort((a, b) => (a.filedOn < b.filedOn ? -1 : a.filedOn > b.filedOn ? 1 : a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0));
}
