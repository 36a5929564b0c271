import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { connectionTypes, readPage } from '../../kit/pagination';
import { requireId } from '../../kit/validation';
import { CLINICS } from '../access';
import { Clinic } from '../entities/clinic';
import { CommunityReference, DistrictReference } from '../entities/references';
import type { HealthLoaders } from '../loaders';

type Context = SubgraphContext<HealthLoaders>;

export const ClinicConnection = connectionTypes(Clinic, 'Clinic', 'vaccination clinic');

@Resolver(() => Clinic)
export class ClinicResolver {
  @Authorized(CLINICS)
  @Query(() => ClinicConnection, { nullable: true, description: "The city's vaccination clinics, or a district's, by code, one page at a time (health)." })
  clinics(
    @Ctx() context: Context,
    @Arg('districtCode', () => ID, { nullable: true, description: 'Only the clinics of this district or county (6 digits).' }) districtCode?: string,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first = 20,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
  ) {
    const district = districtCode === undefined || districtCode === null ? undefined : requireId(districtCode, 'district', 'districtCode');
    const filtered = () => {
      const query = context.db.getRepository(Clinic).createQueryBuilder('c');
      if (district) query.andWhere('c.district_code = :district', { district });
      return query;
    };
    return readPage(first, after, {
      kind: 'clinic',
      key: 'clinic',
      read: (afterCode, limit) => {
        const page = filtered();
        if (afterCode !== undefined) page.andWhere('c.code > :after', { after: afterCode });
        return page.orderBy('c.code').limit(limit).getMany();
      },
      keyOf: (clinic) => clinic.code,
      count: () => filtered().getCount(),
      prime: (clinic) => context.loaders.clinic.prime(clinic.code, clinic),
    });
  }

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
