import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { FromMonth, monthByMonth, requireMonthRange, ToMonth } from '../../kit/monthly-series';
import { CITY } from '../../kit/places';
import { loadDistricts } from '../../kit/reference-data';
import { STATISTICS } from '../access';
import { OriginDistrictSchooling, OriginSchooling, OriginSchoolingMonth } from '../entities/origin-schooling';
import { OriginReportReference } from '../entities/references';
import type { EducationLoaders } from '../loaders';
import { byOrigin } from '../../kit/origin-measures';
import { ENROLLED } from '../loaders/enrolment-counts';

type Context = SubgraphContext<EducationLoaders>;

/** Education's part of a region's report: its children enrolled, read from the latest release like every figure. */
@Resolver(() => OriginReportReference)
export class OriginReportResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => OriginSchooling, {
    nullable: true,
    description: 'Migrant children from the region enrolled in the city on the release cut-off (education).',
  })
  async schooling(@Root() report: OriginReportReference, @Ctx() context: Context): Promise<OriginSchooling> {
    const table = (await context.loaders.release()).places;
    return Object.assign(new OriginSchooling(), table.record(CITY.code, { enrolled: byOrigin(ENROLLED, report.code) }));
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [OriginDistrictSchooling], {
    nullable: true,
    description: 'The same in each district, by district code, by where the family lives (education).',
  })
  async schoolingByDistrict(@Root() report: OriginReportReference, @Ctx() context: Context): Promise<OriginDistrictSchooling[]> {
    const table = (await context.loaders.release()).places;
    return loadDistricts().map((district) =>
      Object.assign(new OriginDistrictSchooling(), {
        district: { code: district.code },
        ...table.record(district.code, { enrolled: byOrigin(ENROLLED, report.code) }),
      }),
    );
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [OriginSchoolingMonth], {
    nullable: true,
    description:
      'Migrant children from the region enrolled in the city month by month (月度), since 2013 by default (education): a stock only; new enrolments are not published by origin.',
  })
  async schoolingByMonth(
    @Root() report: OriginReportReference,
    @Ctx() context: Context,
    @FromMonth() from: string,
    @ToMonth() to: string | null,
  ): Promise<OriginSchoolingMonth[]> {
    const table = (await context.loaders.release()).places;
    const months = requireMonthRange(from, to, table.asOf);
    return monthByMonth(table, CITY.code, months, [ENROLLED] as const, { enrolled: byOrigin(ENROLLED, report.code) }).map((record) =>
      Object.assign(new OriginSchoolingMonth(), record),
    );
  }
}
