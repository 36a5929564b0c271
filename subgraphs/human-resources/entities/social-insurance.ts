import { Authorized, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';
import { WORK_RECORDS } from '../access';
import { InsuranceStatus, InsuranceType } from './enums';

@ObjectType('SocialInsurance', { description: 'Enrolment in one social insurance scheme (参保记录).' })
@Entity('social_insurance')
export class SocialInsurance {
  @Authorized(WORK_RECORDS)
  @Field(() => ID, { nullable: true, description: 'Id of this insurance record.' })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'person_id', type: 'varchar', length: 16 })
  personId!: string;

  @Authorized(WORK_RECORDS)
  @Field(() => InsuranceType, { nullable: true, description: 'The scheme (险种).' })
  @Column({ type: 'varchar', length: 12 })
  type!: InsuranceType;

  @Authorized(WORK_RECORDS)
  @Field(() => InsuranceStatus, { nullable: true, description: 'Status (参保状态).' })
  @Column({ type: 'varchar', length: 10 })
  status!: InsuranceStatus;

  @Authorized(WORK_RECORDS)
  @Field(() => DateScalar, { nullable: true, description: 'First day insured (参保日期).' })
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Authorized(WORK_RECORDS)
  @Field(() => DateScalar, { nullable: true, description: 'Day contributions stopped; null while active.' })
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;
}
