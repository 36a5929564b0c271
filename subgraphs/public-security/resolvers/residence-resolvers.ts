import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CURRENT_RESIDENCE, RESIDENCE_PERMITS } from '../access';
import type { SubgraphContext } from '../../kit/bureau';
import { today } from '../../kit/dates';
import { CommunityReference, DistrictReference, StreetReference } from '../entities/references';
import { Person } from '../entities/person';
import { PermitStatus, permitStatusOn, ResidencePermit } from '../entities/residence-permit';
import { ResidenceRegistration } from '../entities/residence-registration';
import type { PublicSecurityLoaders } from '../loaders';

type Context = SubgraphContext<PublicSecurityLoaders>;

@Resolver(() => ResidenceRegistration)
export class ResidenceRegistrationResolver {
  @Authorized(CURRENT_RESIDENCE)
  @FieldResolver(() => Person, { nullable: true, description: 'The registered person.' })
  person(@Root() residence: ResidenceRegistration, @Ctx() context: Context): Promise<Person | null> {
    return context.loaders.person.load(residence.personId);
  }

  @Authorized(CURRENT_RESIDENCE)
  @FieldResolver(() => CommunityReference, { nullable: true, description: 'Community of the address (社区); null only when civil affairs cannot answer.' })
  community(@Root() residence: ResidenceRegistration): CommunityReference {
    return { code: residence.communityCode };
  }

  @Authorized(CURRENT_RESIDENCE)
  @FieldResolver(() => StreetReference, {
    nullable: true,
    description: 'Street office or town of the address (街道/镇); null only when civil affairs cannot answer.',
  })
  street(@Root() residence: ResidenceRegistration): StreetReference {
    return { code: residence.streetCode };
  }

  @Authorized(CURRENT_RESIDENCE)
  @FieldResolver(() => DistrictReference, {
    nullable: true,
    description: 'District or county of the address (区/县); null only when civil affairs cannot answer.',
  })
  district(@Root() residence: ResidenceRegistration): DistrictReference {
    return { code: residence.districtCode };
  }

  @Authorized(CURRENT_RESIDENCE)
  @FieldResolver(() => Boolean, { description: 'Whether the person still lives at this address.' })
  isCurrent(@Root() residence: ResidenceRegistration): boolean {
    return residence.endedOn === null;
  }
}

@Resolver(() => ResidencePermit)
export class ResidencePermitResolver {
  @Authorized(RESIDENCE_PERMITS)
  @FieldResolver(() => PermitStatus, { nullable: true, description: 'Status today.' })
  status(@Root() permit: ResidencePermit): PermitStatus {
    return permitStatusOn(permit, today());
  }

  @Authorized(RESIDENCE_PERMITS)
  @FieldResolver(() => Person, { nullable: true, description: 'The holder.' })
  person(@Root() permit: ResidencePermit, @Ctx() context: Context): Promise<Person | null> {
    return context.loaders.person.load(permit.personId);
  }
}
