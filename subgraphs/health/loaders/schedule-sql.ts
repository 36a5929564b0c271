import { OVERDUE_AFTER_DAYS, PROGRAMME_YEARS, SCHEDULED_DOSES } from '../entities/vaccines';

/**
 * The schedule (entities/vaccines.ts) as SQL, so that the follow-up lists and the figures select children by the
 * same rule as `dosesDue`: a table of its doses, and conditions on a registered child `c` on a day. PostgreSQL's
 * `date + interval 'n months'` clamps the day of month as kit/dates addMonths does.
 */
export const SCHEDULE_TABLE = `(VALUES ${SCHEDULED_DOSES.map(({ vaccine, dose, ageInMonths }) => `('${vaccine}', ${dose}, ${ageInMonths})`).join(', ')}) AS s(vaccine, dose, age_months)`;

/** The child is under seven on `day` (an SQL date expression). */
export const underProgrammeAge = (day: string) => `c.birth_date <= ${day} AND c.birth_date + interval '${PROGRAMME_YEARS} years' > ${day}`;

/**
 * Some dose of the child's is due by `day` and not given by then; `overdueOnly`: more than OVERDUE_AFTER_DAYS past due.
 */
export function hasDoseMissing(day: string, overdueOnly: boolean): string {
  const due = `(c.birth_date + make_interval(months => s.age_months))::date`;
  return `EXISTS (
    SELECT 1 FROM ${SCHEDULE_TABLE}
    WHERE ${overdueOnly ? `${due} + ${OVERDUE_AFTER_DAYS} < ${day}` : `${due} <= ${day}`}
      AND NOT EXISTS (SELECT 1 FROM vaccination v WHERE v.child_id = c.child_id AND v.vaccine = s.vaccine AND v.dose = s.dose AND v.vaccinated_on <= ${day})
  )`;
}
