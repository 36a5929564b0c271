import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { ExternalResidenceStatement } from '../../kit/auth/residence-statement';
import { EMPLOYERS, PERSON_KEY, STATISTICS } from '../access';

// Entities of other bureaus that human resources refers to or adds fields to.

@Directive('@key(fields: "id")')
@ObjectType('Person', { description: 'A migrant person (public security); human resources adds their work, insurance, training and disputes.' })
export class PersonReference {
  @Authorized(PERSON_KEY)
  @Field(() => ID, { description: 'Registry id issued by public security.' })
  id!: string;

  @ExternalResidenceStatement()
  residenceStatement?: string | null;
}

@Directive('@key(fields: "code")')
@ObjectType('District', { description: 'District or county (civil affairs); human resources adds its employment figures.' })
export class DistrictReference {
  @Authorized(EMPLOYERS)
  @Field(() => ID, { description: 'GB/T 2260 six-digit code.' })
  code!: string;
}

@Directive('@key(fields: "code")')
@ObjectType('Community', { description: 'Community (civil affairs); human resources adds its employment figures.' })
export class CommunityReference {
  @Authorized(EMPLOYERS)
  @Field(() => ID, { description: '12-digit community code.' })
  code!: string;
}

@Directive('@key(fields: "code")')
@ObjectType('CityStatistics', { description: 'Statistics of the whole city (civil affairs); human resources adds its employment figures.' })
export class CityStatisticsReference {
  @Authorized(STATISTICS)
  @Field(() => ID, { description: 'GB/T 2260 code of the city (640100).' })
  code!: string;
}
