import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { PLACE_KEY } from '../../kit/entity-references';
import { GEOGRAPHY } from '../access';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Directive('@key(fields: "code")')
@ObjectType('Community', {
  description: 'Community (社区), the grid level where migrants are served; owned by civil affairs, other bureaus add their figures and people.',
})
@Entity('community')
export class Community {
  @Authorized(PLACE_KEY)
  @Field(() => ID, { description: 'Twelve digits: the street code and three more.' })
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code!: string;

  @Authorized(GEOGRAPHY)
  @Field({ nullable: true, description: 'Name in Chinese (名称).' })
  @Column({ name: 'name_zh', type: 'varchar', length: 32 })
  name!: string;

  @Column({ name: 'street_code', type: 'varchar', length: 9 })
  streetCode!: string;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode!: string;
}
