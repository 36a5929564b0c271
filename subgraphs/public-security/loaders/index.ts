import DataLoader from 'dataloader';
import { In, IsNull, type DataSource } from 'typeorm';
import { entityRows } from '../../kit/entity-rows';
import { createPageLoader, manyByKey, oneByKey } from '../../kit/loaders';
import { Person } from '../entities/person';
import { ResidencePermit } from '../entities/residence-permit';
import { ResidenceRegistration } from '../entities/residence-registration';
import { createPublicSecurityRelease } from './population-figures';

/** A page of the people currently registered in a community. */
export interface ResidentsPageKey {
  communityCode: string;
  afterId: string | undefined;
  limit: number;
}

/** Per-request loaders: each batch is one SQL statement, whatever the number of keys. */
export function createLoaders(db: DataSource) {
  const persons = db.getRepository(Person);
  const residences = db.getRepository(ResidenceRegistration);
  const permits = db.getRepository(ResidencePermit);
  const personRows = entityRows(db, Person);
  return {
    person: new DataLoader<string, Person | null>(async (ids) => oneByKey(ids, await persons.findBy({ id: In([...ids]) }), (person) => person.id)),

    currentResidence: new DataLoader<string, ResidenceRegistration | null>(async (personIds) =>
      oneByKey(personIds, await residences.findBy({ personId: In([...personIds]), endedOn: IsNull() }), (residence) => residence.personId),
    ),

    residenceHistory: new DataLoader<string, ResidenceRegistration[]>(async (personIds) =>
      manyByKey(
        personIds,
        await residences.find({ where: { personId: In([...personIds]) }, order: { registeredOn: 'DESC', id: 'DESC' } }),
        (residence) => residence.personId,
      ),
    ),

    residencePermits: new DataLoader<string, ResidencePermit[]>(async (personIds) =>
      manyByKey(
        personIds,
        await permits.find({ where: { personId: In([...personIds]) }, order: { validFrom: 'DESC', id: 'DESC' } }),
        (permit) => permit.personId,
      ),
    ),

    /** Pages of residents of many communities in one statement (a LATERAL page per community). */
    communityResidents: createPageLoader<ResidentsPageKey, Person>(db, {
      keys: [
        { name: 'community_code', type: 'varchar', of: (key) => key.communityCode },
        { name: 'after_id', type: 'varchar', of: (key) => key.afterId ?? null },
      ],
      select: personRows.columns('p'),
      page: `SELECT r.person_id FROM residence_registration r
             WHERE r.ended_on IS NULL AND r.community_code = k.community_code AND (k.after_id IS NULL OR r.person_id > k.after_id)
             ORDER BY r.person_id LIMIT k.page_limit`,
      as: 'page',
      join: 'JOIN person p ON p.id = page.person_id',
      order: 'p.id',
      fromRow: personRows.fromRow,
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
