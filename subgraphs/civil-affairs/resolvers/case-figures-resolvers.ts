import { Authorized, Ctx, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { protectCount } from '../../kit/disclosure';
import { MoneyScalar } from '../../kit/scalars';
import { STATISTICS } from '../access';
import { DisputeLevel } from '../entities/case-enums';
import { Community } from '../entities/community';
import { District } from '../entities/district';
import { Street } from '../entities/street';
import type { CivilAffairsLoaders } from '../loaders';
import type { CaseFigureCounts } from '../loaders/case-figures';

type Context = SubgraphContext<CivilAffairsLoaders>;

@ObjectType('SettledAtLevel', { description: 'Disputes closed at one level.' })
export class SettledAtLevel {
  @Authorized(STATISTICS)
  @Field(() => DisputeLevel, { description: 'The level that closed them.' })
  level!: DisputeLevel;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'How many; null when 1–9 (suppressed).' })
  settled!: number | null;
}

@ObjectType('ReliefAndMediation', { description: 'Relief given and disputes mediated in a place (civil affairs), counts of 1–9 suppressed.' })
export class ReliefAndMediation {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Relief cases handled here.' })
  reliefCases!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of them, paid out.' })
  reliefPaid!: number | null;

  @Authorized(STATISTICS)
  @Field(() => MoneyScalar, { nullable: true, description: 'Relief paid out, in yuan; null when few cases were paid.' })
  reliefAmountPaid!: string | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Disputes found in screening (排查发现); null when it or any of its parts (open, settled at a level) is 1–9.' })
  disputesFound!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Disputes still open.' })
  disputesOpen!: number | null;

  @Authorized(STATISTICS)
  @Field(() => [SettledAtLevel], { description: 'Disputes closed at each level (community, street, district).' })
  settledByLevel!: SettledAtLevel[];

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'Median days from finding to closing; null when few disputes closed.' })
  medianDaysToSettle!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Visits to the service points here in the last twelve months.' })
  servicePointVisits!: number | null;
}

function protectedFigures(raw: CaseFigureCounts): ReliefAndMediation {
  const paid = protectCount(raw.reliefPaid);
  const closed = protectCount([...raw.settledByLevel.values()].reduce((a, b) => a + b, 0));
  const open = protectCount(raw.disputesOpen);
  const settled = Object.values(DisputeLevel).map((level) => ({ level, ...protectCount(raw.settledByLevel.get(level) ?? 0) }));
  // Disputes found = open + settled at each level: with one part withheld, the total would give it away by subtraction.
  const partSuppressed = open.suppressed || settled.some((part) => part.suppressed);
  return Object.assign(new ReliefAndMediation(), {
    reliefCases: protectCount(raw.reliefCases).count,
    reliefPaid: paid.count,
    // Sums and medians over a few cases would describe those few people.
    reliefAmountPaid: paid.suppressed ? null : Number(raw.reliefAmountPaid).toFixed(2),
    disputesFound: partSuppressed ? null : protectCount(raw.disputesFound).count,
    disputesOpen: open.count,
    settledByLevel: settled.map(({ level, count }) => Object.assign(new SettledAtLevel(), { level, settled: count })),
    medianDaysToSettle: closed.suppressed ? null : raw.medianDaysToSettle,
    servicePointVisits: protectCount(raw.servicePointVisits).count,
  });
}

const DESCRIPTION = 'Relief given and disputes found, settled at each level and open, with service-point visits (civil affairs).';

@Resolver(() => District)
export class DistrictCaseFiguresResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => ReliefAndMediation, { nullable: true, description: DESCRIPTION })
  async reliefAndMediation(@Root() district: District, @Ctx() context: Context): Promise<ReliefAndMediation> {
    return protectedFigures(await context.loaders.caseFiguresOfDistrict.load(district.code));
  }
}

@Resolver(() => Street)
export class StreetCaseFiguresResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => ReliefAndMediation, { nullable: true, description: DESCRIPTION })
  async reliefAndMediation(@Root() street: Street, @Ctx() context: Context): Promise<ReliefAndMediation> {
    return protectedFigures(await context.loaders.caseFiguresOfStreet.load(street.code));
  }
}

@Resolver(() => Community)
export class CommunityCaseFiguresResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => ReliefAndMediation, { nullable: true, description: DESCRIPTION })
  async reliefAndMediation(@Root() community: Community, @Ctx() context: Context): Promise<ReliefAndMediation> {
    return protectedFigures(await context.loaders.caseFiguresOfCommunity.load(community.code));
  }
}
