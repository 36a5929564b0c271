import type { SyntheticCivilAffairsCases, SyntheticDisputeCase } from '../../subgraphs/civil-affairs/seed/case-types';
import type { SyntheticEnrolment } from '../../subgraphs/education/seed/enrolments';
import { INSURANCE_TYPES, type InsuranceType, type SyntheticHumanResources } from '../../subgraphs/human-resources/seed/types';
import { addMonths } from '../../subgraphs/kit/dates';
import { SMALLEST_SHOWN_COUNT } from '../../subgraphs/kit/disclosure';
import { CITY } from '../../subgraphs/kit/places';
import { COMPULSORY_GROUPS, SCHOOL_AGE_GROUPS, SchoolAgeGroup, schoolAgeGroupOf, schoolYearOf } from '../../subgraphs/kit/school-age';
import type { SyntheticPerson } from '../../subgraphs/synthetic';
import { generateCivilAffairsCases } from '../../subgraphs/civil-affairs/seed/synthetic-cases';
import { generateEnrolments } from '../../subgraphs/education/seed/enrolments';
import { generateSchools } from '../../subgraphs/education/seed/synthetic-schools';
import { generateHumanResources } from '../../subgraphs/human-resources/seed/synthetic-employment';
import { TEST_POPULATION } from './federation';
import { heldOn, permitStatusOn, residenceOn, testPopulation } from './population';

// What each bureau publishes for a place as of a release cut-off, counted here from the generator's records by the
// rules the README states, independently of the bureaus' SQL. A place is the city's code or a district's, street's or
// community's.

/** Whether a community lies in a place. */
export const inPlace = (place: string, community: string) => place === CITY.code || community.startsWith(place);

const personById = () => new Map(testPopulation().map((p) => [p.id, p]));

/**
 * By school-age group, the children registered in a place (public security) and the enrolled ones whose family lived
 * there when they enrolled (education), on the cut-off day.
 */
export function schoolingIn(place: string, enrolments: SyntheticEnrolment[], asOf: string): Map<SchoolAgeGroup, { registered: number; enrolled: number }> {
  const schoolYear = schoolYearOf(asOf);
  const byGroup = new Map(SCHOOL_AGE_GROUPS.map(({ group }) => [group, { registered: 0, enrolled: 0 }]));
  for (const person of testPopulation()) {
    const group = schoolAgeGroupOf(person.birthDate, schoolYear);
    const residence = residenceOn(person, asOf);
    if (group && residence && inPlace(place, residence.communityCode)) byGroup.get(group)!.registered += 1;
  }
  const persons = personById();
  for (const enrolment of enrolments.filter((e) => heldOn(asOf, e.enrolledOn, e.endedOn))) {
    const child = persons.get(enrolment.childId)!;
    const group = schoolAgeGroupOf(child.birthDate, schoolYear);
    if (group && inPlace(place, homeOf(child, enrolment))) byGroup.get(group)!.enrolled += 1;
  }
  return byGroup;
}

/** The community a child's family lived in when the child enrolled: the home address on the enrolment. */
const homeOf = (child: SyntheticPerson, enrolment: SyntheticEnrolment) =>
  (child.residences.find((r) => r.fromDate <= enrolment.enrolledOn && (r.toDate === null || r.toDate >= enrolment.enrolledOn)) ?? child.residences[0])
    .communityCode;

/** Children enrolled on `day`, of any age, whose family lived in a place when they enrolled (education's `enrolled`). */
export function enrolledIn(place: string, enrolments: SyntheticEnrolment[], day: string): number {
  const persons = personById();
  return enrolments.filter((e) => heldOn(day, e.enrolledOn, e.endedOn) && inPlace(place, homeOf(persons.get(e.childId)!, e))).length;
}

/**
 * Children of compulsory-school age (primary and junior secondary, by age in the school year of `day`) on `day`:
 * registered as living in a place (public security) and enrolled with their family living there (education).
 */
export function compulsorySchoolingOn(place: string, enrolments: SyntheticEnrolment[], day: string): { registered: number; enrolled: number } {
  const compulsory = (person: SyntheticPerson) => COMPULSORY_GROUPS.includes(schoolAgeGroupOf(person.birthDate, schoolYearOf(day))!);
  const persons = personById();
  return {
    registered: registeredIn(place, day).filter(compulsory).length,
    enrolled: enrolments.filter((e) => {
      const child = persons.get(e.childId)!;
      return heldOn(day, e.enrolledOn, e.endedOn) && compulsory(child) && inPlace(place, homeOf(child, e));
    }).length,
  };
}

export interface EmploymentCounts {
  registered: number;
  employed: number;
  withContract: number;
  trained: number;
  disputesOpen: number;
  disputesClosed: number;
  /** Yuan recovered in the disputes closed. */
  wagesRecovered: number;
  insured: Record<InsuranceType, number>;
  /** Insured that day in at least one scheme, whatever its status (the monthly series' `insured`). */
  insuredInAnyScheme: number;
}

/**
 * The migrants registered with the employment service in a place by the cut-off — where they lived when the bureau
 * first met them (their first record), from arrival at the earliest — and their work that day.
 */
export function employmentIn(place: string, records: SyntheticHumanResources, asOf: string): EmploymentCounts {
  const firstSeen = new Map<string, string>();
  const seen = (id: string, day: string) => {
    if (!firstSeen.has(id) || day < firstSeen.get(id)!) firstSeen.set(id, day);
  };
  records.employments.forEach((e) => seen(e.personId, e.startDate));
  records.insurance.forEach((i) => seen(i.personId, i.startDate));
  records.trainings.forEach((t) => seen(t.personId, t.startDate));
  records.services.forEach((s) => seen(s.personId, s.date));
  records.disputes.forEach((d) => seen(d.personId, d.filedOn));
  const persons = personById();
  const registered = new Set(
    [...firstSeen]
      .filter(([id, day]) => {
        const person = persons.get(id)!;
        const residence = person.residences.find((r) => r.fromDate <= day && (r.toDate === null || r.toDate >= day)) ?? person.residences[0];
        const registeredOn = day < person.arrivalDate ? person.arrivalDate : day;
        return registeredOn <= asOf && inPlace(place, residence.communityCode);
      })
      .map(([id]) => id),
  );
  const people = <T extends { personId: string }>(items: T[]) =>
    new Set(items.filter((item) => registered.has(item.personId)).map((item) => item.personId)).size;
  const jobs = records.employments.filter((e) => heldOn(asOf, e.startDate, e.endDate));
  const disputes = records.disputes.filter((d) => registered.has(d.personId) && d.filedOn <= asOf);
  const closed = disputes.filter((d) => d.closedOn !== null && d.closedOn <= asOf);
  const insured = (type: InsuranceType) =>
    people(records.insurance.filter((i) => i.type === type && i.status === 'ACTIVE' && heldOn(asOf, i.startDate, i.endDate)));
  return {
    registered: registered.size,
    employed: people(jobs),
    withContract: people(jobs.filter((e) => e.contractSigned)),
    trained: people(records.trainings.filter((t) => t.completed && t.endDate <= asOf)),
    disputesOpen: disputes.length - closed.length,
    disputesClosed: closed.length,
    wagesRecovered: closed.reduce((sum, d) => sum + d.amountRecoveredYuan, 0),
    insured: Object.fromEntries(INSURANCE_TYPES.map((type) => [type, insured(type)])) as Record<InsuranceType, number>,
    insuredInAnyScheme: people(records.insurance.filter((i) => heldOn(asOf, i.startDate, i.endDate))),
  };
}

/** The day a dispute was closed, or null while open. */
export const closedOn = (d: SyntheticDisputeCase) => d.events.find((e) => e.kind === 'CLOSED')?.on ?? null;

export interface ReliefAndMediationCounts {
  reliefCases: number;
  reliefPaid: number;
  /** Yuan paid. */
  reliefAmountPaid: number;
  disputesFound: number;
  disputesOpen: number;
  settledByLevel: Record<string, number>;
  /** Median days from finding to closing; null unless at least 10 disputes were closed. */
  medianDaysToSettle: number | null;
  servicePointVisits: number;
}

/**
 * Relief and mediation handled in a place by the cut-off: relief applied for and paid, disputes found there, open
 * or closed at the level that closed them, and visits to its service points in the twelve months up to the cut-off.
 */
export function reliefAndMediationIn(place: string, cases: SyntheticCivilAffairsCases, asOf: string): ReliefAndMediationCounts {
  const relief = cases.reliefCases.filter((c) => inPlace(place, c.communityCode) && c.appliedOn <= asOf);
  const paid = relief.filter((c) => c.paidOn !== null && c.paidOn <= asOf);
  const disputes = cases.disputes.filter((d) => inPlace(place, d.communityCode) && d.foundOn <= asOf);
  const closed = disputes.filter((d) => closedOn(d) !== null && closedOn(d)! <= asOf);
  const settledByLevel: Record<string, number> = { COMMUNITY: 0, STREET: 0, DISTRICT: 0 };
  for (const d of closed) settledByLevel[d.events[d.events.length - 1].level] += 1;
  const days = closed.map((d) => (Date.parse(closedOn(d)!) - Date.parse(d.foundOn)) / 86_400_000).sort((a, b) => a - b);
  const middle = days.length / 2;
  const median = days.length % 2 === 1 ? days[Math.floor(middle)] : (days[middle - 1] + days[middle]) / 2;
  const firstMonth = addMonths(`${asOf.slice(0, 7)}-01`, -11).slice(0, 7);
  const visits = cases.servicePointActivity.filter((m) => inPlace(place, m.communityCode) && m.month >= firstMonth && m.month <= asOf.slice(0, 7));
  return {
    reliefCases: relief.length,
    reliefPaid: paid.length,
    reliefAmountPaid: paid.reduce((sum, c) => sum + c.amountApprovedYuan!, 0),
    disputesFound: disputes.length,
    disputesOpen: disputes.length - closed.length,
    settledByLevel,
    medianDaysToSettle: closed.length >= SMALLEST_SHOWN_COUNT ? median : null,
    servicePointVisits: visits.reduce((sum, m) => sum + m.visits, 0),
  };
}

/** Whether a person held a valid permit on a day. */
export const validOn = (person: SyntheticPerson, day: string) => person.permits.some((p) => permitStatusOn(p, day) === 'VALID');

/** The migrants registered in a place on a day. */
export function registeredIn(place: string, day: string): SyntheticPerson[] {
  return testPopulation().filter((p) => {
    const residence = residenceOn(p, day);
    return residence !== undefined && inPlace(place, residence.communityCode);
  });
}

/** The last day of a month "YYYY-MM". */
export const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).toISOString().slice(0, 10);

/** Whether a dispute was open on a day: found by then and not closed, its closing day being its first day closed (unlike heldOn). */
function openOn(day: string, d: SyntheticDisputeCase): boolean {
  const closed = closedOn(d);
  return d.foundOn <= day && (closed === null || closed > day);
}

/** The seeded records of the three bureaus whose monthly series are counted from more than the population. */
export interface GeneratedRecords {
  enrolments: SyntheticEnrolment[];
  work: SyntheticHumanResources;
  cases: SyntheticCivilAffairsCases;
}

/** Every bureau's seeded records, generated here from the test population as the seeds make them, to count independently of the SQL. */
export function generatedRecords(): GeneratedRecords {
  const children = testPopulation().filter((p) => p.householdRole === 'CHILD');
  return {
    enrolments: generateEnrolments(children, generateSchools(TEST_POPULATION.seed), { seed: TEST_POPULATION.seed }),
    work: generateHumanResources(testPopulation(), { seed: TEST_POPULATION.seed }),
    cases: generateCivilAffairsCases(testPopulation(), { seed: TEST_POPULATION.seed }),
  };
}

/**
 * The city's figures of a month as each bureau's monthly series defines them, counted up to `lastDay` (the month's
 * last day; the cut-off for the month to date): stocks held that day, flows from the month's first day to it.
 */
export function cityMonth(month: string, records: GeneratedRecords, lastDay = lastDayOf(month)) {
  const inMonth = (day: string | null | undefined) => day != null && day.startsWith(month) && day <= lastDay;
  const registered = registeredIn(CITY.code, lastDay);
  const { enrolments, work, cases } = records;
  const employment = employmentIn(CITY.code, work, lastDay);
  return {
    population: {
      registeredMigrants: registered.length,
      validPermits: registered.filter((p) => validOn(p, lastDay)).length,
      newRegistrations: testPopulation()
        .flatMap((p) => p.residences)
        .filter((r) => inMonth(r.fromDate)).length,
    },
    schooling: {
      enrolled: enrolments.filter((e) => heldOn(lastDay, e.enrolledOn, e.endedOn)).length,
      newEnrolments: enrolments.filter((e) => inMonth(e.enrolledOn)).length,
    },
    employment: {
      registered: employment.registered,
      employed: employment.employed,
      withContract: employment.withContract,
      employedWithContract: work.employments.filter((e) => e.contractSigned && heldOn(lastDay, e.startDate, e.endDate)).length,
      insured: new Set(work.insurance.filter((i) => heldOn(lastDay, i.startDate, i.endDate)).map((i) => i.personId)).size,
      trainingCompleted: work.trainings.filter((t) => t.completed && inMonth(t.endDate)).length,
    },
    cases: {
      reliefGranted: cases.reliefCases.filter((c) => c.decision === 'APPROVED' && inMonth(c.decidedOn)).length,
      disputesFound: cases.disputes.filter((d) => inMonth(d.foundOn)).length,
      disputesSettled: cases.disputes.filter((d) => inMonth(closedOn(d))).length,
      disputesOpen: cases.disputes.filter((d) => openOn(lastDay, d)).length,
    },
  };
}
