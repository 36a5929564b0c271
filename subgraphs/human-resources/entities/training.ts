import { Authorized, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';
import { WORK_RECORDS } from '../access';
import { TrainingKind } from './enums';

@ObjectType('Training', { description: 'A free training course taken by a migrant (职业培训/创业培训).' })
@Entity('training')
export class Training {
  @Authorized(WORK_RECORDS)
  @Field(() => ID, { nullable: true, description: 'Id of this training record.' })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'person_id', type: 'varchar', length: 16 })
  personId!: string;

  @Authorized(WORK_RECORDS)
  @Field({ nullable: true, description: 'Course (培训项目).' })
  @Column({ type: 'varchar', length: 48 })
  course!: string;

  @Authorized(WORK_RECORDS)
  @Field(() => TrainingKind, { nullable: true, description: 'Kind of course.' })
  @Column({ type: 'varchar', length: 16 })
  kind!: TrainingKind;

  @Authorized(WORK_RECORDS)
  @Field({ nullable: true, description: 'Training provider (培训机构).' })
  @Column({ type: 'varchar', length: 64 })
  provider!: string;

  @Authorized(WORK_RECORDS)
  @Field(() => DateScalar, { nullable: true, description: 'First day of the course.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Authorized(WORK_RECORDS)
  @Field(() => DateScalar, { nullable: true, description: 'Last day of the course.' })
  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  @Authorized(WORK_RECORDS)
  @Field({ nullable: true, description: 'Whether the course was completed (结业).' })
  @Column({ type: 'boolean' })
  completed!: boolean;

  @Authorized(WORK_RECORDS)
  @Field(() => String, { nullable: true, description: 'Certificate obtained (证书), if any.' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  certificate!: string | null;
}
