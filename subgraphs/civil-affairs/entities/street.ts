import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { PLACE_KEY } from '../../kit/entity-references';
import { GEOGRAPHY } from '../access';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Directive('@key(fields: "code")')
@ObjectType('Street', { description: 'Street office or town (街道/镇), the level between district and community; owned by civil affairs.' })
@Entity('street')
export class Street {
  @Authorized(PLACE_KEY)
  @Field(() => ID, { description: 'Nine digits: the district code and three more.' })
  @PrimaryColumn({ type: 'varchar', length: 9 })
  code!: string;

  @Authorized(GEOGRAPHY)
  @Field({ nullable: true, description: 'Name in Chinese (名称).' })
  @Column({ name: 'name_zh', type: 'varchar', length: 32 })
  name!: string;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode!: string;
}
