import { Authorized, Field, Int, ObjectType } from 'type-graphql';
import { GEOGRAPHY } from '../access';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MoneyScalar } from '../../kit/scalars';

@ObjectType('ServicePoint', {
  description: "Community service point for migrants (流动人口服务站/服务窗口), set up under the plan's roll-out.",
})
@Entity('service_point')
export class ServicePoint {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  @Authorized(GEOGRAPHY)
  @Field({ description: 'Name in Chinese (名称).' })
  @Column({ name: 'name_zh', type: 'varchar', length: 48 })
  name!: string;

  @Authorized(GEOGRAPHY)
  @Field(() => Int, { description: 'Year it opened (建成年份).' })
  @Column({ name: 'opened_year', type: 'integer' })
  openedYear!: number;

  @Authorized(GEOGRAPHY)
  @Field(() => MoneyScalar, { description: 'Total set-up funding (建设经费); the plan caps an urban community window at 120,000 yuan.' })
  @Column({ name: 'funding_yuan', type: 'numeric', precision: 12, scale: 2 })
  funding!: string;

  @Authorized(GEOGRAPHY)
  @Field(() => MoneyScalar, { description: 'Part paid by the city (市级承担); half for urban communities, none for counties.' })
  @Column({ name: 'city_share_yuan', type: 'numeric', precision: 12, scale: 2 })
  cityShare!: string;

  @Authorized(GEOGRAPHY)
  @Field(() => MoneyScalar, { description: 'Part paid by the district or county (区县承担).' })
  @Column({ name: 'district_share_yuan', type: 'numeric', precision: 12, scale: 2 })
  districtShare!: string;
}
