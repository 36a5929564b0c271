import type { DataSource } from 'typeorm';
import { entityRows } from '../../kit/entity-rows';
import { Person } from '../entities/person';
import { PermitStatus } from '../entities/residence-permit';

/** The filters of `persons`, already validated; all optional and combined with AND. */
export interface PersonCriteria {
  ids?: string[];
  districtCode?: string;
  streetCode?: string;
  communityCode?: string;
  ethnicityCode?: string;
  originRegionCode?: string;
  arrivedFrom?: string;
  arrivedTo?: string;
  permitStatus?: PermitStatus;
  /** Latest permit valid today and valid until at most this many days from today. */
  permitExpiresWithin?: number;
}

/**
 * SQL conditions for each permit status today on the permit aliased `lp` — the rule of `permitStatusOn`, written
 * as plain comparisons rather than one CASE so the planner can estimate how many rows match.
 */
const NOT_REVOKED = '(lp.revoked_on IS NULL OR lp.revoked_on > CURRENT_DATE)';
const PERMIT_STATUS_CONDITION: Record<PermitStatus, string> = {
  [PermitStatus.REVOKED]: 'lp.revoked_on <= CURRENT_DATE',
  [PermitStatus.EXPIRED]: `${NOT_REVOKED} AND lp.valid_until < CURRENT_DATE`,
  [PermitStatus.NOT_YET_VALID]: `${NOT_REVOKED} AND lp.valid_until >= CURRENT_DATE AND lp.valid_from > CURRENT_DATE`,
  [PermitStatus.VALID]: `${NOT_REVOKED} AND lp.valid_until >= CURRENT_DATE AND lp.valid_from <= CURRENT_DATE`,
};

/** FROM and WHERE of a person search, with its parameters; geography filters go through the current residence. */
function searchClauses(criteria: PersonCriteria): { from: string; where: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let from = 'person p';
  if (criteria.districtCode || criteria.streetCode || criteria.communityCode) {
    from += ' JOIN residence_registration r ON r.person_id = p.id AND r.ended_on IS NULL';
    if (criteria.districtCode) where.push(`r.district_code = ${param(criteria.districtCode)}`);
    if (criteria.streetCode) where.push(`r.street_code = ${param(criteria.streetCode)}`);
    if (criteria.communityCode) where.push(`r.community_code = ${param(criteria.communityCode)}`);
  }
  if (criteria.ids) where.push(`p.id = ANY(${param(criteria.ids)}::varchar[])`);
  if (criteria.ethnicityCode) where.push(`p.ethnicity_code = ${param(criteria.ethnicityCode)}`);
  if (criteria.originRegionCode) where.push(`p.origin_region_code = ${param(criteria.originRegionCode)}`);
  if (criteria.arrivedFrom) where.push(`p.arrival_date >= ${param(criteria.arrivedFrom)}`);
  if (criteria.arrivedTo) where.push(`p.arrival_date <= ${param(criteria.arrivedTo)}`);
  if (criteria.permitStatus || criteria.permitExpiresWithin !== undefined) {
    // The person's latest permit period.
    from += ' JOIN residence_permit lp ON lp.person_id = p.id AND lp.is_latest';
    if (criteria.permitStatus) where.push(PERMIT_STATUS_CONDITION[criteria.permitStatus]);
  }
  if (criteria.permitExpiresWithin !== undefined) {
    where.push(`${PERMIT_STATUS_CONDITION[PermitStatus.VALID]} AND lp.valid_until <= CURRENT_DATE + ${param(criteria.permitExpiresWithin)}::int`);
  }
  return { from, where, params };
}

/** One page of persons in id order after the cursor key: `limit` rows (ask for one more than the page to see if more follow). */
export async function searchPersons(db: DataSource, criteria: PersonCriteria, afterId: string | undefined, limit: number): Promise<Person[]> {
  const { from, where, params } = searchClauses(criteria);
  if (afterId !== undefined) {
    params.push(afterId);
    where.push(`p.id > $${params.length}`);
  }
  params.push(limit);
  const personRows = entityRows(db, Person);
  const sql = `SELECT ${personRows.columns('p')} FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY p.id LIMIT $${params.length}`;
  return (await db.query(sql, params)).map(personRows.fromRow);
}

export async function countPersons(db: DataSource, criteria: PersonCriteria): Promise<number> {
  const { from, where, params } = searchClauses(criteria);
  const sql = `SELECT count(*) AS count FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const [row] = await db.query(sql, params);
  return Number(row.count);
}
