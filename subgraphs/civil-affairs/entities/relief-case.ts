import { Authorized, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, MoneyScalar } from '../../kit/scalars';
import { RELIEF } from '../access';
import { ReliefEventKind, ReliefKind, ReliefStatus } from './case-enums';

@ObjectType('ReliefCase', { description: 'A relief case of a migrant in hardship (救助案件), handled by a community.' })
@Entity('relief_case')
export class ReliefCase {
  @Authorized(RELIEF)
  @Field(() => ID, { nullable: true, description: 'Id of the case.' })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'person_id', type: 'varchar', length: 16 })
  personId!: string;

  /** The applicant's household registration place (GB/T 2260), counted in the origin report; null if not recorded. */
  @Column({ name: 'origin_region_code', type: 'varchar', length: 6, nullable: true })
  originRegionCode!: string | null;

  @Authorized(RELIEF)
  @Field(() => ReliefKind, { nullable: true, description: 'Kind of relief.' })
  @Column({ type: 'varchar', length: 20 })
  kind!: ReliefKind;

  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode!: string;

  @Authorized(RELIEF)
  @Field(() => DateScalar, { nullable: true, description: 'Day of application (申请日期).' })
  @Column({ name: 'applied_on', type: 'date' })
  appliedOn!: string;

  @Authorized(RELIEF)
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount asked for, in yuan.' })
  @Column({ name: 'amount_requested_yuan', type: 'numeric', precision: 12, scale: 2 })
  amountRequested!: string;

  @Authorized(RELIEF)
  @Field(() => ReliefStatus, { nullable: true, description: 'Where the case stands.' })
  @Column({ type: 'varchar', length: 10 })
  status!: ReliefStatus;

  @Authorized(RELIEF)
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount approved, in yuan (救助金额).' })
  @Column({ name: 'amount_approved_yuan', type: 'numeric', precision: 12, scale: 2, nullable: true })
  amountApproved!: string | null;

  @Authorized(RELIEF)
  @Field(() => DateScalar, { nullable: true, description: 'Day of the decision.' })
  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn!: string | null;

  @Authorized(RELIEF)
  @Field(() => DateScalar, { nullable: true, description: 'Day the relief was paid out.' })
  @Column({ name: 'paid_on', type: 'date', nullable: true })
  paidOn!: string | null;

  @Authorized(RELIEF)
  @Field(() => String, { nullable: true, description: 'Customs respected in the assistance, e.g. halal meals (清真餐食), as the plan asks.' })
  @Column({ name: 'customs_accommodation', type: 'varchar', length: 64, nullable: true })
  customsAccommodation!: string | null;
}

@ObjectType('ReliefEvent', { description: 'One step of a relief case, kept as history.' })
@Entity('relief_event')
export class ReliefEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'case_id', type: 'integer' })
  caseId!: number;

  @Authorized(RELIEF)
  @Field(() => ReliefEventKind, { nullable: true, description: 'What happened.' })
  @Column({ type: 'varchar', length: 10 })
  kind!: ReliefEventKind;

  @Authorized(RELIEF)
  @Field(() => DateScalar, { nullable: true, description: 'When.' })
  @Column({ name: 'happened_on', type: 'date' })
  on!: string;

  @Authorized(RELIEF)
  @Field(() => MoneyScalar, { nullable: true, description: 'Amount involved, in yuan, if any.' })
  @Column({ name: 'amount_yuan', type: 'numeric', precision: 12, scale: 2, nullable: true })
  amount!: string | null;

  @Authorized(RELIEF)
  @Field(() => String, { nullable: true, description: 'Who recorded it (token subject); empty for records loaded from before the graph.' })
  @Column({ name: 'recorded_by', type: 'varchar', length: 128, nullable: true })
  recordedBy!: string | null;
}
