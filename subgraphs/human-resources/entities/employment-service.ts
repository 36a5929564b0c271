import { Authorized, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';
import { EMPLOYMENT_SERVICES } from '../access';
import { ServiceKind, ServiceOutcome } from './enums';

@ObjectType('EmploymentService', { description: 'A free job referral or consultation given to a migrant (免费就业服务).' })
@Entity('employment_service')
export class EmploymentService {
  @Authorized(EMPLOYMENT_SERVICES)
  @Field(() => ID, { nullable: true, description: 'Id of this service record.' })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'person_id', type: 'varchar', length: 16 })
  personId!: string;

  @Authorized(EMPLOYMENT_SERVICES)
  @Field(() => DateScalar, { nullable: true, description: 'Day of the service.' })
  @Column({ name: 'service_date', type: 'date' })
  date!: string;

  @Authorized(EMPLOYMENT_SERVICES)
  @Field(() => ServiceKind, { nullable: true, description: 'Kind of service.' })
  @Column({ type: 'varchar', length: 20 })
  kind!: ServiceKind;

  @Authorized(EMPLOYMENT_SERVICES)
  @Field(() => ServiceOutcome, { nullable: true, description: 'What it led to.' })
  @Column({ type: 'varchar', length: 12 })
  outcome!: ServiceOutcome;
}
