import { Authorized, Ctx, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { ProtectedCount, protectCount, protectedRate } from '../../kit/disclosure';
import { MoneyScalar } from '../../kit/scalars';
import { STATISTICS } from '../access';
import { InsuranceType } from '../entities/enums';
import { CommunityReference, DistrictReference } from '../entities/references';
import type { HumanResourcesLoaders } from '../loaders';
import type { EmploymentFigureCounts } from '../loaders/employment-figures';

type Context = SubgraphContext<HumanResourcesLoaders>;

@ObjectType('InsuranceCoverage', { description: 'Registered migrants actively insured in one scheme.' })
export class InsuranceCoverage {
  @Authorized(STATISTICS)
  @Field(() => InsuranceType, { description: 'The scheme.' })
  type!: InsuranceType;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'How many; null when 1–9 (suppressed).' })
  insured!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'Share of the registered migrants (0–1); null when suppressed.' })
  rate!: number | null;
}

@ObjectType('EmploymentFigures', {
  description: 'Employment of the migrants registered with human resources in a place (就业登记), counts of 1–9 suppressed.',
})
export class EmploymentFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrants registered with the employment service here.' })
  registered!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of them, employed now.' })
  employed!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Employed now with a signed labour contract.' })
  withContract!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'Contract rate: withContract / employed.' })
  contractRate!: number | null;

  @Authorized(STATISTICS)
  @Field(() => [InsuranceCoverage], { description: 'Active insurance by scheme.' })
  insurance!: InsuranceCoverage[];

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrants who completed a training course.' })
  trained!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Labour disputes not yet closed.' })
  disputesOpen!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Labour disputes closed.' })
  disputesClosed!: number | null;

  @Authorized(STATISTICS)
  @Field(() => MoneyScalar, { nullable: true, description: 'Wages recovered in closed disputes (追回工资); null when they are 1–9.' })
  wagesRecovered!: string | null;
}

function protectedFigures(raw: EmploymentFigureCounts): EmploymentFigures {
  const registered = protectCount(raw.registered);
  const employed = protectCount(raw.employed);
  const withContract = protectCount(raw.withContract);
  const closed = protectCount(raw.disputesClosed);
  const insured = (type: InsuranceType): ProtectedCount => protectCount(raw.insured.get(type) ?? 0);
  return Object.assign(new EmploymentFigures(), {
    registered: registered.count,
    employed: employed.count,
    withContract: withContract.count,
    contractRate: protectedRate(withContract, employed),
    insurance: Object.values(InsuranceType).map((type) =>
      Object.assign(new InsuranceCoverage(), { type, insured: insured(type).count, rate: protectedRate(insured(type), registered) }),
    ),
    trained: protectCount(raw.trained).count,
    disputesOpen: protectCount(raw.disputesOpen).count,
    disputesClosed: closed.count,
    // A sum over a few disputes would tell what those few people recovered.
    wagesRecovered: closed.suppressed ? null : Number(raw.wagesRecovered).toFixed(2),
  });
}

@Resolver(() => DistrictReference)
export class DistrictFiguresResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => EmploymentFigures, { nullable: true, description: 'Employment, contracts, insurance, training and disputes of migrants registered here (human resources).' })
  async employment(@Root() district: DistrictReference, @Ctx() context: Context): Promise<EmploymentFigures> {
    return protectedFigures(await context.loaders.figuresOfDistrict.load(district.code));
  }
}

@Resolver(() => CommunityReference)
export class CommunityFiguresResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => EmploymentFigures, { nullable: true, description: 'Employment, contracts, insurance, training and disputes of migrants registered here (human resources).' })
  async employment(@Root() community: CommunityReference, @Ctx() context: Context): Promise<EmploymentFigures> {
    return protectedFigures(await context.loaders.figuresOfCommunity.load(community.code));
  }
}
