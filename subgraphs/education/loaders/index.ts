import DataLoader from 'dataloader';
import { In, IsNull, type DataSource } from 'typeorm';
import { entityRows } from '../../kit/entity-rows';
import { today } from '../../kit/dates';
import { createPageLoader, manyByKey, oneByKey } from '../../kit/loaders';
import { birthDateRange, SchoolAgeGroup, schoolYearOf } from '../../kit/school-age';
import { Enrolment } from '../entities/enrolment';
import { SchoolApplication } from '../entities/school-application';
import { School } from '../entities/school';
import { createEnrolmentRelease } from './enrolment-counts';

/** A page of a school's enrolments, newest record first. */
export interface SchoolRollKey {
  schoolCode: string;
  activeOnly: boolean;
  afterId: number | undefined;
  limit: number;
}

/** A page of a community's children awaiting a school place, in register order. */
export interface AwaitingPlaceKey {
  communityCode: string;
  afterId: number | undefined;
  limit: number;
}

/**
 * Waiting applications of children of school age this school year (the kit's ages, youngest of kindergarten to oldest
 * of senior secondary, born in (born_after, born_on_or_before]) with no active enrolment: the condition of the pages
 * and the count, on alias `x`.
 */
const AWAITING_PLACE = `x.outcome = 'WAITING' AND x.child_birth_date > k.born_after AND x.child_birth_date <= k.born_on_or_before
  AND NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.child_id = x.child_id AND e.ended_on IS NULL)`;

/** The birth dates of school age in the school year of today. */
function schoolAgeBirthDates(): { bornAfter: string; bornOnOrBefore: string } {
  const year = schoolYearOf(today());
  return {
    bornAfter: birthDateRange(SchoolAgeGroup.SENIOR_SECONDARY_AGE, year).bornAfter,
    bornOnOrBefore: birthDateRange(SchoolAgeGroup.KINDERGARTEN_AGE, year).bornOnOrBefore,
  };
}

/** Per-request loaders: each batch is one SQL statement, whatever the number of keys. */
export function createLoaders(db: DataSource) {
  const schools = db.getRepository(School);
  const enrolments = db.getRepository(Enrolment);
  const enrolmentRows = entityRows(db, Enrolment);
  const applicationRows = entityRows(db, SchoolApplication);
  const schoolAge = schoolAgeBirthDates();
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

    /** Pages of many communities' children awaiting a school place in one statement (a LATERAL page per community). */
    awaitingSchoolPlace: createPageLoader<AwaitingPlaceKey, SchoolApplication>(db, {
      keys: [
        { name: 'community_code', type: 'varchar', of: (key) => key.communityCode },
        { name: 'after_id', type: 'int', of: (key) => key.afterId ?? null },
        { name: 'born_after', type: 'date', of: () => schoolAge.bornAfter },
        { name: 'born_on_or_before', type: 'date', of: () => schoolAge.bornOnOrBefore },
      ],
      select: applicationRows.columns('a'),
      page: `SELECT * FROM school_application x
             WHERE x.community_code = k.community_code AND ${AWAITING_PLACE} AND (k.after_id IS NULL OR x.id > k.after_id)
             ORDER BY x.id LIMIT k.page_limit`,
      as: 'a',
      order: 'a.id',
      fromRow: applicationRows.fromRow,
    }),

    /** How many children of each community await a school place: one statement for all the communities asked. */
    awaitingSchoolPlaceCount: new DataLoader<string, number>(async (codes) => {
      const rows: { community_code: string; count: number }[] = await db.query(
        `SELECT x.community_code, count(*)::int AS count
         FROM school_application x CROSS JOIN (SELECT $2::date AS born_after, $3::date AS born_on_or_before) k
         WHERE x.community_code = ANY($1::varchar[]) AND ${AWAITING_PLACE}
         GROUP BY x.community_code`,
        [codes, schoolAge.bornAfter, schoolAge.bornOnOrBefore],
      );
      return oneByKey(codes, rows, (row) => row.community_code).map((row) => row?.count ?? 0);
    }),

    /** The bureau's latest statistics release, looked up once per request. */
    release: createEnrolmentRelease(db),
  };
}

export type EducationLoaders = ReturnType<typeof createLoaders>;
