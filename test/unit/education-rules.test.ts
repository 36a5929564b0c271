import 'reflect-metadata';
import { SchoolLevel } from '../../subgraphs/education/entities/school';
import { checkAgeAndGrade } from '../../subgraphs/education/resolvers/enrolment-mutations';
import { birthDateRange, SchoolAgeGroup, schoolAgeGroupOf, schoolYearOf } from '../../subgraphs/kit/school-age';
import { refusedField } from '../support/checks';

describe('age and grade for a level', () => {
  it('counts age on 1 September of the school year of the enrolment', () => {
    // Born 2020-09-01: 6 on 2026-09-01, so primary from the 2026–2027 school year, even if enrolled in November.
    expect(refusedField(() => checkAgeAndGrade(SchoolLevel.PRIMARY, '2020-09-01', 1, '2026-11-20'))).toBeUndefined();
    // Born a day later: still 5 on that 1 September.
    expect(refusedField(() => checkAgeAndGrade(SchoolLevel.PRIMARY, '2020-09-02', 1, '2026-11-20'))).toBe('input.childBirthDate');
    // Enrolled in June 2026 the school year is 2025–2026, when the first child was 5.
    expect(refusedField(() => checkAgeAndGrade(SchoolLevel.PRIMARY, '2020-09-01', 1, '2026-06-01'))).toBe('input.childBirthDate');
  });

  it('allows one year older than the last grade for late starters, not more', () => {
    expect(refusedField(() => checkAgeAndGrade(SchoolLevel.PRIMARY, '2014-03-01', 6, '2026-11-20'))).toBeUndefined(); // 12
    expect(refusedField(() => checkAgeAndGrade(SchoolLevel.PRIMARY, '2013-03-01', 6, '2026-11-20'))).toBe('input.childBirthDate'); // 13
    expect(refusedField(() => checkAgeAndGrade(SchoolLevel.KINDERGARTEN, '2024-03-01', 1, '2026-11-20'))).toBe('input.childBirthDate'); // 2
  });

  it('checks the grade against the level', () => {
    expect(refusedField(() => checkAgeAndGrade(SchoolLevel.JUNIOR_SECONDARY, '2013-03-01', 4, '2026-11-20'))).toBe('input.grade');
    expect(refusedField(() => checkAgeAndGrade(SchoolLevel.PRIMARY, '2018-03-01', 0, '2026-11-20'))).toBe('input.grade');
  });
});

describe('school-age groups shared by public security and education', () => {
  it('puts a birth date in one group, consistently with the SQL birth-date ranges', () => {
    const schoolYear = schoolYearOf('2026-11-26');
    expect(schoolYear).toBe(2026);
    expect(schoolYearOf('2026-08-31')).toBe(2025);
    for (const birthDate of ['2023-09-01', '2023-09-02', '2020-09-01', '2020-09-02', '2014-09-01', '2008-09-02', '2008-09-01']) {
      const group = schoolAgeGroupOf(birthDate, schoolYear);
      const inRange = Object.values(SchoolAgeGroup).filter((g) => {
        const { bornAfter, bornOnOrBefore } = birthDateRange(g, schoolYear);
        return birthDate > bornAfter && birthDate <= bornOnOrBefore;
      });
      expect(inRange).toEqual(group ? [group] : []);
    }
    expect(schoolAgeGroupOf('2020-09-01', schoolYear)).toBe(SchoolAgeGroup.PRIMARY_AGE);
    expect(schoolAgeGroupOf('2020-09-02', schoolYear)).toBe(SchoolAgeGroup.KINDERGARTEN_AGE);
    expect(schoolAgeGroupOf('2008-09-01', schoolYear)).toBeNull();
  });
});
