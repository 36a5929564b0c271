import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { ExternalResidenceStatement } from '../../kit/auth/residence-statement';
import { SchoolAgeCount } from '../../kit/school-age';
import { PERSON_KEY, SCHOOLS, STATISTICS } from '../access';

// Entities of other bureaus that education refers to or adds fields to.

@Directive('@key(fields: "id")')
@ObjectType('Person', { description: 'A migrant person (public security); education adds their schooling.' })
export class PersonReference {
  @Authorized(PERSON_KEY)
  @Field(() => ID, { description: 'Registry id issued by public security.' })
  id!: string;

  @ExternalResidenceStatement()
  residenceStatement?: string | null;
}

@Directive('@key(fields: "code")')
@ObjectType('District', { description: 'District or county (civil affairs); education adds its schools and enrolment figures.' })
export class DistrictReference {
  @Authorized(SCHOOLS)
  @Field(() => ID, { description: 'GB/T 2260 six-digit code.' })
  code!: string;

  @Authorized(STATISTICS)
  @Directive('@external')
  @Field(() => [SchoolAgeCount], { nullable: true, description: 'School-age migrant children registered here (public security).' })
  schoolAgeChildren?: SchoolAgeCount[] | null;
}

@Directive('@key(fields: "code")')
@ObjectType('Community', { description: 'Community (civil affairs); education adds its schools and enrolment figures.' })
export class CommunityReference {
  @Authorized(SCHOOLS)
  @Field(() => ID, { description: '12-digit community code.' })
  code!: string;

  @Authorized(STATISTICS)
  @Directive('@external')
  @Field(() => [SchoolAgeCount], { nullable: true, description: 'School-age migrant children registered here (public security).' })
  schoolAgeChildren?: SchoolAgeCount[] | null;
}

@Directive('@key(fields: "code")')
@ObjectType('CityStatistics', { description: 'Statistics of the whole city (civil affairs); education adds its enrolment figures.' })
export class CityStatisticsReference {
  @Authorized(STATISTICS)
  @Field(() => ID, { description: 'GB/T 2260 code of the city (640100).' })
  code!: string;

  @Authorized(STATISTICS)
  @Directive('@external')
  @Field(() => [SchoolAgeCount], { nullable: true, description: 'School-age migrant children registered in the city (public security).' })
  schoolAgeChildren?: SchoolAgeCount[] | null;
}
