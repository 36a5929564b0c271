import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { PERSON_SEARCH } from '../access';
import type { SubgraphContext } from '../../kit/bureau';
import { readPage } from '../../kit/pagination';
import { CommunityReference } from '../entities/references';
import type { PublicSecurityLoaders } from '../loaders';
import { PersonConnection } from './person-resolver';

type Context = SubgraphContext<PublicSecurityLoaders>;

@Resolver(() => CommunityReference)
export class CommunityResidentsResolver {
  @Authorized(PERSON_SEARCH)
  @FieldResolver(() => PersonConnection, {
    nullable: true,
    description:
      'People currently registered as living in this community (public security, 公安居住登记); null when refused or when public security cannot answer.',
  })
  async residents(
    @Root() community: CommunityReference,
    @Ctx() context: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first = 20,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
  ) {
    return readPage(first, after, {
      kind: 'person',
      key: 'person',
      read: (afterId, limit) => context.loaders.communityResidents.load({ communityCode: community.code, afterId, limit }),
      keyOf: (person) => person.id,
      count: () => context.loaders.communityResidentCount.load(community.code),
      prime: (person) => context.loaders.person.prime(person.id, person),
    });
  }
}
