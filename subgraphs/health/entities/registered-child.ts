import { Authorized, Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';
import { VACCINATIONS } from '../access';

/**
 * The bureau's own register of the migrant children it knows (流动儿童预防接种登记): the child's birth date and where
 * the family lives, as the parents stated when the vaccination certificate was registered or transferred here. The
 * schedule, the follow-up lists and the coverage figures are computed from it.
 */
@ObjectType('RegisteredChild', {
  description: "A migrant child in the Health Bureau's immunisation register (预防接种登记), with the doses given and due.",
})
@Entity('registered_child')
export class RegisteredChild {
  @PrimaryColumn({ name: 'child_id', type: 'varchar', length: 16 })
  childId!: string;

  @Authorized(VACCINATIONS)
  @Field(() => DateScalar, { nullable: true, description: "The child's date of birth, as the vaccination certificate has it." })
  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode!: string;

  @Authorized(VACCINATIONS)
  @Field(() => DateScalar, { nullable: true, description: 'Day the child entered the register: born here, or the day the family came.' })
  @Column({ name: 'registered_on', type: 'date' })
  registeredOn!: string;
}
