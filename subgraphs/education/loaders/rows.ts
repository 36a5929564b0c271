import { Enrolment } from '../entities/enrolment';

export const ENROLMENT_COLUMNS = `e.id, e.child_id, e.guardian_id, e.child_birth_date, e.home_community_code, e.home_district_code,
  e.school_code, e.grade, e.school_year, e.enrolled_on, e.ended_on, e.end_reason, e.fees_equal_to_local`;

export function enrolmentFromRow(row: Record<string, any>): Enrolment {
  return Object.assign(new Enrolment(), {
    id: row.id,
    childId: row.child_id,
    guardianId: row.guardian_id,
    childBirthDate: row.child_birth_date,
    homeCommunityCode: row.home_community_code,
    homeDistrictCode: row.home_district_code,
    schoolCode: row.school_code,
    grade: row.grade,
    schoolYear: row.school_year,
    enrolledOn: row.enrolled_on,
    endedOn: row.ended_on,
    endReason: row.end_reason,
    feesEqualToLocal: row.fees_equal_to_local,
  });
}
