import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { GEOGRAPHY } from '../access';
import type { SubgraphContext } from '../../kit/bureau';
import { requireId } from '../../kit/validation';
import { Community } from '../entities/community';
import { District } from '../entities/district';
import { ServicePoint } from '../entities/service-point';
import { Street } from '../entities/street';
import type { CivilAffairsLoaders } from '../loaders';

type Context = SubgraphContext<CivilAffairsLoaders>;

@Resolver(() => District)
export class DistrictResolver {
  @Authorized(GEOGRAPHY)
  @Query(() => [District], { nullable: true, description: "Yinchuan's six county-level divisions, by code." })
  districts(@Ctx() context: Context): Promise<District[]> {
    return context.loaders.allDistricts();
  }

  @Authorized(GEOGRAPHY)
  @Query(() => District, { nullable: true, description: 'One district or county by its GB/T 2260 code.' })
  district(@Arg('code', () => ID, { description: 'GB/T 2260 six-digit code.' }) code: string, @Ctx() context: Context): Promise<District | null> {
    return context.loaders.district.load(requireId(code, 'district', 'code'));
  }

  @Authorized(GEOGRAPHY)
  @FieldResolver(() => [Street], { nullable: true, description: 'Street offices and towns of the district (街道/镇).' })
  streets(@Root() district: District, @Ctx() context: Context): Promise<Street[]> {
    return context.loaders.streetsOfDistrict.load(district.code);
  }

  @Authorized(GEOGRAPHY)
  @FieldResolver(() => [Community], { nullable: true, description: 'All communities of the district (社区).' })
  communities(@Root() district: District, @Ctx() context: Context): Promise<Community[]> {
    return context.loaders.communitiesOfDistrict.load(district.code);
  }

  @Authorized(GEOGRAPHY)
  @FieldResolver(() => [ServicePoint], { nullable: true, description: 'Community service points of the district, in order of opening.' })
  servicePoints(@Root() district: District, @Ctx() context: Context): Promise<ServicePoint[]> {
    return context.loaders.servicePointsOfDistrict.load(district.code);
  }
}

@Resolver(() => Street)
export class StreetResolver {
  @Authorized(GEOGRAPHY)
  @Query(() => Street, { nullable: true, description: 'One street office or town by its 9-digit code.' })
  street(@Arg('code', () => ID, { description: 'Nine-digit street code.' }) code: string, @Ctx() context: Context): Promise<Street | null> {
    return context.loaders.street.load(requireId(code, 'street', 'code'));
  }

  @Authorized(GEOGRAPHY)
  @FieldResolver(() => District, { nullable: true, description: 'The district or county the street belongs to.' })
  district(@Root() street: Street, @Ctx() context: Context): Promise<District | null> {
    return context.loaders.district.load(street.districtCode);
  }

  @Authorized(GEOGRAPHY)
  @FieldResolver(() => [Community], { nullable: true, description: 'Communities of this street (社区).' })
  communities(@Root() street: Street, @Ctx() context: Context): Promise<Community[]> {
    return context.loaders.communitiesOfStreet.load(street.code);
  }
}

@Resolver(() => Community)
export class CommunityResolver {
  @Authorized(GEOGRAPHY)
  @Query(() => Community, { nullable: true, description: 'One community by its 12-digit code.' })
  community(@Arg('code', () => ID, { description: 'Twelve-digit community code.' }) code: string, @Ctx() context: Context): Promise<Community | null> {
    return context.loaders.community.load(requireId(code, 'community', 'code'));
  }

  @Authorized(GEOGRAPHY)
  @FieldResolver(() => Street, { nullable: true, description: 'The street office or town the community belongs to.' })
  street(@Root() community: Community, @Ctx() context: Context): Promise<Street | null> {
    return context.loaders.street.load(community.streetCode);
  }

  @Authorized(GEOGRAPHY)
  @FieldResolver(() => District, { nullable: true, description: 'The district or county the community belongs to.' })
  district(@Root() community: Community, @Ctx() context: Context): Promise<District | null> {
    return context.loaders.district.load(community.districtCode);
  }

  @Authorized(GEOGRAPHY)
  @FieldResolver(() => ServicePoint, { nullable: true, description: 'The service point for migrants in this community, if one has been set up.' })
  servicePoint(@Root() community: Community, @Ctx() context: Context): Promise<ServicePoint | null> {
    return context.loaders.servicePointOfCommunity.load(community.code);
  }
}

@Resolver(() => ServicePoint)
export class ServicePointResolver {
  @Authorized(GEOGRAPHY)
  @FieldResolver(() => Community, { nullable: true, description: 'The community the service point serves.' })
  community(@Root() point: ServicePoint, @Ctx() context: Context): Promise<Community | null> {
    return context.loaders.community.load(point.communityCode);
  }
}
