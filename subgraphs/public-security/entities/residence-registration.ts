import { Authorized, Field, ID, ObjectType } from 'type-graphql';
import { CURRENT_RESIDENCE } from '../access';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';

/** Where a person lives; a move ends one registration and starts the next, so the history stays. */
@ObjectType('ResidenceRegistration', {
  description: 'Residence registration (居住登记): an address where the person lives, from one date to another.',
})
@Entity('residence_registration')
export class ResidenceRegistration {
  @Authorized(CURRENT_RESIDENCE)
  @Field(() => ID, { nullable: true, description: 'Id of this registration record.' })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'person_id', type: 'varchar', length: 16 })
  personId!: string;

  @Authorized(CURRENT_RESIDENCE)
  @Field({ nullable: true, description: 'Street address within the community (住址).' })
  @Column({ type: 'varchar', length: 100 })
  address!: string;

  /** 12-digit community code; the district and street codes are its prefixes, kept for indexed filters. */
  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  @Column({ name: 'street_code', type: 'varchar', length: 9 })
  streetCode!: string;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode!: string;

  @Authorized(CURRENT_RESIDENCE)
  @Field(() => DateScalar, { nullable: true, description: 'First day registered at this address (登记日期).' })
  @Column({ name: 'registered_on', type: 'date' })
  registeredOn!: string;

  @Authorized(CURRENT_RESIDENCE)
  @Field(() => DateScalar, { nullable: true, description: 'Last day at this address; null while the person still lives there.' })
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;
}
