import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { CLINICS } from '../access';
import { Clinic } from '../entities/clinic';
import { CommunityReference, DistrictReference } from '../entities/references';
import type { HealthLoaders } from '../loaders';

type Context = SubgraphContext<HealthLoaders>;

@Resolver(() => Clinic)
export class ClinicResolver {
  @Authorized(CLINICS)
  @FieldResolver(() => DistrictReference, { nullable: true, description: 'District or county of the clinic.' })
  district(@Root() clinic: Clinic): DistrictReference {
    return { code: clinic.districtCode };
  }

  @Authorized(CLINICS)
  @FieldResolver(() => CommunityReference, { nullable: true, description: 'Community the clinic stands in.' })
  community(@Root() clinic: Clinic): CommunityReference {
    return { code: clinic.communityCode };
  }
}

@Resolver(() => DistrictReference)
export class DistrictClinicsResolver {
  @Authorized(CLINICS)
  @FieldResolver(() => [Clinic], { nullable: true, description: 'Vaccination clinics of the district, by code.' })
  clinics(@Root() district: DistrictReference, @Ctx() context: Context): Promise<Clinic[]> {
    return context.loaders.clinicsOfDistrict.load(district.code);
  }
}

@Resolver(() => CommunityReference)
export class CommunityClinicsResolver {
  @Authorized(CLINICS)
  @FieldResolver(() => [Clinic], { nullable: true, description: 'Vaccination clinics standing in the community.' })
  clinics(@Root() community: CommunityReference, @Ctx() context: Context): Promise<Clinic[]> {
    return context.loaders.clinicsOfCommunity.load(community.code);
  }
}
