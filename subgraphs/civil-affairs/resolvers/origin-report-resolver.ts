import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { CITY } from '../../kit/places';
import { loadDistricts } from '../../kit/reference-data';
import { yearByYear } from '../../kit/yearly-series';
import { STATISTICS } from '../access';
import { OriginCases, OriginCaseYear, OriginDistrictCases } from '../entities/origin-cases';
import { OriginReportReference } from '../entities/references';
import type { CivilAffairsLoaders } from '../loaders';
import { byOrigin } from '../../kit/origin-measures';
import { ORIGIN_FLOWS } from '../loaders/case-figures';

type Context = SubgraphContext<CivilAffairsLoaders>;

/** Civil affairs' figures in a region of origin's report, read from its latest release. */
@Resolver(() => OriginReportReference)
export class OriginReportCasesResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => OriginCases, {
    nullable: true,
    description: 'Disputes of migrants from the region open in the city on the release cut-off (civil affairs).',
  })
  async cases(@Root() report: OriginReportReference, @Ctx() context: Context): Promise<OriginCases> {
    const { counts } = await context.loaders.release();
    return Object.assign(new OriginCases(), counts.record(CITY.code, { disputesOpen: byOrigin('disputesOpen', report.code) }));
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [OriginDistrictCases], {
    nullable: true,
    description: 'The same in each district, by district code (civil affairs).',
  })
  async casesByDistrict(@Root() report: OriginReportReference, @Ctx() context: Context): Promise<OriginDistrictCases[]> {
    // In the reference list's order, as public security lists its districts in the report.
    const [{ counts }, districts] = await Promise.all([
      context.loaders.release(),
      Promise.all(loadDistricts().map((district) => context.loaders.district.load(district.code))),
    ]);
    return districts.map((district) =>
      Object.assign(new OriginDistrictCases(), { district, ...counts.record(district!.code, { disputesOpen: byOrigin('disputesOpen', report.code) }) }),
    );
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [OriginCaseYear], {
    nullable: true,
    description:
      'Relief granted and disputes found and settled for migrants from the region in the city, year by year since 2013, the last the year to date (civil affairs): flows are published by year only, their months and districts would be almost all withheld.',
  })
  async casesByYear(@Root() report: OriginReportReference, @Ctx() context: Context): Promise<OriginCaseYear[]> {
    const { counts } = await context.loaders.release();
    const measureOf = Object.fromEntries(ORIGIN_FLOWS.map((measure) => [measure, byOrigin(measure, report.code)]));
    return yearByYear(counts, CITY.code, ORIGIN_FLOWS, measureOf).map((record) => Object.assign(new OriginCaseYear(), record));
  }
}
