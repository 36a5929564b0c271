import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ArgumentReads, filterRead } from '../../kit/auth/filter-reads';
import type { SubgraphContext } from '../../kit/bureau';
import { connectionTypes, numericKey, readPage } from '../../kit/pagination';
import { ReleasedFigures, SuppressedFields } from '../../kit/released-figures';
import { requireId } from '../../kit/validation';
import { SCHOOL_ROLL, SCHOOLING, SCHOOLS, STATISTICS } from '../access';
import { Enrolment } from '../entities/enrolment';
import { CommunityReference, DistrictReference } from '../entities/references';
import { School, SchoolLevel, SchoolOwnership } from '../entities/school';
import type { EducationLoaders } from '../loaders';
import { ENROLLED_PUPILS } from '../loaders/enrolment-counts';

type Context = SubgraphContext<EducationLoaders>;

export const SchoolConnection = connectionTypes(School, 'School', 'school');
export const EnrolmentConnection = connectionTypes(Enrolment, 'Enrolment', 'enrolment');

@InputType({ description: 'Which schools to list; all conditions combined with AND.' })
export class SchoolFilter {
  @Field(() => ID, { nullable: true, description: 'In this district or county (6 digits).' })
  districtCode?: string;

  @Field(() => ID, { nullable: true, description: 'In this community (12 digits).' })
  communityCode?: string;

  @Field(() => SchoolLevel, { nullable: true, description: 'Of this level.' })
  level?: SchoolLevel;

  @Field(() => SchoolOwnership, { nullable: true, description: 'Public or private.' })
  ownership?: SchoolOwnership;
}

@ObjectType('SchoolPupilFigures', { description: 'Migrant pupils of a school in the latest statistics release (在校随迁子女数).' })
export class SchoolPupilFigures extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrant pupils enrolled on the cut-off day; null when withheld (1–9), and then named in suppressed.' })
  enrolledPupils!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@Resolver(() => School)
export class SchoolResolver {
  @Authorized(SCHOOLS)
  @Query(() => School, { nullable: true, description: 'One school by its code.' })
  school(@Arg('code', () => ID, { description: 'Ten-digit school code.' }) code: string, @Ctx() context: Context): Promise<School | null> {
    return context.loaders.school.load(requireId(code, 'school', 'code'));
  }

  @Authorized(SCHOOLS)
  @Query(() => SchoolConnection, { nullable: true, description: 'Schools matching a filter, by code, one page at a time.' })
  async schools(
    @Ctx() context: Context,
    @Arg('filter', () => SchoolFilter, { nullable: true, description: 'Which schools; all when absent.' }) filter?: SchoolFilter,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first = 20,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
  ) {
    const filtered = () => {
      const query = context.db.getRepository(School).createQueryBuilder('s');
      if (filter?.districtCode) query.andWhere('s.district_code = :district', { district: requireId(filter.districtCode, 'district', 'filter.districtCode') });
      if (filter?.communityCode)
        query.andWhere('s.community_code = :community', { community: requireId(filter.communityCode, 'community', 'filter.communityCode') });
      if (filter?.level) query.andWhere('s.level = :level', { level: filter.level });
      if (filter?.ownership) query.andWhere('s.ownership = :ownership', { ownership: filter.ownership });
      return query;
    };
    return readPage(first, after, {
      kind: 'school',
      key: 'school',
      read: (afterCode, limit) => {
        const page = filtered();
        if (afterCode !== undefined) page.andWhere('s.code > :after', { after: afterCode });
        return page.orderBy('s.code').limit(limit).getMany();
      },
      keyOf: (school) => school.code,
      count: () => filtered().getCount(),
      prime: (school) => context.loaders.school.prime(school.code, school),
    });
  }

  @Authorized(SCHOOLS)
  @FieldResolver(() => DistrictReference, { nullable: true, description: 'District or county of the school.' })
  district(@Root() school: School): DistrictReference {
    return { code: school.districtCode };
  }

  @Authorized(SCHOOLS)
  @FieldResolver(() => CommunityReference, { nullable: true, description: 'Community the school stands in.' })
  community(@Root() school: School): CommunityReference {
    return { code: school.communityCode };
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => SchoolPupilFigures, { nullable: true, description: "The school's migrant pupils, from the latest statistics release." })
  async pupils(@Root() school: School, @Ctx() context: Context): Promise<SchoolPupilFigures> {
    const { schools } = await context.loaders.release();
    return Object.assign(new SchoolPupilFigures(), schools.record(school.code, { enrolledPupils: ENROLLED_PUPILS }));
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Migrant pupils enrolled on the cut-off day of the latest statistics release; null when 1–9 (withheld, with no marker).',
    deprecationReason: 'Use School.pupils.enrolledPupils, which names a withheld count in suppressed',
  })
  async enrolledPupils(@Root() school: School, @Ctx() context: Context): Promise<number | null> {
    return (await context.loaders.release()).schools.get(school.code, ENROLLED_PUPILS).count;
  }

  @Authorized(SCHOOL_ROLL)
  // Listing only pupils enrolled now selects by the enrolment's status.
  @ArgumentReads({ activeOnly: filterRead(SCHOOLING, 'Enrolment.status') })
  @FieldResolver(() => EnrolmentConnection, { nullable: true, description: 'Enrolment records of the school, newest first (the roll, 学籍).' })
  async enrolments(
    @Root() school: School,
    @Ctx() context: Context,
    @Arg('activeOnly', { defaultValue: true, description: 'Only pupils enrolled now.' }) activeOnly: boolean,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
  ) {
    return readPage(first, after, {
      kind: 'enrolment',
      key: 'record',
      read: (afterId, limit) => context.loaders.schoolRoll.load({ schoolCode: school.code, activeOnly, afterId: numericKey(afterId), limit }),
      keyOf: (enrolment) => enrolment.id,
      count: async () => {
        const counts = await context.loaders.schoolRollCount.load(school.code);
        return activeOnly ? counts.active : counts.all;
      },
    });
  }
}
