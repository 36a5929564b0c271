import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../../kit/bulk-insert';
import type { Logger } from '../../kit/logger';
import type { PopulationOptions } from '../../kit/seed';
import { generatePopulation, SyntheticPerson } from '../../synthetic';
import { generateApplications, homeCommunityOn, SyntheticApplication } from './applications';
import { generateEnrolments, SyntheticEnrolment } from './enrolments';
import { generateSchools } from './synthetic-schools';

/**
 * Education's part of the synthetic population: schools, the enrolments of the population's children, and the
 * applications for a school place that led to them or still wait.
 */
export async function seedEducation(manager: EntityManager, population: PopulationOptions, log: Logger): Promise<void> {
  // Capacities are set by generateEnrolments, from the pupils it places: insert the schools after it.
  const schools = generateSchools(population.seed);
  // Only children are kept: what an enrolment application tells the bureau about them (birth date, residence, household registration place).
  const children = new Map<string, SyntheticPerson>();
  for (const person of generatePopulation(population)) if (person.householdRole === 'CHILD') children.set(person.id, person);
  const enrolments = generateEnrolments(children.values(), schools, { seed: population.seed, asOf: population.asOf });
  const applications = generateApplications(children, enrolments, schools, { seed: population.seed, asOf: population.asOf });
  // Enrolment ids are given here, so that a placed application can name its enrolment in the same bulk insert.
  const enrolmentIds = new Map(enrolments.map((enrolment, index) => [enrolment, index + 1]));
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
      { name: 'id', type: 'int', value: (e) => enrolmentIds.get(e) },
      { name: 'child_id', type: 'varchar', value: (e) => e.childId },
      { name: 'guardian_id', type: 'varchar', value: (e) => e.guardianId },
      { name: 'child_birth_date', type: 'date', value: (e) => child(e).birthDate },
      { name: 'home_community_code', type: 'varchar', value: (e) => homeCommunityOn(child(e), e.enrolledOn) },
      { name: 'home_district_code', type: 'varchar', value: (e) => homeCommunityOn(child(e), e.enrolledOn).slice(0, 6) },
      { name: 'origin_region_code', type: 'varchar', value: (e) => child(e).originRegionCode },
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
  await manager.query(`SELECT setval(pg_get_serial_sequence('enrolment', 'id'), $1, $2)`, [Math.max(1, enrolments.length), enrolments.length > 0]);
  await bulkInsert(
    manager,
    'school_application',
    [
      { name: 'child_id', type: 'varchar', value: (a: SyntheticApplication) => a.childId },
      { name: 'child_birth_date', type: 'date', value: (a) => a.childBirthDate },
      { name: 'community_code', type: 'varchar', value: (a) => a.communityCode },
      { name: 'school_year', type: 'int', value: (a) => a.schoolYear },
      { name: 'level', type: 'varchar', value: (a) => a.level },
      { name: 'filed_on', type: 'date', value: (a) => a.filedOn },
      { name: 'outcome', type: 'varchar', value: (a) => a.outcome },
      { name: 'decided_on', type: 'date', value: (a) => a.decidedOn },
      { name: 'enrolment_id', type: 'int', value: (a) => (a.enrolment ? enrolmentIds.get(a.enrolment) : null) },
    ],
    applications,
  );
  log.info({ schools: schools.length, enrolments: enrolments.length, applications: applications.length }, 'education seeded');
}
