import { Authorized, Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { GEOGRAPHY } from '../access';

@ObjectType('ServicePointMonth', { description: 'Activity of a community service point in one month (服务站月度工作量).' })
@Entity('service_point_month')
export class ServicePointMonth {
  @PrimaryColumn({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  @Authorized(GEOGRAPHY)
  @Field({ description: "The month, 'YYYY-MM'." })
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month!: string;

  @Authorized(GEOGRAPHY)
  @Field(() => Int, { description: 'Visits of migrants (来访人次).' })
  @Column({ type: 'integer' })
  visits!: number;

  @Authorized(GEOGRAPHY)
  @Field(() => Int, { description: 'Services given (办理服务事项).' })
  @Column({ name: 'services_given', type: 'integer' })
  servicesGiven!: number;
}
