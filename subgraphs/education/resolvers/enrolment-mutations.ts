import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, registerEnumType, Resolver } from 'type-graphql';
import { IsNull, type EntityManager } from 'typeorm';
import type { SubgraphContext } from '../../kit/bureau';
import { addDays, yearsBetween } from '../../kit/dates';
import { entityRows } from '../../kit/entity-rows';
import { UserInputError } from '../../kit/errors';
import { regionByCode } from '../../kit/reference-types';
import { DateScalar, isoDay } from '../../kit/scalars';
import { schoolYearOf, schoolYearStart } from '../../kit/school-age';
import { inTransaction } from '../../kit/transactions';
import { requireId, requireNotBefore, requireNotInFuture } from '../../kit/validation';
import { ENROLMENT_WRITE } from '../access';
import { Enrolment, EnrolmentStatus } from '../entities/enrolment';
import { School, SchoolLevel } from '../entities/school';
import { LEVELS } from '../entities/school-levels';
import type { EducationLoaders } from '../loaders';

type Context = SubgraphContext<EducationLoaders>;

/** Ages (on 1 September) a level takes — its start age to its last grade's, one year more for late starters and repeaters. */
export function ageRange(level: SchoolLevel): { minAge: number; maxAge: number; grades: number } {
  const { startAge, grades } = LEVELS[level];
  return { minAge: startAge, maxAge: startAge + grades, grades };
}

/** Checks a child's age and grade against a school's level in the school year of `on`; errors name the fields. */
export function checkAgeAndGrade(level: SchoolLevel, birthDate: string, grade: number, on: string): void {
  const rule = ageRange(level);
  const age = yearsBetween(birthDate, schoolYearStart(schoolYearOf(on)));
  if (age < rule.minAge) throw new UserInputError('input.childBirthDate', `The child (${age} on 1 September) is too young for ${level} (from ${rule.minAge})`);
  if (age > rule.maxAge) throw new UserInputError('input.childBirthDate', `The child (${age} on 1 September) is too old for ${level} (up to ${rule.maxAge})`);
  if (!Number.isInteger(grade) || grade < 1 || grade > rule.grades) {
    throw new UserInputError('input.grade', `input.grade must be from 1 to ${rule.grades} for ${level}`);
  }
}

export enum LeavingReason {
  GRADUATED = 'GRADUATED',
  DROPPED_OUT = 'DROPPED_OUT',
}
registerEnumType(LeavingReason, {
  name: 'LeavingReason',
  description: 'Why a child leaves a school without moving to another one.',
  valuesConfig: { GRADUATED: { description: 'Finished the stage (毕业).' }, DROPPED_OUT: { description: 'Left school (辍学).' } },
});

@InputType({ description: "A migrant child's enrolment at a school (随迁子女入学)." })
export class EnrolChildInput {
  @Field(() => ID, { description: 'Registry id of the child (public security).' })
  childId!: string;

  @Field(() => ID, { description: 'Registry id of the guardian enrolling the child.' })
  guardianId!: string;

  @Field(() => DateScalar, { description: "The child's date of birth, from the application; checked against the level." })
  childBirthDate!: Date;

  @Field(() => ID, { description: "The family's community (12 digits), from the proof of residence." })
  homeCommunityCode!: string;

  @Field(() => ID, {
    description: "GB/T 2260 code of the child's household registration place (户籍所在地), a region of origin, from the application.",
  })
  originRegionCode!: string;

  @Field(() => ID, { description: 'The school.' })
  schoolCode!: string;

  @Field(() => Int, { description: 'Grade within the stage, from 1.' })
  grade!: number;

  @Field(() => DateScalar, { description: 'First day at the school.' })
  enrolledOn!: Date;

  @Field({ description: 'Whether the child pays the same fees as local pupils.' })
  feesEqualToLocal!: boolean;
}

@InputType({ description: 'A move of an enrolled child to another school (转学).' })
export class TransferChildInput {
  @Field(() => ID, { description: 'Registry id of the child.' })
  childId!: string;

  @Field(() => ID, { description: 'The school the child moves to.' })
  toSchoolCode!: string;

  @Field(() => Int, { description: 'Grade at the new school.' })
  grade!: number;

  @Field(() => DateScalar, { description: 'First day at the new school; the old enrolment ends the day before.' })
  transferredOn!: Date;

  @Field(() => ID, { nullable: true, description: "The family's community now, if it moved (12 digits)." })
  homeCommunityCode?: string;

  @Field({ nullable: true, description: 'Fee treatment at the new school; as before when absent.' })
  feesEqualToLocal?: boolean;
}

@InputType({ description: 'A child leaving school: graduated or dropped out.' })
export class RecordLeavingInput {
  @Field(() => ID, { description: 'Registry id of the child.' })
  childId!: string;

  @Field(() => LeavingReason, { description: 'Why the child left.' })
  reason!: LeavingReason;

  @Field(() => DateScalar, { description: 'Last day at the school.' })
  leftOn!: Date;
}

const CONSTRAINT_FIELDS = { enrolment_active_unique: 'input.childId' };

/** The school, locked so that two enrolments cannot both take its last place. */
async function lockSchool(manager: EntityManager, code: string, field: string): Promise<School> {
  requireId(code, 'school', field);
  const school = await manager.getRepository(School).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
  if (!school) throw new UserInputError(field, `${field} ${code} is not a known school`);
  const [{ count }] = await manager.query('SELECT count(*) AS count FROM enrolment WHERE school_code = $1 AND ended_on IS NULL', [code]);
  if (count >= school.capacity) throw new UserInputError(field, `School ${code} is full (${school.capacity} places)`);
  return school;
}

function activeEnrolment(manager: EntityManager, childId: string): Promise<Enrolment | null> {
  return manager.getRepository(Enrolment).findOne({ where: { childId, endedOn: IsNull() }, lock: { mode: 'pessimistic_write' } });
}

async function insertEnrolment(manager: EntityManager, values: Omit<Enrolment, 'id' | 'endedOn' | 'endReason' | 'homeDistrictCode'>): Promise<Enrolment> {
  const enrolmentRows = entityRows(manager, Enrolment);
  const rows = await manager.query(
    `INSERT INTO enrolment AS e (child_id, guardian_id, child_birth_date, home_community_code, home_district_code, origin_region_code, school_code, grade, school_year, enrolled_on, fees_equal_to_local)
     VALUES ($1, $2, $3, $4::varchar, left($4::varchar, 6), $10, $5, $6, $7, $8, $9) RETURNING ${enrolmentRows.columns('e')}`,
    [
      values.childId,
      values.guardianId,
      values.childBirthDate,
      values.homeCommunityCode,
      values.schoolCode,
      values.grade,
      values.schoolYear,
      values.enrolledOn,
      values.feesEqualToLocal,
      values.originRegionCode,
    ],
  );
  return enrolmentRows.fromRow(rows[0]);
}

@Resolver()
export class EnrolmentMutations {
  @Authorized(ENROLMENT_WRITE)
  @Mutation(() => Enrolment, { description: "Enrol a migrant child at a school; the child's waiting application for a place, if any, is placed by it." })
  async enrolChild(
    @Arg('input', () => EnrolChildInput, { description: 'What to record.' }) input: EnrolChildInput,
    @Ctx() context: Context,
  ): Promise<Enrolment> {
    const childId = requireId(input.childId, 'person', 'input.childId');
    const guardianId = requireId(input.guardianId, 'person', 'input.guardianId');
    if (guardianId === childId) throw new UserInputError('input.guardianId', 'A child cannot be their own guardian');
    const birthDate = requireNotInFuture(isoDay(input.childBirthDate), 'input.childBirthDate');
    const enrolledOn = requireNotInFuture(isoDay(input.enrolledOn), 'input.enrolledOn');
    requireNotBefore(enrolledOn, birthDate, 'input.enrolledOn', 'the birth date');
    const homeCommunityCode = requireId(input.homeCommunityCode, 'community', 'input.homeCommunityCode');
    if (!regionByCode(input.originRegionCode)) throw new UserInputError('input.originRegionCode', 'input.originRegionCode is not a known origin region code');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      if (await activeEnrolment(manager, childId)) {
        throw new UserInputError('input.childId', 'The child is already enrolled at a school: transfer instead');
      }
      const school = await lockSchool(manager, input.schoolCode, 'input.schoolCode');
      checkAgeAndGrade(school.level, birthDate, input.grade, enrolledOn);
      const enrolment = await insertEnrolment(manager, {
        childId,
        guardianId,
        childBirthDate: birthDate,
        homeCommunityCode,
        originRegionCode: input.originRegionCode,
        schoolCode: school.code,
        grade: input.grade,
        schoolYear: schoolYearOf(enrolledOn),
        enrolledOn,
        feesEqualToLocal: input.feesEqualToLocal,
      });
      // The place the family applied for is given: its waiting application is placed by this enrolment.
      await manager.query(
        `UPDATE school_application SET outcome = 'PLACED', enrolment_id = $2, decided_on = GREATEST(filed_on, $3::date) WHERE child_id = $1 AND outcome = 'WAITING'`,
        [childId, enrolment.id, enrolledOn],
      );
      return enrolment;
    });
  }

  @Authorized(ENROLMENT_WRITE)
  @Mutation(() => Enrolment, { description: 'Move an enrolled child to another school (转学): the old record ends, a new one starts.' })
  async transferChild(
    @Arg('input', () => TransferChildInput, { description: 'What to record.' }) input: TransferChildInput,
    @Ctx() context: Context,
  ): Promise<Enrolment> {
    const transferredOn = requireNotInFuture(isoDay(input.transferredOn), 'input.transferredOn');
    const childId = requireId(input.childId, 'person', 'input.childId');
    const homeCommunity = input.homeCommunityCode && requireId(input.homeCommunityCode, 'community', 'input.homeCommunityCode');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const current = await activeEnrolment(manager, childId);
      if (!current) throw new UserInputError('input.childId', 'The child is not enrolled anywhere: enrol instead');
      if (current.schoolCode === input.toSchoolCode) throw new UserInputError('input.toSchoolCode', 'The child is already at this school');
      if (transferredOn <= current.enrolledOn) {
        throw new UserInputError('input.transferredOn', `input.transferredOn must be after the current enrolment began (${current.enrolledOn})`);
      }
      const school = await lockSchool(manager, input.toSchoolCode, 'input.toSchoolCode');
      checkAgeAndGrade(school.level, current.childBirthDate, input.grade, transferredOn);
      await manager.query(`UPDATE enrolment SET ended_on = $2, end_reason = 'TRANSFERRED' WHERE id = $1`, [current.id, addDays(transferredOn, -1)]);
      return insertEnrolment(manager, {
        childId: current.childId,
        guardianId: current.guardianId,
        childBirthDate: current.childBirthDate,
        homeCommunityCode: homeCommunity || current.homeCommunityCode,
        originRegionCode: current.originRegionCode,
        schoolCode: school.code,
        grade: input.grade,
        schoolYear: schoolYearOf(transferredOn),
        enrolledOn: transferredOn,
        feesEqualToLocal: input.feesEqualToLocal ?? current.feesEqualToLocal,
      });
    });
  }

  @Authorized(ENROLMENT_WRITE)
  @Mutation(() => Enrolment, { description: 'Record that a child left school: the enrolment ends as graduated or dropped out.' })
  async recordLeaving(
    @Arg('input', () => RecordLeavingInput, { description: 'What to record.' }) input: RecordLeavingInput,
    @Ctx() context: Context,
  ): Promise<Enrolment> {
    const childId = requireId(input.childId, 'person', 'input.childId');
    const leftOn = requireNotInFuture(isoDay(input.leftOn), 'input.leftOn');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const current = await activeEnrolment(manager, childId);
      if (!current) throw new UserInputError('input.childId', 'The child is not enrolled anywhere');
      requireNotBefore(leftOn, current.enrolledOn, 'input.leftOn', 'the day of enrolment');
      const reason: EnrolmentStatus = input.reason === LeavingReason.GRADUATED ? EnrolmentStatus.GRADUATED : EnrolmentStatus.DROPPED_OUT;
      // TypeORM answers an UPDATE with [returned rows, affected count].
      const enrolmentRows = entityRows(manager, Enrolment);
      const [rows] = await manager.query(`UPDATE enrolment AS e SET ended_on = $2, end_reason = $3 WHERE e.id = $1 RETURNING ${enrolmentRows.columns('e')}`, [
        current.id,
        leftOn,
        reason,
      ]);
      return enrolmentRows.fromRow(rows[0]);
    });
  }
}
