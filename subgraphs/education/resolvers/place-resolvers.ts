import { Arg, Authorized, Ctx, Directive, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { today } from '../../kit/dates';
import { ProtectedCount, protectCount, protectedRate } from '../../kit/disclosure';
import { SCHOOL_AGE_GROUPS, SchoolAgeCount, SchoolAgeGroup, schoolYearOf } from '../../kit/school-age';
import { SCHOOLS, STATISTICS } from '../access';
import { CommunityReference, DistrictReference } from '../entities/references';
import { School, SchoolLevel } from '../entities/school';
import type { EducationLoaders } from '../loaders';

type Context = SubgraphContext<EducationLoaders>;

@ObjectType('EnrolmentRate', { description: 'School-age migrant children of a place and how many of them are enrolled.' })
export class EnrolmentRate {
  @Authorized(STATISTICS)
  @Field(() => SchoolAgeGroup, { nullable: true, description: 'The age group; null for a combined figure.' })
  ageGroup!: SchoolAgeGroup | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrant children of that age registered as living here (public security); null when suppressed.' })
  schoolAgeChildren!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of the children living here, how many are enrolled now (education); null when suppressed.' })
  enrolled!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'enrolled / schoolAgeChildren (0–1); null when either is suppressed.' })
  rate!: number | null;

  @Authorized(STATISTICS)
  @Field({ description: 'Whether a figure is withheld because it is 1–9.' })
  suppressed!: boolean;
}

@ObjectType('SchoolEnrolmentStatistics', { description: "Schooling of migrants' children in a place this school year (随迁子女入学情况)." })
export class SchoolEnrolmentStatistics {
  @Authorized(STATISTICS)
  @Field(() => Int, { description: 'The school year, by its first calendar year.' })
  schoolYear!: number;

  @Authorized(STATISTICS)
  @Field(() => [EnrolmentRate], { description: 'By school-age group.' })
  byAgeGroup!: EnrolmentRate[];

  @Authorized(STATISTICS)
  @Field(() => EnrolmentRate, { description: 'Compulsory education (义务教育): primary and junior secondary ages together.' })
  compulsoryEducation!: EnrolmentRate;
}

function rateOf(ageGroup: SchoolAgeGroup | null, registered: ProtectedCount, enrolled: ProtectedCount): EnrolmentRate {
  return Object.assign(new EnrolmentRate(), {
    ageGroup,
    schoolAgeChildren: registered.count,
    enrolled: enrolled.count,
    rate: protectedRate(enrolled, registered),
    suppressed: registered.suppressed || enrolled.suppressed,
  });
}

/** A sum of protected counts is known only if no part was suppressed. */
function sumOf(parts: ProtectedCount[]): ProtectedCount {
  if (parts.some((part) => part.suppressed)) return { count: null, suppressed: true };
  return protectCount(parts.reduce((sum, part) => sum + (part.count ?? 0), 0));
}

/**
 * Public security's registered children (brought by the gateway through @requires) beside education's enrolments of
 * children living in the same place; neither bureau reads the other's tables.
 */
function statistics(registered: SchoolAgeCount[] | null | undefined, enrolled: Map<SchoolAgeGroup, number>): SchoolEnrolmentStatistics {
  const registeredOf = (group: SchoolAgeGroup): ProtectedCount => {
    const found = registered?.find((count) => count.ageGroup === group);
    return found ? { count: found.count, suppressed: found.suppressed } : { count: null, suppressed: false };
  };
  const enrolledOf = (group: SchoolAgeGroup) => protectCount(enrolled.get(group) ?? 0);
  const compulsory = [SchoolAgeGroup.PRIMARY_AGE, SchoolAgeGroup.JUNIOR_SECONDARY_AGE];
  // A total shown beside a suppressed part would give the part away by subtraction, so it is suppressed too.
  const compulsoryEnrolled = sumOf(compulsory.map(enrolledOf));
  return Object.assign(new SchoolEnrolmentStatistics(), {
    schoolYear: schoolYearOf(today()),
    byAgeGroup: SCHOOL_AGE_GROUPS.map(({ group }) => rateOf(group, registeredOf(group), enrolledOf(group))),
    compulsoryEducation: rateOf(null, sumOf(compulsory.map(registeredOf)), compulsoryEnrolled),
  });
}

const REQUIRES = '@requires(fields: "schoolAgeChildren { ageGroup count suppressed }")';

@Resolver(() => DistrictReference)
export class DistrictEducationResolver {
  @Authorized(STATISTICS)
  @Directive(REQUIRES)
  @FieldResolver(() => SchoolEnrolmentStatistics, { nullable: true, description: "Schooling of the district's migrant children this school year." })
  async schoolEnrolment(@Root() district: DistrictReference, @Ctx() context: Context): Promise<SchoolEnrolmentStatistics> {
    return statistics(district.schoolAgeChildren, await context.loaders.enrolledInDistrict.load(district.code));
  }

  @Authorized(SCHOOLS)
  @FieldResolver(() => [School], { description: 'Schools of the district, by code.' })
  async schools(
    @Root() district: DistrictReference,
    @Ctx() context: Context,
    @Arg('level', () => SchoolLevel, { nullable: true, description: 'Only schools of this level.' }) level?: SchoolLevel,
  ): Promise<School[]> {
    const schools = await context.loaders.schoolsOfDistrict.load(district.code);
    return level ? schools.filter((school) => school.level === level) : schools;
  }
}

@Resolver(() => CommunityReference)
export class CommunityEducationResolver {
  @Authorized(STATISTICS)
  @Directive(REQUIRES)
  @FieldResolver(() => SchoolEnrolmentStatistics, { nullable: true, description: "Schooling of the community's migrant children this school year." })
  async schoolEnrolment(@Root() community: CommunityReference, @Ctx() context: Context): Promise<SchoolEnrolmentStatistics> {
    return statistics(community.schoolAgeChildren, await context.loaders.enrolledInCommunity.load(community.code));
  }

  @Authorized(SCHOOLS)
  @FieldResolver(() => [School], { description: 'Schools standing in the community.' })
  schools(@Root() community: CommunityReference, @Ctx() context: Context): Promise<School[]> {
    return context.loaders.schoolsOfCommunity.load(community.code);
  }
}
