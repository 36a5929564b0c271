import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { SchoolAgeCount } from '../../kit/school-age';
import { STATISTICS } from '../access';
import { CommunityReference, DistrictReference } from '../entities/geography-references';
import type { PublicSecurityLoaders } from '../loaders';

type Context = SubgraphContext<PublicSecurityLoaders>;

const DESCRIPTION =
  'Migrant children registered as living here, by school-age group this school year (public security); education compares them with its enrolments.';

@Resolver(() => DistrictReference)
export class DistrictStatisticsResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => [SchoolAgeCount], { nullable: true, description: DESCRIPTION })
  schoolAgeChildren(@Root() district: DistrictReference, @Ctx() context: Context): Promise<SchoolAgeCount[]> {
    return context.loaders.schoolAgeChildrenOfDistrict.load(district.code);
  }
}

@Resolver(() => CommunityReference)
export class CommunityStatisticsResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => [SchoolAgeCount], { nullable: true, description: DESCRIPTION })
  schoolAgeChildren(@Root() community: CommunityReference, @Ctx() context: Context): Promise<SchoolAgeCount[]> {
    return context.loaders.schoolAgeChildrenOfCommunity.load(community.code);
  }
}
