import { Authorized, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';
import { ENROLMENT_DETAILS, SCHOOLING } from '../access';

export enum EnrolmentStatus {
  ENROLLED = 'ENROLLED',
  TRANSFERRED = 'TRANSFERRED',
  GRADUATED = 'GRADUATED',
  DROPPED_OUT = 'DROPPED_OUT',
}
registerEnumType(EnrolmentStatus, {
  name: 'EnrolmentStatus',
  description: 'Where an enrolment stands.',
  valuesConfig: {
    ENROLLED: { description: 'In school there now (在读).' },
    TRANSFERRED: { description: 'Left for another school (转学).' },
    GRADUATED: { description: 'Finished the stage (毕业).' },
    DROPPED_OUT: { description: 'Left school (辍学).' },
  },
});

/** The ways an enrolment ends; an enrolment without one is current. */
export type EnrolmentEnd = Exclude<EnrolmentStatus, EnrolmentStatus.ENROLLED>;

/** One child at one school from one day to another; a transfer ends one record and starts the next. */
@ObjectType('Enrolment', { description: "A migrant child's enrolment at a school (随迁子女入学), with the guardian." })
@Entity('enrolment')
export class Enrolment {
  @Authorized(SCHOOLING)
  @Field(() => ID, { nullable: true, description: 'Id of this enrolment record.' })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'child_id', type: 'varchar', length: 16 })
  childId!: string;

  @Column({ name: 'guardian_id', type: 'varchar', length: 16 })
  guardianId!: string;

  /** From the enrolment application (学籍): what the age check uses. */
  @Column({ name: 'child_birth_date', type: 'date' })
  childBirthDate!: string;

  /** The family's community when the child was enrolled (proof of residence for 就近入学). */
  @Column({ name: 'home_community_code', type: 'varchar', length: 12 })
  homeCommunityCode!: string;

  @Column({ name: 'home_district_code', type: 'varchar', length: 6 })
  homeDistrictCode!: string;

  /** The child's household registration place (户籍所在地, GB/T 2260), from the application; null on records from before it was asked. */
  @Column({ name: 'origin_region_code', type: 'varchar', length: 6, nullable: true })
  originRegionCode!: string | null;

  @Column({ name: 'school_code', type: 'varchar', length: 10 })
  schoolCode!: string;

  @Authorized(SCHOOLING)
  @Field(() => Int, { nullable: true, description: 'Grade within the stage (年级), from 1.' })
  @Column({ type: 'smallint' })
  grade!: number;

  @Authorized(SCHOOLING)
  @Field(() => Int, { nullable: true, description: 'School year of enrolment, by its first calendar year (2026 = 2026–2027).' })
  @Column({ name: 'school_year', type: 'integer' })
  schoolYear!: number;

  @Authorized(ENROLMENT_DETAILS)
  @Field(() => DateScalar, { nullable: true, description: 'First day at the school (入学日期).' })
  @Column({ name: 'enrolled_on', type: 'date' })
  enrolledOn!: string;

  @Authorized(ENROLMENT_DETAILS)
  @Field(() => DateScalar, { nullable: true, description: 'Last day at the school; null while enrolled.' })
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 12, nullable: true })
  endReason!: EnrolmentEnd | null;

  @Authorized(ENROLMENT_DETAILS)
  @Field({ nullable: true, description: 'Whether the child pays the same fees and gets the same treatment as local pupils (同等待遇).' })
  @Column({ name: 'fees_equal_to_local', type: 'boolean' })
  feesEqualToLocal!: boolean;
}
