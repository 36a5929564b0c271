import { Arg, Authorized, Ctx, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { today } from '../../kit/dates';
import { UserInputError } from '../../kit/errors';
import { loadDistricts, URBAN_COMMUNITY_WINDOW_CAP_YUAN } from '../../kit/reference-data';
import { MoneyScalar } from '../../kit/scalars';
import { GEOGRAPHY } from '../access';
import { District, DistrictKind } from '../entities/district';
import { ServicePoint } from '../entities/service-point';
import type { CivilAffairsLoaders } from '../loaders';

type Context = SubgraphContext<CivilAffairsLoaders>;

/** The first year of the plan: a pilot service point in each urban district. */
const PLAN_START = 2013;

@ObjectType('RolloutYear', { description: "One year of a district's roll-out of community service points against the plan (服务平台建设进度)." })
export class RolloutYear {
  @Authorized(GEOGRAPHY)
  @Field(() => Int, { description: 'The year.' })
  year!: number;

  @Authorized(GEOGRAPHY)
  @Field(() => Int, { nullable: true, description: 'New service points the plan set for the year; null where it gives no count.' })
  plannedNew!: number | null;

  @Authorized(GEOGRAPHY)
  @Field(() => Int, { nullable: true, description: 'Service points the plan expects by the end of the year.' })
  plannedCumulative!: number | null;

  @Authorized(GEOGRAPHY)
  @Field(() => Float, { nullable: true, description: 'Share of communities the plan wants covered by the end of the year.' })
  targetShare!: number | null;

  @Authorized(GEOGRAPHY)
  @Field(() => Int, { description: 'Service points opened in the year.' })
  opened!: number;

  @Authorized(GEOGRAPHY)
  @Field(() => Int, { description: 'Service points open by the end of the year.' })
  openedCumulative!: number;

  @Authorized(GEOGRAPHY)
  @Field(() => Float, { description: 'Share of the district’s communities with a service point by the end of the year.' })
  coverage!: number;

  @Authorized(GEOGRAPHY)
  @Field(() => Boolean, { nullable: true, description: 'Whether coverage reached the target share; null where the plan sets none.' })
  onTarget!: boolean | null;
}

@ObjectType('ServicePointSpending', { description: "A district's spending on community service windows against the plan's caps (经费)." })
export class ServicePointSpending {
  @Authorized(GEOGRAPHY)
  @Field(() => Int, { description: 'Service windows funded.' })
  windows!: number;

  @Authorized(GEOGRAPHY)
  @Field(() => MoneyScalar, { description: 'Total funding, in yuan.' })
  total!: string;

  @Authorized(GEOGRAPHY)
  @Field(() => MoneyScalar, { description: 'Paid by the city.' })
  cityShare!: string;

  @Authorized(GEOGRAPHY)
  @Field(() => MoneyScalar, { description: 'Paid by the district or county.' })
  districtShare!: string;

  @Authorized(GEOGRAPHY)
  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'Cap per community window (120,000 yuan, half city, half district); null for counties, which fund their own.',
  })
  capPerWindow!: string | null;

  @Authorized(GEOGRAPHY)
  @Field(() => [ServicePoint], { description: "Windows over the cap, or whose city share is more than half: what an audit of the plan's budget would list." })
  overCap!: ServicePoint[];
}

/** Year by year, service points opened against the plan's counts and target shares for the district. */
export function rollout(districtCode: string, openedYears: number[], communities: number, from: number, to: number): RolloutYear[] {
  const plan = loadDistricts().find((row) => row.code === districtCode);
  const years: RolloutYear[] = [];
  for (let year = from; year <= to; year += 1) {
    const plannedNew = plan?.newPlatforms.find((p) => p.year === year)?.count ?? null;
    const planThrough = plan?.newPlatforms.filter((p) => p.year <= year) ?? [];
    const lastPlanYear = Math.max(...(plan?.newPlatforms.map((p) => p.year) ?? [0]));
    const targetShare = plan?.targetShares.find((t) => t.year === year)?.share ?? null;
    const openedCumulative = openedYears.filter((y) => y <= year).length;
    const share = communities === 0 ? 0 : openedCumulative / communities;
    years.push(
      Object.assign(new RolloutYear(), {
        year,
        plannedNew,
        // After the plan's last count the target is all communities, not a count.
        plannedCumulative: year <= lastPlanYear ? planThrough.reduce((sum, p) => sum + p.count, 0) : null,
        targetShare,
        opened: openedYears.filter((y) => y === year).length,
        openedCumulative,
        coverage: Math.round(share * 10_000) / 10_000,
        onTarget: targetShare === null ? null : share >= targetShare,
      }),
    );
  }
  return years;
}

export function spending(kind: DistrictKind, points: ServicePoint[]): ServicePointSpending {
  const sum = (pick: (p: ServicePoint) => string) => points.reduce((total, p) => total + Number(pick(p)), 0).toFixed(2);
  const urban = kind === DistrictKind.URBAN_DISTRICT;
  const cap = URBAN_COMMUNITY_WINDOW_CAP_YUAN;
  return Object.assign(new ServicePointSpending(), {
    windows: points.length,
    total: sum((p) => p.funding),
    cityShare: sum((p) => p.cityShare),
    districtShare: sum((p) => p.districtShare),
    capPerWindow: urban ? cap.toFixed(2) : null,
    overCap: urban ? points.filter((p) => Number(p.funding) > cap || Number(p.cityShare) > Number(p.funding) / 2) : [],
  });
}

@Resolver(() => District)
export class DistrictRolloutResolver {
  @Authorized(GEOGRAPHY)
  @FieldResolver(() => [RolloutYear], {
    nullable: true,
    description: 'Roll-out of community service points year by year against the plan (2013 pilot, 15% / 50% / 70% / all communities).',
  })
  async rollout(
    @Root() district: District,
    @Ctx() context: Context,
    @Arg('from', () => Int, { defaultValue: PLAN_START, description: 'First year.' }) from: number,
    @Arg('to', () => Int, { nullable: true, description: 'Last year; this year when absent.' }) to?: number,
  ): Promise<RolloutYear[]> {
    const last = to ?? Number(today().slice(0, 4));
    if (from < PLAN_START || last < from || last - from > 50) throw new UserInputError('from', `from and to must span years from ${PLAN_START}, at most 50`);
    const [points, communities] = await Promise.all([
      context.loaders.servicePointsOfDistrict.load(district.code),
      context.loaders.communitiesOfDistrict.load(district.code),
    ]);
    return rollout(
      district.code,
      points.map((p) => p.openedYear),
      communities.length,
      from,
      last,
    );
  }

  @Authorized(GEOGRAPHY)
  @FieldResolver(() => ServicePointSpending, { nullable: true, description: "Spending on the district's community service windows against the plan's caps." })
  async servicePointSpending(@Root() district: District, @Ctx() context: Context): Promise<ServicePointSpending> {
    return spending(district.kind, await context.loaders.servicePointsOfDistrict.load(district.code));
  }
}
