import { Authorized, Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';
import { DISPUTE_FILES } from '../access';
import { DisputeEventKind, DisputeKind, DisputeLevel, DisputeStatus } from './case-enums';

/** A dispute file: no field records anyone's ethnicity — a civil dispute is not an ethnic matter (the plan). */
@ObjectType('DisputeCase', { description: 'A dispute found in screening and handled by mediation (矛盾纠纷排查调处), with its file.' })
@Entity('dispute_case')
export class DisputeCase {
  @PrimaryGeneratedColumn()
  id!: number;

  @Authorized(DISPUTE_FILES)
  @Field({ nullable: true, description: 'Case number (案号).' })
  @Column({ name: 'case_number', type: 'varchar', length: 20 })
  caseNumber!: string;

  @Authorized(DISPUTE_FILES)
  @Field(() => DisputeKind, { nullable: true, description: 'What it is about.' })
  @Column({ type: 'varchar', length: 16 })
  kind!: DisputeKind;

  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  @Column({ name: 'street_code', type: 'varchar', length: 9 })
  streetCode!: string;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode!: string;

  @Authorized(DISPUTE_FILES)
  @Field(() => DateScalar, { nullable: true, description: 'Day it was found in screening (排查日期).' })
  @Column({ name: 'found_on', type: 'date' })
  foundOn!: string;

  /** Registry ids of the parties who are registered migrants. */
  @Column({ name: 'party_ids', type: 'text', array: true })
  partyIds!: string[];

  /** The first party's (申请人) household registration place (GB/T 2260), counted in the origin report; null if not recorded. */
  @Column({ name: 'origin_region_code', type: 'varchar', length: 6, nullable: true })
  originRegionCode!: string | null;

  @Authorized(DISPUTE_FILES)
  @Field(() => DisputeLevel, { nullable: true, description: 'Who handles it now.' })
  @Column({ type: 'varchar', length: 10 })
  level!: DisputeLevel;

  @Authorized(DISPUTE_FILES)
  @Field(() => DisputeStatus, { nullable: true, description: 'Open or closed.' })
  @Column({ type: 'varchar', length: 6 })
  status!: DisputeStatus;

  @Authorized(DISPUTE_FILES)
  @Field(() => String, { nullable: true, description: 'Outcome of the latest mediation (调解结果).' })
  @Column({ name: 'mediated_outcome', type: 'varchar', length: 200, nullable: true })
  mediatedOutcome!: string | null;

  @Authorized(DISPUTE_FILES)
  @Field(() => DateScalar, { nullable: true, description: 'Day closed (结案日期).' })
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;
}

@ObjectType('DisputeEvent', { description: 'One step in the handling of a dispute, kept as history.' })
@Entity('dispute_event')
export class DisputeEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'case_id', type: 'integer' })
  caseId!: number;

  @Authorized(DISPUTE_FILES)
  @Field(() => DisputeEventKind, { nullable: true, description: 'What happened.' })
  @Column({ type: 'varchar', length: 10 })
  kind!: DisputeEventKind;

  @Authorized(DISPUTE_FILES)
  @Field(() => DateScalar, { nullable: true, description: 'When.' })
  @Column({ name: 'happened_on', type: 'date' })
  on!: string;

  @Authorized(DISPUTE_FILES)
  @Field(() => DisputeLevel, { nullable: true, description: 'The level handling it then.' })
  @Column({ type: 'varchar', length: 10 })
  level!: DisputeLevel;

  @Authorized(DISPUTE_FILES)
  @Field(() => String, { nullable: true, description: 'Note, e.g. the mediated outcome.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @Authorized(DISPUTE_FILES)
  @Field(() => String, { nullable: true, description: 'Who recorded it (token subject); empty for records loaded from before the graph.' })
  @Column({ name: 'recorded_by', type: 'varchar', length: 128, nullable: true })
  recordedBy!: string | null;
}
