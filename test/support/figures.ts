import type { SyntheticEnrolment } from '../../subgraphs/education/seed/enrolments';
import { CITY } from '../../subgraphs/kit/places';
import { SCHOOL_AGE_GROUPS, SchoolAgeGroup, schoolAgeGroupOf, schoolYearOf } from '../../subgraphs/kit/school-age';
import { heldOn, residenceOn, testPopulation } from './population';

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
    const home = child.residences.find((r) => r.fromDate <= enrolment.enrolledOn && (r.toDate === null || r.toDate >= enrolment.enrolledOn)) ?? child.residences[0];
    const group = schoolAgeGroupOf(child.birthDate, schoolYear);
    if (group && inPlace(place, home.communityCode)) byGroup.get(group)!.enrolled += 1;
  }
  return byGroup;
}
