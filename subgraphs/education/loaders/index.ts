import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { createPageLoader, manyByKey, oneByKey } from '../../kit/loaders';
import { Enrolment } from '../entities/enrolment';
import { School } from '../entities/school';
import { ENROLMENT_COLUMNS, enrolmentFromRow } from './rows';
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
  return {
    school: new DataLoader<string, School | null>(async (codes) => oneByKey(codes, await schools.findBy({ code: In([...codes]) }), (s) => s.code)),

    schoolsOfDistrict: new DataLoader<string, School[]>(async (codes) =>
      manyByKey(codes, await schools.find({ where: { districtCode: In([...codes]) }, order: { code: 'ASC' } }), (s) => s.districtCode),
    ),

    schoolsOfCommunity: new DataLoader<string, School[]>(async (codes) =>
      manyByKey(codes, await schools.find({ where: { communityCode: In([...codes]) }, order: { code: 'ASC' } }), (s) => s.communityCode),
    ),

    /** A child's own enrolments, newest first. */
    enrolmentsOfChild: new DataLoader<string, Enrolment[]>(async (ids) => {
      const rows = await db.query(`SELECT ${ENROLMENT_COLUMNS} FROM enrolment e WHERE e.child_id = ANY($1::varchar[]) ORDER BY e.enrolled_on DESC, e.id DESC`, [
        ids,
      ]);
      return manyByKey(ids, rows.map(enrolmentFromRow), (e) => e.childId);
    }),

    /** Current enrolments of the children a person is guardian of. */
    activeEnrolmentsOfGuardian: new DataLoader<string, Enrolment[]>(async (ids) => {
      const rows = await db.query(
        `SELECT ${ENROLMENT_COLUMNS} FROM enrolment e WHERE e.guardian_id = ANY($1::varchar[]) AND e.ended_on IS NULL ORDER BY e.child_id`,
        [ids],
      );
      return manyByKey(ids, rows.map(enrolmentFromRow), (e) => e.guardianId);
    }),

    /** Pages of the rolls of many schools in one statement (a LATERAL page per school). */
    schoolRoll: createPageLoader<SchoolRollKey, Enrolment>(db, {
      keys: [
        { name: 'school_code', type: 'varchar', of: (key) => key.schoolCode },
        { name: 'active_only', type: 'boolean', of: (key) => key.activeOnly },
        { name: 'after_id', type: 'int', of: (key) => key.afterId ?? null },
      ],
      select: ENROLMENT_COLUMNS,
      page: `SELECT * FROM enrolment x
             WHERE x.school_code = k.school_code AND (NOT k.active_only OR x.ended_on IS NULL) AND (k.after_id IS NULL OR x.id < k.after_id)
             ORDER BY x.id DESC LIMIT k.page_limit`,
      as: 'e',
      order: 'e.id DESC',
      fromRow: enrolmentFromRow,
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
