import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../../kit/bulk-insert';
import type { Logger } from '../../kit/logger';
import type { PopulationOptions } from '../../kit/seed';
import { generatePopulation, SyntheticPerson } from '../../synthetic';
import { generateHumanResources } from './synthetic-employment';

/**
 * Human resources' part of the synthetic population: employers, and for every migrant it has a record of, their
 * registration at their community (就业登记), jobs, insurance, training, services and disputes.
 */
export async function seedHumanResources(manager: EntityManager, population: PopulationOptions, log: Logger): Promise<void> {
  const persons = new Map<string, SyntheticPerson>();
  for (const person of generatePopulation(population)) persons.set(person.id, person);
  const records = generateHumanResources(persons.values(), { seed: population.seed, asOf: population.asOf });
  const { employers } = records;

  // Registered where they lived when the bureau first met them (their first record), from arrival at the earliest,
  // with their household registration place as the registration asks it.
  const firstSeen = new Map<string, string>();
  const seen = (personId: string, day: string) => {
    const known = firstSeen.get(personId);
    if (!known || day < known) firstSeen.set(personId, day);
  };
  for (const e of records.employments) seen(e.personId, e.startDate);
  for (const i of records.insurance) seen(i.personId, i.startDate);
  for (const t of records.trainings) seen(t.personId, t.startDate);
  for (const s of records.services) seen(s.personId, s.date);
  for (const d of records.disputes) seen(d.personId, d.filedOn);
  const workers = [...firstSeen].map(([personId, day]) => {
    const person = persons.get(personId)!;
    const residence = person.residences.find((r) => r.fromDate <= day && (r.toDate === null || r.toDate >= day)) ?? person.residences[0];
    return {
      personId,
      communityCode: residence.communityCode,
      registeredOn: day < person.arrivalDate ? person.arrivalDate : day,
      originRegionCode: person.originRegionCode,
    };
  });

  await bulkInsert(
    manager,
    'employer',
    [
      { name: 'code', type: 'varchar', value: (e) => e.code },
      { name: 'name', type: 'varchar', value: (e) => e.name },
      { name: 'industry', type: 'varchar', value: (e) => e.industry },
      { name: 'size', type: 'varchar', value: (e) => e.size },
      { name: 'district_code', type: 'varchar', value: (e) => e.districtCode },
      { name: 'community_code', type: 'varchar', value: (e) => e.communityCode },
    ],
    employers,
  );
  await bulkInsert(
    manager,
    'worker',
    [
      { name: 'person_id', type: 'varchar', value: (w) => w.personId },
      { name: 'community_code', type: 'varchar', value: (w) => w.communityCode },
      { name: 'district_code', type: 'varchar', value: (w) => w.communityCode.slice(0, 6) },
      { name: 'registered_on', type: 'date', value: (w) => w.registeredOn },
      { name: 'origin_region_code', type: 'varchar', value: (w) => w.originRegionCode },
    ],
    workers,
  );
  await bulkInsert(
    manager,
    'employment',
    [
      { name: 'person_id', type: 'varchar', value: (e) => e.personId },
      { name: 'employer_code', type: 'varchar', value: (e) => e.employerCode },
      { name: 'job_title', type: 'varchar', value: (e) => e.jobTitle },
      { name: 'start_date', type: 'date', value: (e) => e.startDate },
      { name: 'end_date', type: 'date', value: (e) => e.endDate },
      { name: 'monthly_wage_yuan', type: 'numeric', value: (e) => e.monthlyWageYuan },
      { name: 'weekly_hours', type: 'smallint', value: (e) => e.weeklyHours },
      { name: 'contract_signed', type: 'boolean', value: (e) => e.contractSigned },
      { name: 'contract_type', type: 'varchar', value: (e) => e.contractType },
    ],
    records.employments,
  );
  await bulkInsert(
    manager,
    'social_insurance',
    [
      { name: 'person_id', type: 'varchar', value: (i) => i.personId },
      { name: 'type', type: 'varchar', value: (i) => i.type },
      { name: 'status', type: 'varchar', value: (i) => i.status },
      { name: 'start_date', type: 'date', value: (i) => i.startDate },
      { name: 'end_date', type: 'date', value: (i) => i.endDate },
    ],
    records.insurance,
  );
  await bulkInsert(
    manager,
    'training',
    [
      { name: 'person_id', type: 'varchar', value: (t) => t.personId },
      { name: 'course', type: 'varchar', value: (t) => t.course },
      { name: 'kind', type: 'varchar', value: (t) => t.kind },
      { name: 'provider', type: 'varchar', value: (t) => t.provider },
      { name: 'start_date', type: 'date', value: (t) => t.startDate },
      { name: 'end_date', type: 'date', value: (t) => t.endDate },
      { name: 'completed', type: 'boolean', value: (t) => t.completed },
      { name: 'certificate', type: 'varchar', value: (t) => t.certificate },
    ],
    records.trainings,
  );
  await bulkInsert(
    manager,
    'employment_service',
    [
      { name: 'person_id', type: 'varchar', value: (s) => s.personId },
      { name: 'service_date', type: 'date', value: (s) => s.date },
      { name: 'kind', type: 'varchar', value: (s) => s.kind },
      { name: 'outcome', type: 'varchar', value: (s) => s.outcome },
    ],
    records.services,
  );
  await bulkInsert(
    manager,
    'labour_dispute',
    [
      { name: 'person_id', type: 'varchar', value: (d) => d.personId },
      { name: 'employer_code', type: 'varchar', value: (d) => d.employerCode },
      { name: 'kind', type: 'varchar', value: (d) => d.kind },
      { name: 'filed_on', type: 'date', value: (d) => d.filedOn },
      { name: 'amount_claimed_yuan', type: 'numeric', value: (d) => d.amountClaimedYuan },
      { name: 'amount_recovered_yuan', type: 'numeric', value: (d) => d.amountRecoveredYuan },
      { name: 'status', type: 'varchar', value: (d) => d.status },
      { name: 'closed_on', type: 'date', value: (d) => d.closedOn },
    ],
    records.disputes,
  );
  log.info({ employers: employers.length, workers: workers.length, employments: records.employments.length }, 'human resources seeded');
}
