import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { today } from '../../kit/dates';
import { entityRows } from '../../kit/entity-rows';
import { createPageLoader, manyByKey, oneByKey } from '../../kit/loaders';
import { placeLevel } from '../../kit/places';
import { Clinic } from '../entities/clinic';
import { RegisteredChild } from '../entities/registered-child';
import { VaccinationRecord } from '../entities/vaccination-record';
import { createCoverageRelease } from './coverage';
import { hasDoseMissing, underProgrammeAge } from './schedule-sql';

/** A page of a place's children with doses due on a day, by child id. */
export interface DueListKey {
  placeCode: string;
  day: string;
  afterId: string | undefined;
  limit: number;
}

/** The register's column a place's follow-up list selects by: a district's or a community's. */
const placeColumn = (code: string) => (placeLevel(code) === 'DISTRICT' ? 'district_code' : 'community_code');

/** Per-request loaders: each batch is one SQL statement, whatever the number of keys. */
export function createLoaders(db: DataSource) {
  const clinics = db.getRepository(Clinic);
  const children = db.getRepository(RegisteredChild);
  const vaccinations = db.getRepository(VaccinationRecord);
  const childRows = entityRows(db, RegisteredChild);
  const dueListPage = (column: string) =>
    createPageLoader<DueListKey, RegisteredChild>(db, {
      keys: [
        { name: 'place_code', type: 'varchar', of: (key) => key.placeCode },
        { name: 'day', type: 'varchar', of: (key) => key.day },
        { name: 'after_id', type: 'varchar', of: (key) => key.afterId ?? null },
      ],
      select: childRows.columns('c'),
      page: `SELECT * FROM registered_child c
             WHERE c.${column} = k.place_code AND (k.after_id IS NULL OR c.child_id > k.after_id)
               AND ${underProgrammeAge('k.day::date')} AND ${hasDoseMissing('k.day::date', false)}
             ORDER BY c.child_id LIMIT k.page_limit`,
      as: 'c',
      order: 'c.child_id',
      fromRow: childRows.fromRow,
    });
  const dueLists = { district_code: dueListPage('district_code'), community_code: dueListPage('community_code') };
  return {
    clinic: new DataLoader<string, Clinic | null>(async (codes) => oneByKey(codes, await clinics.findBy({ code: In([...codes]) }), (c) => c.code)),

    clinicsOfDistrict: new DataLoader<string, Clinic[]>(async (codes) =>
      manyByKey(codes, await clinics.find({ where: { districtCode: In([...codes]) }, order: { code: 'ASC' } }), (c) => c.districtCode),
    ),

    clinicsOfCommunity: new DataLoader<string, Clinic[]>(async (codes) =>
      manyByKey(codes, await clinics.find({ where: { communityCode: In([...codes]) }, order: { code: 'ASC' } }), (c) => c.communityCode),
    ),

    /** A child in the register, or null. */
    registeredChild: new DataLoader<string, RegisteredChild | null>(async (ids) =>
      oneByKey(ids, await children.findBy({ childId: In([...ids]) }), (c) => c.childId),
    ),

    /** A child's doses, by vaccine and dose. */
    vaccinationsOfChild: new DataLoader<string, VaccinationRecord[]>(async (ids) =>
      manyByKey(ids, await vaccinations.find({ where: { childId: In([...ids]) }, order: { vaccine: 'ASC', dose: 'ASC' } }), (v) => v.childId),
    ),

    /** A page of a district's or a community's follow-up list (one statement per level for the pages of a request). */
    dueList: {
      load: (key: DueListKey) => dueLists[placeColumn(key.placeCode)].load(key),
    },

    /** How many children a place's follow-up list has today. */
    dueListCount: new DataLoader<string, number>(async (codes) => {
      const rows: { place: string; count: number }[] = await db.query(
        `SELECT k.place, count(c.child_id)::int AS count
         FROM unnest($1::varchar[]) AS k(place)
         JOIN registered_child c ON (c.district_code = k.place OR c.community_code = k.place)
         WHERE ${underProgrammeAge('$2::date')} AND ${hasDoseMissing('$2::date', false)}
         GROUP BY k.place`,
        [codes, today()],
      );
      return oneByKey(codes, rows, (row) => row.place).map((row) => row?.count ?? 0);
    }),

    /** The bureau's latest statistics release, looked up once per request. */
    release: createCoverageRelease(db),
  };
}

export type HealthLoaders = ReturnType<typeof createLoaders>;
