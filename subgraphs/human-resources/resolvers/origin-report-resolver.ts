import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { FromMonth, monthByMonth, requireMonthRange, ToMonth } from '../../kit/monthly-series';
import { byOrigin } from '../../kit/origin-measures';
import { CITY } from '../../kit/places';
import { loadDistricts } from '../../kit/reference-data';
import { yearByYear } from '../../kit/yearly-series';
import { STATISTICS } from '../access';
import { OriginDistrictEmployment, OriginEmployment, OriginEmploymentMonth, OriginTrainingYear } from '../entities/origin-employment';
import { OriginReportReference } from '../entities/references';
import type { HumanResourcesLoaders } from '../loaders';
import { ORIGIN_FLOWS, ORIGIN_STOCKS } from '../loaders/employment-figures';

type Context = SubgraphContext<HumanResourcesLoaders>;

/** The table cells of a region's measures, by field. */
const ofRegion = <F extends string>(fields: readonly F[], region: string) =>
  Object.fromEntries(fields.map((field) => [field, byOrigin(field, region)])) as Record<F, string>;

/** Human resources' part of a region's report, read from its latest release like every figure. */
@Resolver(() => OriginReportReference)
export class OriginReportEmploymentResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => OriginEmployment, {
    nullable: true,
    description:
      'Migrants from the region registered with the employment service in the city, with a labour contract and insured, on the release cut-off (human resources).',
  })
  async employment(@Root() report: OriginReportReference, @Ctx() context: Context): Promise<OriginEmployment> {
    const { counts } = await context.loaders.release();
    return Object.assign(new OriginEmployment(), counts.record(CITY.code, ofRegion(ORIGIN_STOCKS, report.code)));
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [OriginDistrictEmployment], {
    nullable: true,
    description: 'The same in each district, by district code, by the district of the employment registration (human resources).',
  })
  async employmentByDistrict(@Root() report: OriginReportReference, @Ctx() context: Context): Promise<OriginDistrictEmployment[]> {
    const { counts } = await context.loaders.release();
    // In the reference list's order, as public security lists its districts in the report.
    return loadDistricts().map((district) =>
      Object.assign(new OriginDistrictEmployment(), {
        district: { code: district.code },
        ...counts.record(district.code, ofRegion(ORIGIN_STOCKS, report.code)),
      }),
    );
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [OriginEmploymentMonth], {
    nullable: true,
    description:
      'Migrants from the region registered with the employment service in the city, with a labour contract and insured, month by month (月度), since 2013 by default (human resources): stocks only; courses completed are given by year (trainingByYear).',
  })
  async employmentByMonth(
    @Root() report: OriginReportReference,
    @Ctx() context: Context,
    @FromMonth() from: string,
    @ToMonth() to: string | null,
  ): Promise<OriginEmploymentMonth[]> {
    const { counts } = await context.loaders.release();
    const months = requireMonthRange(from, to, counts.asOf);
    return monthByMonth(counts, CITY.code, months, ORIGIN_STOCKS, ofRegion(ORIGIN_STOCKS, report.code)).map((record) =>
      Object.assign(new OriginEmploymentMonth(), record),
    );
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [OriginTrainingYear], {
    nullable: true,
    description:
      'Training courses completed by migrants from the region in the city, year by year since 2013, the last the year to date (human resources): a flow, published by year only, its months and districts would be almost all withheld.',
  })
  async trainingByYear(@Root() report: OriginReportReference, @Ctx() context: Context): Promise<OriginTrainingYear[]> {
    const { counts } = await context.loaders.release();
    return yearByYear(counts, CITY.code, ORIGIN_FLOWS, ofRegion(ORIGIN_FLOWS, report.code)).map((record) => Object.assign(new OriginTrainingYear(), record));
  }
}
