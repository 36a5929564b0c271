import 'reflect-metadata';
import { Authorized, Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MonthlyFigures, ReleasedFigures, SuppressedFields } from './released-figures';
import { STATISTICS } from './auth/access';
import { addMonths, yearsBetween } from './dates';

/**
 * School-age groups of the compulsory and senior stages, the same in every bureau: public security counts the
 * children registered in each group, education the ones enrolled, and the gateway brings the two together.
 */
export enum SchoolAgeGroup {
  KINDERGARTEN_AGE = 'KINDERGARTEN_AGE',
  PRIMARY_AGE = 'PRIMARY_AGE',
  JUNIOR_SECONDARY_AGE = 'JUNIOR_SECONDARY_AGE',
  SENIOR_SECONDARY_AGE = 'SENIOR_SECONDARY_AGE',
}
registerEnumType(SchoolAgeGroup, {
  name: 'SchoolAgeGroup',
  description: 'Age group of a school stage, by age on 1 September of the school year.',
  valuesConfig: {
    KINDERGARTEN_AGE: { description: 'Ages 3–5: pre-school (学前教育).' },
    PRIMARY_AGE: { description: 'Ages 6–11: primary school (小学).' },
    JUNIOR_SECONDARY_AGE: { description: 'Ages 12–14: junior secondary (初中).' },
    SENIOR_SECONDARY_AGE: { description: 'Ages 15–17: senior secondary or vocational (高中/中职).' },
  },
});

/** The ages each group covers, youngest first. */
export const SCHOOL_AGE_GROUPS: { group: SchoolAgeGroup; from: number; to: number }[] = [
  { group: SchoolAgeGroup.KINDERGARTEN_AGE, from: 3, to: 5 },
  { group: SchoolAgeGroup.PRIMARY_AGE, from: 6, to: 11 },
  { group: SchoolAgeGroup.JUNIOR_SECONDARY_AGE, from: 12, to: 14 },
  { group: SchoolAgeGroup.SENIOR_SECONDARY_AGE, from: 15, to: 17 },
];

/** Compulsory education (义务教育): the primary and junior secondary ages together. */
export const COMPULSORY_GROUPS = [SchoolAgeGroup.PRIMARY_AGE, SchoolAgeGroup.JUNIOR_SECONDARY_AGE];

/** The school year (its starting calendar year) a day falls in: years start on 1 September. */
export function schoolYearOf(day: string): number {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= '09-01' ? year : year - 1;
}

/** 1 September of a school year: the day ages are counted on. */
export function schoolYearStart(schoolYear: number): string {
  return `${schoolYear}-09-01`;
}

export function schoolAgeGroupOf(birthDate: string, schoolYear: number): SchoolAgeGroup | null {
  const age = yearsBetween(birthDate, schoolYearStart(schoolYear));
  return SCHOOL_AGE_GROUPS.find((g) => age >= g.from && age <= g.to)?.group ?? null;
}

/** Birth dates of a group in a school year, for SQL: born after `bornAfter` and on or before `bornOnOrBefore`. */
export function birthDateRange(group: SchoolAgeGroup, schoolYear: number): { bornAfter: string; bornOnOrBefore: string } {
  const { from, to } = SCHOOL_AGE_GROUPS.find((g) => g.group === group)!;
  const start = schoolYearStart(schoolYear);
  return { bornAfter: addMonths(start, -12 * (to + 1)), bornOnOrBefore: addMonths(start, -12 * from) };
}

/**
 * SQL `CASE` giving the school-age group of `birthDateColumn` in a school year; its birth-date bounds are appended to
 * `params` (so both bureaus count children by the same groups, in SQL).
 */
export function schoolAgeGroupSql(birthDateColumn: string, schoolYear: number, params: unknown[]): string {
  const branches = SCHOOL_AGE_GROUPS.map(({ group }) => {
    const { bornAfter, bornOnOrBefore } = birthDateRange(group, schoolYear);
    params.push(bornAfter, bornOnOrBefore);
    return `WHEN ${birthDateColumn} > $${params.length - 1} AND ${birthDateColumn} <= $${params.length} THEN '${group}'`;
  });
  return `CASE ${branches.join(' ')} END`;
}

/**
 * SQL of the days a child born on `birthDateColumn` is of compulsory-school age, by the bounds of birthDateRange:
 * from 1 September of the first school year it begins aged 6 (`from`) until 1 September of the first it begins aged
 * 15 (`until`, its first day past that age).
 */
function compulsoryAgeSql(birthDateColumn: string): { from: string; until: string } {
  const ages = SCHOOL_AGE_GROUPS.filter(({ group }) => COMPULSORY_GROUPS.includes(group));
  const firstSeptemberAged = (age: number) => {
    const birthday = `(${birthDateColumn} + interval '${age} years')::date`;
    return `make_date(extract(year FROM ${birthday})::int + (${birthday} > make_date(extract(year FROM ${birthday})::int, 9, 1))::int, 9, 1)`;
  };
  return { from: firstSeptemberAged(Math.min(...ages.map((g) => g.from))), until: firstSeptemberAged(Math.max(...ages.map((g) => g.to)) + 1) };
}

/** Records of a child held from a day to a day (a registration, an enrolment), as columns of `from`, an SQL FROM clause. */
export interface ChildRecordsSql {
  from: string;
  place: string;
  birthDate: string;
  startedOn: string;
  /** The record's last day held, null while it holds. */
  endedOn: string;
}

/**
 * SQL of the monthly changes (kit/monthly-series MonthlyChangeRow: place, measure, month, starts, ends) of a stock of
 * children of compulsory-school age, by age in the school year of each month's last day counted, up to the cut-off
 * `$1`: each record cut to the days its child is of that age, counted where it starts (the record began, or the child
 * turned 6 by 1 September) and ends (it ended, or the child turned 15). One statement, whatever the months — joining
 * every month to the records took 50 times as long.
 */
export function compulsoryAgeChangesSql(measure: string, records: ChildRecordsSql): string {
  const age = compulsoryAgeSql(records.birthDate);
  return `WITH spans AS (
       SELECT ${records.place} AS place, greatest(${records.startedOn}, ${age.from}) AS starts_on, least(${records.endedOn} + 1, ${age.until}) AS ends_on
       FROM ${records.from}
     ), changes AS (
       SELECT place, date_trunc('month', starts_on) AS month, 1 AS starts, 0 AS ends FROM spans WHERE starts_on <= $1 AND ends_on > starts_on
       UNION ALL
       SELECT place, date_trunc('month', ends_on), 0, 1 FROM spans WHERE ends_on <= $1 AND ends_on > starts_on
     )
     SELECT place, '${measure}' AS measure, to_char(month, 'YYYY-MM') AS month, sum(starts)::int AS starts, sum(ends)::int AS ends
     FROM changes GROUP BY place, month`;
}

@Directive('@shareable')
@ObjectType('SchoolAgeCount', { description: 'Migrant children of one school-age group registered in a place (public security).' })
export class SchoolAgeCount extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => SchoolAgeGroup, { description: 'The age group.' })
  ageGroup!: SchoolAgeGroup;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'How many; null when suppressed (1–9 children).' })
  count!: number | null;

  @Authorized(STATISTICS)
  @Field({ description: 'Whether the count is withheld because it is small enough to point at individuals.' })
  suppressed!: boolean;
}

@Directive('@shareable')
@ObjectType('SchoolAgeMonth', {
  description:
    'Migrant children of compulsory-school age (义务教育适龄, primary and junior secondary ages by age on 1 September of the school year of the last day counted) registered in a place at the end of one month (public security).',
})
export class SchoolAgeMonth extends MonthlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Children of compulsory-school age registered as living here on the last day counted.' })
  compulsoryAge!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}
