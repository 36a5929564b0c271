import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { parseDate, today } from '../../kit/dates';
import { connectionTypes, numericKey, readPage } from '../../kit/pagination';
import { SCHOOL_APPLICATIONS } from '../access';
import { CommunityReference, PersonReference } from '../entities/references';
import { SchoolApplication, SchoolApplicationOutcome } from '../entities/school-application';
import type { EducationLoaders } from '../loaders';

type Context = SubgraphContext<EducationLoaders>;

export const SchoolApplicationConnection = connectionTypes(SchoolApplication, 'SchoolApplication', 'school-place application');

@Resolver(() => SchoolApplication)
export class SchoolApplicationResolver {
  @Authorized(SCHOOL_APPLICATIONS)
  @FieldResolver(() => PersonReference, { nullable: true, description: 'The child applied for (a person registered by public security).' })
  child(@Root() application: SchoolApplication): PersonReference {
    return { id: application.childId };
  }

  @Authorized(SCHOOL_APPLICATIONS)
  @FieldResolver(() => CommunityReference, { nullable: true, description: 'The community where the family lives, as the application states it.' })
  community(@Root() application: SchoolApplication): CommunityReference {
    return { code: application.communityCode };
  }

  @Authorized(SCHOOL_APPLICATIONS)
  @FieldResolver(() => Int, { nullable: true, description: 'Days from filing to today while the application waits (等待天数); null once decided.' })
  daysWaiting(@Root() application: SchoolApplication): number | null {
    return application.outcome === SchoolApplicationOutcome.WAITING ? parseDate(today()) - parseDate(application.filedOn) : null;
  }
}

// Declared after the schools, so that the community lists its schools before the children waiting for one.
@Resolver(() => CommunityReference)
export class CommunityApplicationsResolver {
  @Authorized(SCHOOL_APPLICATIONS)
  @FieldResolver(() => SchoolApplicationConnection, {
    nullable: true,
    description:
      'Children of school age whose family applied for a school place as living in this community and who have no current enrolment ' +
      '(待安置随迁子女): their waiting applications, in the order they were recorded (longest waiting first).',
  })
  childrenAwaitingSchoolPlace(
    @Root() community: CommunityReference,
    @Ctx() context: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
  ) {
    return readPage(first, after, {
      kind: 'school-application',
      key: 'record',
      read: (afterId, limit) => context.loaders.awaitingSchoolPlace.load({ communityCode: community.code, afterId: numericKey(afterId), limit }),
      keyOf: (application) => application.id,
      count: () => context.loaders.awaitingSchoolPlaceCount.load(community.code),
    });
  }
}
