import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { connectionTypes, numericKey, readPage } from '../../kit/pagination';
import { ReleasedFigures, SuppressedFields } from '../../kit/released-figures';
import { requireId } from '../../kit/validation';
import { EMPLOYEES, EMPLOYERS, STATISTICS } from '../access';
import { Employer } from '../entities/employer';
import { Employment } from '../entities/employment';
import { EmployerSize, Industry } from '../entities/enums';
import { CommunityReference, DistrictReference } from '../entities/references';
import type { HumanResourcesLoaders } from '../loaders';
import { MIGRANT_EMPLOYEES } from '../loaders/employment-figures';

type Context = SubgraphContext<HumanResourcesLoaders>;

export const EmployerConnection = connectionTypes(Employer, 'Employer', 'employer');
export const EmploymentConnection = connectionTypes(Employment, 'Employment', 'employment');

@InputType({ description: 'Which employers to list; all conditions combined with AND.' })
export class EmployerFilter {
  @Field(() => ID, { nullable: true, description: 'In this district or county (6 digits).' })
  districtCode?: string;

  @Field(() => Industry, { nullable: true, description: 'Of this industry.' })
  industry?: Industry;

  @Field(() => EmployerSize, { nullable: true, description: 'Of this size class.' })
  size?: EmployerSize;
}

@ObjectType('EmployerWorkforceFigures', { description: 'Migrants employed by an employer in the latest statistics release (吸纳流动人口就业人数).' })
export class EmployerWorkforceFigures extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrants employed there on the cut-off day; null when withheld (1–9), and then named in suppressed.' })
  migrantEmployees!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@Resolver(() => Employer)
export class EmployerResolver {
  @Authorized(EMPLOYERS)
  @Query(() => Employer, { nullable: true, description: 'One employer by its unified social credit code.' })
  employer(
    @Arg('code', () => ID, { description: 'Unified social credit code, 18 characters.' }) code: string,
    @Ctx() context: Context,
  ): Promise<Employer | null> {
    return context.loaders.employer.load(requireId(code, 'employer', 'code'));
  }

  @Authorized(EMPLOYERS)
  @Query(() => EmployerConnection, { nullable: true, description: 'Employers matching a filter, by code, one page at a time.' })
  async employers(
    @Ctx() context: Context,
    @Arg('filter', () => EmployerFilter, { nullable: true, description: 'Which employers; all when absent.' }) filter?: EmployerFilter,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first = 20,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
  ) {
    const filtered = () => {
      const query = context.db.getRepository(Employer).createQueryBuilder('x');
      if (filter?.districtCode) query.andWhere('x.district_code = :district', { district: requireId(filter.districtCode, 'district', 'filter.districtCode') });
      if (filter?.industry) query.andWhere('x.industry = :industry', { industry: filter.industry });
      if (filter?.size) query.andWhere('x.size = :size', { size: filter.size });
      return query;
    };
    return readPage(first, after, {
      kind: 'employer',
      key: 'employer',
      read: (afterCode, limit) => {
        const page = filtered();
        if (afterCode !== undefined) page.andWhere('x.code > :after', { after: afterCode });
        return page.orderBy('x.code').limit(limit).getMany();
      },
      keyOf: (employer) => employer.code,
      count: () => filtered().getCount(),
      prime: (employer) => context.loaders.employer.prime(employer.code, employer),
    });
  }

  @Authorized(EMPLOYERS)
  @FieldResolver(() => DistrictReference, { nullable: true, description: 'District or county where the employer is registered.' })
  district(@Root() employer: Employer): DistrictReference {
    return { code: employer.districtCode };
  }

  @Authorized(EMPLOYERS)
  @FieldResolver(() => CommunityReference, { nullable: true, description: 'Community where the employer is.' })
  community(@Root() employer: Employer): CommunityReference {
    return { code: employer.communityCode };
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => EmployerWorkforceFigures, { nullable: true, description: "The employer's migrant workforce, from the latest statistics release." })
  async workforce(@Root() employer: Employer, @Ctx() context: Context): Promise<EmployerWorkforceFigures> {
    const { employers } = await context.loaders.release();
    return Object.assign(new EmployerWorkforceFigures(), employers.record(employer.code, { migrantEmployees: MIGRANT_EMPLOYEES }));
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Migrants employed there on the cut-off day of the latest statistics release; null when 1–9 (withheld, with no marker).',
    deprecationReason: 'Use Employer.workforce.migrantEmployees, which names a withheld count in suppressed',
  })
  async migrantEmployees(@Root() employer: Employer, @Ctx() context: Context): Promise<number | null> {
    return (await context.loaders.release()).employers.get(employer.code, MIGRANT_EMPLOYEES).count;
  }

  @Authorized(EMPLOYEES)
  @FieldResolver(() => EmploymentConnection, { nullable: true, description: 'Current employments of migrants there, one page at a time.' })
  async employees(
    @Root() employer: Employer,
    @Ctx() context: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
  ) {
    return readPage(first, after, {
      kind: 'employment',
      key: 'record',
      read: (afterId, limit) => context.loaders.currentEmployees.load({ employerCode: employer.code, afterId: numericKey(afterId), limit }),
      keyOf: (employment) => employment.id,
      count: () => context.loaders.currentEmployeeCount.load(employer.code),
    });
  }
}
