import { Authorized, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';
import { SCHOOL_APPLICATIONS } from '../access';
import { SchoolLevel } from './school';

export enum SchoolApplicationOutcome {
  WAITING = 'WAITING',
  PLACED = 'PLACED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(SchoolApplicationOutcome, {
  name: 'SchoolApplicationOutcome',
  description: 'Where an application for a school place stands.',
  valuesConfig: {
    WAITING: { description: 'Filed, no place yet (待安置).' },
    PLACED: { description: 'The child was given a place: an enrolment was recorded (已入学).' },
    WITHDRAWN: { description: 'The family withdrew it (撤回).' },
  },
});

/**
 * An application for a school place that a migrant family files with the education bureau (随迁子女入学申请), one
 * child each: education's own register of who asked for a place, so that it can tell who still waits for one
 * without reading public security's tables.
 */
@ObjectType('SchoolApplication', {
  description: "A migrant family's application for a school place for one child (随迁子女入学申请), as the education bureau recorded it.",
})
@Entity('school_application')
export class SchoolApplication {
  @Authorized(SCHOOL_APPLICATIONS)
  @Field(() => ID, { nullable: true, description: 'Id of this application in the register (入学登记号).' })
  @PrimaryGeneratedColumn()
  id!: number;

  /** The registry id public security issued (the person the child is). */
  @Column({ name: 'child_id', type: 'varchar', length: 16 })
  childId!: string;

  /** As stated on the application: what the school-age check of the list uses. */
  @Column({ name: 'child_birth_date', type: 'date' })
  childBirthDate!: string;

  /** The community where the family lives, as the application states it (就近入学). */
  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  @Authorized(SCHOOL_APPLICATIONS)
  @Field(() => Int, { nullable: true, description: 'School year applied for, by its first calendar year (2026 = 2026–2027).' })
  @Column({ name: 'school_year', type: 'integer' })
  schoolYear!: number;

  @Authorized(SCHOOL_APPLICATIONS)
  @Field(() => SchoolLevel, { nullable: true, description: 'Level of school applied for (学段).' })
  @Column({ type: 'varchar', length: 20 })
  level!: SchoolLevel;

  @Authorized(SCHOOL_APPLICATIONS)
  @Field(() => DateScalar, { nullable: true, description: 'Day the application was filed (申请日期).' })
  @Column({ name: 'filed_on', type: 'date' })
  filedOn!: string;

  @Authorized(SCHOOL_APPLICATIONS)
  @Field(() => SchoolApplicationOutcome, { nullable: true, description: 'Waiting, placed or withdrawn.' })
  @Column({ type: 'varchar', length: 10 })
  outcome!: SchoolApplicationOutcome;

  /** The day of the placement or the withdrawal; null while waiting. */
  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn!: string | null;

  /** The enrolment a placed application led to. */
  @Column({ name: 'enrolment_id', type: 'integer', nullable: true })
  enrolmentId!: number | null;
}
