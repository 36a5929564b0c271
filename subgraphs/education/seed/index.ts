import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../../kit/bulk-insert';
import type { Logger } from '../../kit/logger';
import type { PopulationOptions } from '../../kit/seed';
import { generatePopulation, SyntheticPerson } from '../../synthetic';
import { generateEnrolments, SyntheticEnrolment } from './enrolments';
import { generateSchools } from './synthetic-schools';

/** The family's community on a day: the residence the child was registered at then. */
function homeCommunityOn(child: SyntheticPerson, day: string): string {
  const residence = child.residences.find((r) => r.fromDate <= day && (r.toDate === null || r.toDate >= day));
  return (residence ?? child.residences[0]).communityCode;
}

/** Education's part of the synthetic population: schools, and the enrolments of the population's children. */
export async function seedEducation(manager: EntityManager, population: PopulationOptions, log: Logger): Promise<void> {
  // Capacities are set by generateEnrolments, from the pupils it places: insert the schools after it.
  const schools = generateSchools(population.seed);
  // Only children are kept: what an enrolment application tells the bureau about them (birth date, residence).
  const children = new Map<string, SyntheticPerson>();
  for (const person of generatePopulation(population)) if (person.householdRole === 'CHILD') children.set(person.id, person);
  const enrolments = generateEnrolments(children.values(), schools, { seed: population.seed, asOf: population.asOf });
  await bulkInsert(
    manager,
    'school',
    [
      { name: 'code', type: 'varchar', value: (s) => s.code },
      { name: 'name', type: 'varchar', value: (s) => s.name },
      { name: 'level', type: 'varchar', value: (s) => s.level },
      { name: 'ownership', type: 'varchar', value: (s) => s.ownership },
      { name: 'district_code', type: 'varchar', value: (s) => s.districtCode },
      { name: 'community_code', type: 'varchar', value: (s) => s.communityCode },
      { name: 'capacity', type: 'int', value: (s) => s.capacity },
    ],
    schools,
  );
  const child = (e: SyntheticEnrolment) => children.get(e.childId)!;
  await bulkInsert(
    manager,
    'enrolment',
    [
      { name: 'child_id', type: 'varchar', value: (e) => e.childId },
      { name: 'guardian_id', type: 'varchar', value: (e) => e.guardianId },
      { name: 'child_birth_date', type: 'date', value: (e) => child(e).birthDate },
      { name: 'home_community_code', type: 'varchar', value: (e) => homeCommunityOn(child(e), e.enrolledOn) },
      { name: 'home_district_code', type: 'varchar', value: (e) => homeCommunityOn(child(e), e.enrolledOn).slice(0, 6) },
      { name: 'school_code', type: 'varchar', value: (e) => e.schoolCode },
      { name: 'grade', type: 'smallint', value: (e) => e.grade },
      { name: 'school_year', type: 'int', value: (e) => e.schoolYear },
      { name: 'enrolled_on', type: 'date', value: (e) => e.enrolledOn },
      { name: 'ended_on', type: 'date', value: (e) => e.endedOn },
      { name: 'end_reason', type: 'varchar', value: (e) => e.endReason },
      { name: 'fees_equal_to_local', type: 'boolean', value: (e) => e.feesEqualToLocal },
    ],
    enrolments,
  );
  log.info({ schools: schools.length, enrolments: enrolments.length }, 'education seeded');
}
