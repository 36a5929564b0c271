import DataLoader from 'dataloader';
import { In, IsNull, type DataSource } from 'typeorm';
import { entityRows } from '../../kit/entity-rows';
import { createPageLoader, manyByKey, oneByKey } from '../../kit/loaders';
import { Enrolment } from '../entities/enrolment';
import { School } from '../entities/school';
import { createEnrolmentRelease } from './enrolment-counts';

/** A page of a school's enrolments, newest record first. */
export interface SchoolRollKey {
  schoolCode: string;
  activeOnly: boolean;
  afterId: number | undefined;
  limit: number;
}

/** Per-request loaders: each batch is one SQL statement, whatever the number of keys. */
export function createLoaders(db: DataSource) {
  const schools = db.getRepository(School);
  const enrolments = db.getRepository(Enrolment);
  const enrolmentRows = entityRows(db, Enrolment);
  return {
    school: new DataLoader<string, School | null>(async (codes) => oneByKey(codes, await schools.findBy({ code: In([...codes]) }), (s) => s.code)),

    schoolsOfDistrict: new DataLoader<string, School[]>(async (codes) =>
      manyByKey(codes, await schools.find({ where: { districtCode: In([...codes]) }, order: { code: 'ASC' } }), (s) => s.districtCode),
    ),

    schoolsOfCommunity: new DataLoader<string, School[]>(async (codes) =>
      manyByKey(codes, await schools.find({ where: { communityCode: In([...codes]) }, order: { code: 'ASC' } }), (s) => s.communityCode),
    ),

    /** A child's own enrolments, newest first. */
    enrolmentsOfChild: new DataLoader<string, Enrolment[]>(async (ids) =>
      manyByKey(ids, await enrolments.find({ where: { childId: In([...ids]) }, order: { enrolledOn: 'DESC', id: 'DESC' } }), (e) => e.childId),
    ),

    /** Current enrolments of the children a person is guardian of. */
    activeEnrolmentsOfGuardian: new DataLoader<string, Enrolment[]>(async (ids) =>
      manyByKey(ids, await enrolments.find({ where: { guardianId: In([...ids]), endedOn: IsNull() }, order: { childId: 'ASC' } }), (e) => e.guardianId),
    ),

    /** Pages of the rolls of many schools in one statement (a LATERAL page per school). */
    schoolRoll: createPageLoader<SchoolRollKey, Enrolment>(db, {
      keys: [
        { name: 'school_code', type: 'varchar', of: (key) => key.schoolCode },
        { name: 'active_only', type: 'boolean', of: (key) => key.activeOnly },
        { name: 'after_id', type: 'int', of: (key) => key.afterId ?? null },
      ],
      select: enrolmentRows.columns('e'),
      page: `SELECT * FROM enrolment x
             WHERE x.school_code = k.school_code AND (NOT k.active_only OR x.ended_on IS NULL) AND (k.after_id IS NULL OR x.id < k.after_id)
             ORDER BY x.id DESC LIMIT k.page_limit`,
      as: 'e',
      order: 'e.id DESC',
      fromRow: enrolmentRows.fromRow,
    }),

    schoolRollCount: new DataLoader<string, { all: number; active: number }>(async (codes) => {
      const rows: { school_code: string; all: number; active: number }[] = await db.query(
        `SELECT school_code, count(*) AS all, count(*) FILTER (WHERE ended_on IS NULL) AS active
         FROM enrolment WHERE school_code = ANY($1::varchar[]) GROUP BY school_code`,
        [codes],
      );
      return oneByKey(codes, rows, (row) => row.school_code).map((row) => ({ all: row?.all ?? 0, active: row?.active ?? 0 }));
    }),

    /** The bureau's latest statistics release, looked up once per request. */
    release: createEnrolmentRelease(db),
  };
}

export type EducationLoaders = ReturnType<typeof createLoaders>;
