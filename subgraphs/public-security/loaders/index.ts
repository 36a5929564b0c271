import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { createPageLoader, manyByKey, oneByKey } from '../../kit/loaders';
import type { Person } from '../entities/person';
import type { ResidencePermit } from '../entities/residence-permit';
import type { ResidenceRegistration } from '../entities/residence-registration';
import { PERMIT_COLUMNS, PERSON_COLUMNS, RESIDENCE_COLUMNS, permitFromRow, personFromRow, residenceFromRow } from './rows';
import { createPublicSecurityRelease } from './population-figures';

/** A page of the people currently registered in a community. */
export interface ResidentsPageKey {
  communityCode: string;
  afterId: string | undefined;
  limit: number;
}

/** Per-request loaders: each batch is one SQL statement, whatever the number of keys. */
export function createLoaders(db: DataSource) {
  return {
    person: new DataLoader<string, Person | null>(async (ids) => {
      const rows = await db.query(`SELECT ${PERSON_COLUMNS} FROM person p WHERE p.id = ANY($1::varchar[])`, [ids]);
      return oneByKey<string, Person>(ids, rows.map(personFromRow), (person) => person.id);
    }),

    currentResidence: new DataLoader<string, ResidenceRegistration | null>(async (personIds) => {
      const rows = await db.query(`SELECT ${RESIDENCE_COLUMNS} FROM residence_registration r WHERE r.person_id = ANY($1::varchar[]) AND r.ended_on IS NULL`, [
        personIds,
      ]);
      return oneByKey<string, ResidenceRegistration>(personIds, rows.map(residenceFromRow), (residence) => residence.personId);
    }),

    residenceHistory: new DataLoader<string, ResidenceRegistration[]>(async (personIds) => {
      const rows = await db.query(
        `SELECT ${RESIDENCE_COLUMNS} FROM residence_registration r WHERE r.person_id = ANY($1::varchar[])
         ORDER BY r.registered_on DESC, r.id DESC`,
        [personIds],
      );
      return manyByKey(personIds, rows.map(residenceFromRow), (residence) => residence.personId);
    }),

    residencePermits: new DataLoader<string, ResidencePermit[]>(async (personIds) => {
      const rows = await db.query(
        `SELECT ${PERMIT_COLUMNS} FROM residence_permit rp WHERE rp.person_id = ANY($1::varchar[])
         ORDER BY rp.valid_from DESC, rp.id DESC`,
        [personIds],
      );
      return manyByKey(personIds, rows.map(permitFromRow), (permit) => permit.personId);
    }),

    /** Pages of residents of many communities in one statement (a LATERAL page per community). */
    communityResidents: createPageLoader<ResidentsPageKey, Person>(db, {
      keys: [
        { name: 'community_code', type: 'varchar', of: (key) => key.communityCode },
        { name: 'after_id', type: 'varchar', of: (key) => key.afterId ?? null },
      ],
      select: PERSON_COLUMNS,
      page: `SELECT r.person_id FROM residence_registration r
             WHERE r.ended_on IS NULL AND r.community_code = k.community_code AND (k.after_id IS NULL OR r.person_id > k.after_id)
             ORDER BY r.person_id LIMIT k.page_limit`,
      as: 'page',
      join: 'JOIN person p ON p.id = page.person_id',
      order: 'p.id',
      fromRow: personFromRow,
    }),

    /** The bureau's latest statistics release, looked up once per request. */
    release: createPublicSecurityRelease(db),

    communityResidentCount: new DataLoader<string, number>(async (communityCodes) => {
      const rows: { community_code: string; count: number }[] = await db.query(
        `SELECT r.community_code, count(*) AS count FROM residence_registration r
         WHERE r.ended_on IS NULL AND r.community_code = ANY($1::varchar[]) GROUP BY r.community_code`,
        [communityCodes],
      );
      return oneByKey(communityCodes, rows, (row) => row.community_code).map((row) => row?.count ?? 0);
    }),
  };
}

export type PublicSecurityLoaders = ReturnType<typeof createLoaders>;
