import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../../kit/bulk-insert';
import type { PopulationOptions } from '../../kit/seed';
import { generatePopulation } from '../../synthetic';
import { generateCivilAffairsCases } from './synthetic-cases';

/**
 * Relief cases, dispute files and service-point activity of the synthetic population. Cases get their ids here so
 * their history rows can point at them; the id sequences are moved past them afterwards.
 */
export async function seedCases(manager: EntityManager, population: PopulationOptions): Promise<number> {
  const cases = generateCivilAffairsCases(generatePopulation(population), { seed: population.seed, asOf: population.asOf });
  const relief = cases.reliefCases.map((c, index) => ({ ...c, id: index + 1 }));
  await bulkInsert(
    manager,
    'relief_case',
    [
      { name: 'id', type: 'int', value: (c) => c.id },
      { name: 'person_id', type: 'varchar', value: (c) => c.personId },
      { name: 'kind', type: 'varchar', value: (c) => c.kind },
      { name: 'community_code', type: 'varchar', value: (c) => c.communityCode },
      { name: 'district_code', type: 'varchar', value: (c) => c.communityCode.slice(0, 6) },
      { name: 'applied_on', type: 'date', value: (c) => c.appliedOn },
      { name: 'amount_requested_yuan', type: 'numeric', value: (c) => c.amountRequestedYuan },
      { name: 'status', type: 'varchar', value: (c) => (c.paidOn ? 'PAID' : (c.decision ?? 'PENDING')) },
      { name: 'amount_approved_yuan', type: 'numeric', value: (c) => c.amountApprovedYuan },
      { name: 'decided_on', type: 'date', value: (c) => c.decidedOn },
      { name: 'paid_on', type: 'date', value: (c) => c.paidOn },
      { name: 'customs_accommodation', type: 'varchar', value: (c) => c.customsAccommodation },
      { name: 'origin_region_code', type: 'varchar', value: (c) => c.originRegionCode },
    ],
    relief,
  );
  const reliefEvents = relief.flatMap((c) => [
    { caseId: c.id, kind: 'APPLIED', on: c.appliedOn, amount: c.amountRequestedYuan as number | null },
    ...(c.decision && c.decidedOn ? [{ caseId: c.id, kind: c.decision, on: c.decidedOn, amount: c.amountApprovedYuan }] : []),
    ...(c.paidOn ? [{ caseId: c.id, kind: 'PAID', on: c.paidOn, amount: c.amountApprovedYuan }] : []),
  ]);
  await bulkInsert(
    manager,
    'relief_event',
    [
      { name: 'case_id', type: 'int', value: (e) => e.caseId },
      { name: 'kind', type: 'varchar', value: (e) => e.kind },
      { name: 'happened_on', type: 'date', value: (e) => e.on },
      { name: 'amount_yuan', type: 'numeric', value: (e) => e.amount },
    ],
    reliefEvents,
  );

  const disputes = cases.disputes.map((d, index) => {
    const last = d.events[d.events.length - 1];
    const mediated = [...d.events].reverse().find((e) => e.kind === 'MEDIATED');
    return { ...d, id: index + 1, level: last.level, closedOn: last.kind === 'CLOSED' ? last.on : null, outcome: mediated?.note ?? null };
  });
  await bulkInsert(
    manager,
    'dispute_case',
    [
      { name: 'id', type: 'int', value: (d) => d.id },
      { name: 'case_number', type: 'varchar', value: (d) => d.caseNumber },
      { name: 'kind', type: 'varchar', value: (d) => d.kind },
      { name: 'community_code', type: 'varchar', value: (d) => d.communityCode },
      { name: 'street_code', type: 'varchar', value: (d) => d.streetCode },
      { name: 'district_code', type: 'varchar', value: (d) => d.communityCode.slice(0, 6) },
      { name: 'found_on', type: 'date', value: (d) => d.foundOn },
      // An array column cannot travel inside unnest's arrays: it goes as a literal, cast back.
      { name: 'party_ids', type: 'text', cast: 'text[]', value: (d) => `{${d.partyIds.join(',')}}` },
      { name: 'level', type: 'varchar', value: (d) => d.level },
      { name: 'status', type: 'varchar', value: (d) => (d.closedOn ? 'CLOSED' : 'OPEN') },
      { name: 'mediated_outcome', type: 'varchar', value: (d) => d.outcome },
      { name: 'closed_on', type: 'date', value: (d) => d.closedOn },
      { name: 'origin_region_code', type: 'varchar', value: (d) => d.originRegionCode },
    ],
    disputes,
  );
  await bulkInsert(
    manager,
    'dispute_event',
    [
      { name: 'case_id', type: 'int', value: (e) => e.caseId },
      { name: 'kind', type: 'varchar', value: (e) => e.kind },
      { name: 'happened_on', type: 'date', value: (e) => e.on },
      { name: 'level', type: 'varchar', value: (e) => e.level },
      { name: 'note', type: 'varchar', value: (e) => e.note },
    ],
    disputes.flatMap((d) => d.events.map((e) => ({ ...e, caseId: d.id }))),
  );
  await bulkInsert(
    manager,
    'service_point_month',
    [
      { name: 'community_code', type: 'varchar', value: (m) => m.communityCode },
      { name: 'month', type: 'varchar', value: (m) => m.month },
      { name: 'visits', type: 'int', value: (m) => m.visits },
      { name: 'services_given', type: 'int', value: (m) => m.servicesGiven },
    ],
    cases.servicePointActivity,
  );
  for (const table of ['relief_case', 'dispute_case']) {
    await manager.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT max(id) FROM ${table}), 1))`);
  }
  return relief.length + disputes.length;
}
