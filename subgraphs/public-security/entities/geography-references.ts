import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { PLACE } from '../access';

// The geography belongs to civil affairs; public security only holds the codes and returns references.

@Directive('@key(fields: "code")')
@ObjectType('Community', { description: 'Community (社区), owned by civil affairs; public security adds the people registered there.' })
export class CommunityReference {
  @Authorized(PLACE)
  @Field(() => ID, { description: '12-digit community code.' })
  code!: string;
}

@Directive('@key(fields: "code")')
@ObjectType('Street', { description: 'Street office or town (街道/镇), owned by civil affairs; public security adds its registration figures.' })
export class StreetReference {
  @Authorized(PLACE)
  @Field(() => ID, { description: '9-digit street code.' })
  code!: string;
}

@Directive('@key(fields: "code")')
@ObjectType('District', { description: 'District or county (区/县), owned by civil affairs; public security adds its registration figures.' })
export class DistrictReference {
  @Authorized(PLACE)
  @Field(() => ID, { description: 'GB/T 2260 six-digit code.' })
  code!: string;
}

@Directive('@key(fields: "code")')
@ObjectType('CityStatistics', { description: 'Statistics of the whole city (全市统计), owned by civil affairs; public security adds its registration figures.' })
export class CityStatisticsReference {
  @Authorized(PLACE)
  @Field(() => ID, { description: 'GB/T 2260 code of the city (640100).' })
  code!: string;
}
