import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { entityRows } from '../../kit/entity-rows';
import { createPageLoader, manyByKey, oneByKey } from '../../kit/loaders';
import { DisputeCase, DisputeEvent } from '../entities/dispute-case';
import { ReliefCase, ReliefEvent } from '../entities/relief-case';
import { ServicePointMonth } from '../entities/service-point-month';

/** Which of a place's dispute files a list holds. */
export interface DisputeSelection {
  placeCode: string;
  openOnly: boolean;
  /** Only files found before this day (ISO), open ones only: those open longer than a number of days. */
  foundBefore: string | undefined;
}

/** A page of a place's dispute files, newest first. */
export interface DisputePageKey extends DisputeSelection {
  afterId: number | undefined;
  limit: number;
}

/** The files of `k` (a row of selections) among `x`, the dispute_case rows: the one condition of pages and counts. */
const selected = (placeColumn: string) =>
  `x.${placeColumn} = k.place AND (NOT k.open_only OR x.status = 'OPEN') AND (k.found_before IS NULL OR x.found_on < k.found_before)`;

function disputePages(db: DataSource, placeColumn: 'community_code' | 'street_code') {
  const disputeRows = entityRows(db, DisputeCase);
  return createPageLoader<DisputePageKey, DisputeCase>(db, {
    keys: [
      { name: 'place', type: 'varchar', of: (key) => key.placeCode },
      { name: 'open_only', type: 'boolean', of: (key) => key.openOnly },
      { name: 'found_before', type: 'date', of: (key) => key.foundBefore ?? null },
      { name: 'after_id', type: 'int', of: (key) => key.afterId ?? null },
    ],
    select: disputeRows.columns('d'),
    page: `SELECT * FROM dispute_case x
           WHERE ${selected(placeColumn)} AND (k.after_id IS NULL OR x.id < k.after_id)
           ORDER BY x.id DESC LIMIT k.page_limit`,
    as: 'd',
    order: 'd.id DESC',
    fromRow: disputeRows.fromRow,
  });
}

/** How many files each selection holds, all selections in one statement. */
function disputeCounts(db: DataSource, placeColumn: 'community_code' | 'street_code') {
  return new DataLoader<DisputeSelection, number, string>(
    async (selections) => {
      const rows: { ordinal: string; files: string }[] = await db.query(
        `SELECT k.ordinal, count(x.id) AS files
         FROM unnest($1::varchar[], $2::boolean[], $3::date[]) WITH ORDINALITY AS k(place, open_only, found_before, ordinal)
         LEFT JOIN dispute_case x ON ${selected(placeColumn)}
         GROUP BY k.ordinal`,
        [selections.map((s) => s.placeCode), selections.map((s) => s.openOnly), selections.map((s) => s.foundBefore ?? null)],
      );
      const counts = oneByKey(
        selections.map((_, index) => index + 1),
        rows,
        (row) => Number(row.ordinal),
      );
      return counts.map((row) => Number(row?.files ?? 0));
    },
    { cacheKeyFn: (s) => `${s.placeCode}|${s.openOnly}|${s.foundBefore ?? ''}` },
  );
}

/** The events of many cases in one statement, each with a column of its case (`column`, as `property`). */
function eventsOfCases<E extends { caseId: number }, P extends string>(
  db: DataSource,
  event: new () => E,
  caseEntity: new () => object,
  column: string,
  property: P,
) {
  return new DataLoader<number, (E & Record<P, string>)[]>(async (caseIds) => {
    const rows = await db
      .getRepository(event)
      .createQueryBuilder('e')
      .innerJoin(caseEntity, 'c', 'c.id = e.case_id')
      .addSelect(`c.${column}`, column)
      .where('e.case_id IN (:...caseIds)', { caseIds })
      .orderBy('e.id')
      .getRawAndEntities();
    const events = rows.entities.map((record, i) => Object.assign(record, { [property]: rows.raw[i][column] as string }) as E & Record<P, string>);
    return manyByKey(caseIds, events, (e) => e.caseId);
  });
}

/** Per-request loaders for relief, disputes and service-point activity; each batch one SQL statement. */
export function createCaseLoaders(db: DataSource) {
  const disputes = db.getRepository(DisputeCase);
  return {
    reliefOfPerson: new DataLoader<string, ReliefCase[]>(async (ids) =>
      manyByKey(
        ids,
        await db.getRepository(ReliefCase).find({ where: { personId: In([...ids]) }, order: { appliedOn: 'DESC', id: 'DESC' } }),
        (c) => c.personId,
      ),
    ),
    disputesOfPerson: new DataLoader<string, DisputeCase[]>(async (ids) => {
      const cases = await disputes.createQueryBuilder('d').where('d.party_ids && :ids::text[]', { ids }).orderBy('d.found_on', 'DESC').getMany();
      return ids.map((id) => cases.filter((c) => c.partyIds.includes(id)));
    }),
    dispute: new DataLoader<number, DisputeCase | null>(async (ids) => oneByKey(ids, await disputes.findBy({ id: In([...ids]) }), (c) => c.id)),
    // Relief events carry the person of their case, for the audit trail and community workers' scope; dispute events
    // the community of theirs, for that scope.
    reliefHistory: eventsOfCases(db, ReliefEvent, ReliefCase, 'person_id', 'personId'),
    disputeHistory: eventsOfCases(db, DisputeEvent, DisputeCase, 'community_code', 'communityCode'),
    disputePageOfCommunity: disputePages(db, 'community_code'),
    disputePageOfStreet: disputePages(db, 'street_code'),
    disputeCountOfCommunity: disputeCounts(db, 'community_code'),
    disputeCountOfStreet: disputeCounts(db, 'street_code'),
    activityOfServicePoint: new DataLoader<string, ServicePointMonth[]>(async (codes) =>
      manyByKey(
        codes,
        await db.getRepository(ServicePointMonth).find({ where: { communityCode: In([...codes]) }, order: { month: 'ASC' } }),
        (m) => m.communityCode,
      ),
    ),
  };
}
