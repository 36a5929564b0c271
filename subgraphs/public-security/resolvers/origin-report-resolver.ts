import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { withRate } from '../../kit/disclosure';
import { UserInputError } from '../../kit/errors';
import { FromMonth, monthByMonth, requireMonthRange, ToMonth } from '../../kit/monthly-series';
import { CITY } from '../../kit/places';
import type { PublishedTable } from '../../kit/published-table';
import { loadDistricts, loadOriginRegions } from '../../kit/reference-data';
import { Region, regionByCode } from '../../kit/reference-types';
import { STATISTICS } from '../access';
import { OriginDistrictPopulation, OriginReport } from '../entities/origin-report';
import { PopulationFigures, PopulationStockMonth } from '../entities/population-figures';
import type { PublicSecurityLoaders } from '../loaders';
import { byOrigin } from '../../kit/origin-measures';

type Context = SubgraphContext<PublicSecurityLoaders>;

/** The registration counts of the migrants from `region` at `place`, with their permit rate. */
function originCounts(table: PublishedTable, place: string, region: string) {
  return withRate(
    table.record(place, { registeredMigrants: byOrigin('registeredMigrants', region), validPermits: byOrigin('validPermits', region) }),
    'permitRate',
    'validPermits',
    'registeredMigrants',
  );
}

@Resolver(() => OriginReport)
export class OriginReportResolver {
  @Authorized(STATISTICS)
  @Query(() => OriginReport, {
    nullable: true,
    description: 'The figures for the exchange with one region of origin (流出地协作报告), each bureau adding what it counts of the migrants from there.',
  })
  originReport(
    @Arg('region', () => ID, { description: 'GB/T 2260 code of a region of origin, e.g. 620000 (Gansu), 622900 (Linxia).' }) region: string,
  ): OriginReport {
    if (!regionByCode(region)) {
      const codes = loadOriginRegions().map((row) => `${row.code} (${row.nameEn})`);
      throw new UserInputError('region', `region must be the code of a region of origin: ${codes.join(', ')}`);
    }
    return Object.assign(new OriginReport(), { code: region });
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => Region, { nullable: true, description: 'The region of origin: its code and names (GB/T 2260).' })
  region(@Root() report: OriginReport): Region | null {
    return regionByCode(report.code);
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => PopulationFigures, {
    nullable: true,
    description: 'Migrants from the region registered in the city on the release cut-off, and their valid permits (public security).',
  })
  async population(@Root() report: OriginReport, @Ctx() context: Context): Promise<PopulationFigures> {
    const table = (await context.loaders.release()).population;
    return Object.assign(new PopulationFigures(), originCounts(table, CITY.code, report.code));
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [OriginDistrictPopulation], {
    nullable: true,
    description: 'The same figures in each district, by district code (public security).',
  })
  async populationByDistrict(@Root() report: OriginReport, @Ctx() context: Context): Promise<OriginDistrictPopulation[]> {
    const table = (await context.loaders.release()).population;
    return loadDistricts().map((district) =>
      Object.assign(new OriginDistrictPopulation(), { district: { code: district.code }, ...originCounts(table, district.code, report.code) }),
    );
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [PopulationStockMonth], {
    nullable: true,
    description: 'Migrants from the region registered in the city and their valid permits month by month (月度), since 2013 by default (public security).',
  })
  async populationByMonth(
    @Root() report: OriginReport,
    @Ctx() context: Context,
    @FromMonth() from: string,
    @ToMonth() to: string | null,
  ): Promise<PopulationStockMonth[]> {
    const table = (await context.loaders.release()).population;
    const months = requireMonthRange(from, to, table.asOf);
    const qualified = { registeredMigrants: byOrigin('registeredMigrants', report.code), validPermits: byOrigin('validPermits', report.code) };
    return monthByMonth(table, CITY.code, months, ['registeredMigrants', 'validPermits'] as const, qualified).map((record) =>
      Object.assign(new PopulationStockMonth(), withRate(record, 'permitRate', 'validPermits', 'registeredMigrants')),
    );
  }
}
