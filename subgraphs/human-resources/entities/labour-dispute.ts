import { Authorized, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, MoneyScalar } from '../../kit/scalars';
import { DISPUTES } from '../access';
import { DisputeKind, DisputeStatus } from './enums';

@ObjectType('LabourDispute', { description: 'A labour dispute or wage claim of a migrant against an employer (劳动争议).' })
@Entity('labour_dispute')
export class LabourDispute {
  @Authorized(DISPUTES)
  @Field(() => ID, { nullable: true, description: 'Id of this dispute.' })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'person_id', type: 'varchar', length: 16 })
  personId!: string;

  @Column({ name: 'employer_code', type: 'varchar', length: 18 })
  employerCode!: string;

  @Authorized(DISPUTES)
  @Field(() => DisputeKind, { nullable: true, description: 'What it is about.' })
  @Column({ type: 'varchar', length: 16 })
  kind!: DisputeKind;

  @Authorized(DISPUTES)
  @Field(() => DateScalar, { nullable: true, description: 'Day filed (受理日期).' })
  @Column({ name: 'filed_on', type: 'date' })
  filedOn!: string;

  @Authorized(DISPUTES)
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount claimed in yuan (请求金额).' })
  @Column({ name: 'amount_claimed_yuan', type: 'numeric', precision: 12, scale: 2 })
  amountClaimed!: string;

  @Authorized(DISPUTES)
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount recovered in yuan (追回金额).' })
  @Column({ name: 'amount_recovered_yuan', type: 'numeric', precision: 12, scale: 2, default: 0 })
  amountRecovered!: string;

  @Authorized(DISPUTES)
  @Field(() => DisputeStatus, { nullable: true, description: 'Where it stands.' })
  @Column({ type: 'varchar', length: 12 })
  status!: DisputeStatus;

  @Authorized(DISPUTES)
  @Field(() => DateScalar, { nullable: true, description: 'Day closed (结案日期); null while open.' })
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;
}
