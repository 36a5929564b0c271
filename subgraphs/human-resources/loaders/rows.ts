import { Employment } from '../entities/employment';

export const EMPLOYMENT_COLUMNS = `e.id, e.person_id, e.employer_code, e.job_title, e.start_date, e.end_date, e.monthly_wage_yuan,
  e.weekly_hours, e.contract_signed, e.contract_type`;

export function employmentFromRow(row: Record<string, any>): Employment {
  return Object.assign(new Employment(), {
    id: row.id,
    personId: row.person_id,
    employerCode: row.employer_code,
    jobTitle: row.job_title,
    startDate: row.start_date,
    endDate: row.end_date,
    monthlyWage: row.monthly_wage_yuan,
    weeklyHours: row.weekly_hours,
    contractSigned: row.contract_signed,
    contractType: row.contract_type,
  });
}
