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

/**
 * FROM and WHERE of a person search, with its parameters and the column pages are ordered by. Geography filters go
 * through the current residence, whose partial indexes (place, person_id) then drive the search: pages walk one in
 * person order (`r.person_id`, equal to `p.id` by the join, so the cursor condition can use the index too).
 */
function searchClauses(criteria: PersonCriteria): { from: string; where: string[]; params: unknown[]; key: string } {
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const geography = Boolean(criteria.districtCode || criteria.streetCode || criteria.communityCode);
  let from = 'person p';
  if (geography) {
    from = 'person p JOIN residence_registration r ON r.person_id = p.id';
    where.push('r.ended_on IS NULL');
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
  return { from, where, params, key: geography ? 'r.person_id' : 'p.id' };
}

const whereClause = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/** The statement of one page of persons in id order after the cursor key: `limit` rows (one more than the page, to see if more follow). */
export function personPageStatement(criteria: PersonCriteria, afterId: string | undefined, limit: number, columns: string): { sql: string; params: unknown[] } {
  const { from, where, params, key } = searchClauses(criteria);
  if (afterId !== undefined) {
    params.push(afterId);
    where.push(`${key} > $${params.length}`);
  }
  params.push(limit);
  return { sql: `SELECT ${columns} FROM ${from} ${whereClause(where)} ORDER BY ${key} LIMIT $${params.length}`, params };
}

/** The one place a search is filtered on and nothing else, if it is: its column of current_resident_change and code. */
function placeOnly(criteria: PersonCriteria): { column: string; code: string } | undefined {
  const { districtCode, streetCode, communityCode, ...others } = criteria;
  const places = [
    ['district_code', districtCode],
    ['street_code', streetCode],
    ['community_code', communityCode],
  ].filter((place): place is [string, string] => place[1] !== undefined);
  if (places.length !== 1 || Object.values(others).some((value) => value !== undefined)) return undefined;
  return { column: places[0][0], code: places[0][1] };
}

/**
 * The statement counting the persons a search finds. Filtered on one place alone, it adds up the place's rows of
 * current_resident_change (see its migration) — also saying how many rows it read — instead of counting every
 * current registration there.
 */
export function personCountStatement(criteria: PersonCriteria): { sql: string; params: unknown[] } {
  const place = placeOnly(criteria);
  if (place) {
    return { sql: `SELECT coalesce(sum(change), 0) AS count, count(*) AS rows FROM current_resident_change WHERE ${place.column} = $1`, params: [place.code] };
  }
  const { from, where, params } = searchClauses(criteria);
  return { sql: `SELECT count(*) AS count FROM ${from} ${whereClause(where)}`, params };
}

/** A place's rows of current_resident_change past which a count folds them (a district has a few hundred communities). */
const FOLD_AFTER_ROWS = 1000;

export async function searchPersons(db: DataSource, criteria: PersonCriteria, afterId: string | undefined, limit: number): Promise<Person[]> {
  const personRows = entityRows(db, Person);
  const { sql, params } = personPageStatement(criteria, afterId, limit, personRows.columns('p'));
  return (await db.query(sql, params)).map(personRows.fromRow);
}

export async function countPersons(db: DataSource, criteria: PersonCriteria): Promise<number> {
  const { sql, params } = personCountStatement(criteria);
  const [row] = await db.query(sql, params);
  if (row.rows > FOLD_AFTER_ROWS) {
    // Not awaited: the count is right as it is; folding only keeps the next ones short. A fold that fails leaves the
    // rows as they were, and the next long count tries again.
    db.query('SELECT fold_current_resident_changes()').catch(() => undefined);
  }
  return Number(row.count);
}
