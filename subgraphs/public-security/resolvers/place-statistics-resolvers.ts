import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { withRate } from '../../kit/disclosure';
import type { PublishedTable } from '../../kit/published-table';
import { FromMonth, monthByMonth, requireMonthRange, ToMonth } from '../../kit/monthly-series';
import { loadEthnicGroups, loadOriginRegions } from '../../kit/population/reference';
import { ethnicityByCode, regionByCode } from '../../kit/reference-types';
import { SchoolAgeCount } from '../../kit/school-age';
import { STATISTICS } from '../access';
import { CityStatisticsReference, CommunityReference, DistrictReference, StreetReference } from '../entities/geography-references';
import { EthnicityFigures, OriginFigures, PopulationFigures, PopulationMonth } from '../entities/population-figures';
import type { PublicSecurityLoaders } from '../loaders';
import { byEthnicity, byOrigin } from '../loaders/population-figures';
import { schoolAgeCounts } from '../loaders/school-age-counts';

type Context = SubgraphContext<PublicSecurityLoaders>;
type Place = { code: string };

const SCHOOL_AGE = 'Migrant children registered as living here, by school-age group this school year (public security); education compares them with its enrolments.';
const POPULATION = 'Migrants registered as living here on the release cut-off and their valid residence permits (public security).';
const BY_ORIGIN = 'Registered migrants by province of origin (来源地), every region of origin listed (public security).';
const BY_ETHNICITY = 'Registered migrants by ethnic group (民族), the groups present here (public security).';
const BY_MONTH = 'Registered migrants and valid permits month by month (月度), since 2013 by default (public security).';

async function population(place: Place, context: Context): Promise<PopulationFigures> {
  const table = (await context.loaders.release()).population;
  return Object.assign(
    new PopulationFigures(),
    withRate(
      table.record(place.code, { registeredMigrants: 'registeredMigrants', validPermits: 'validPermits' }),
      'permitRate',
      'validPermits',
      'registeredMigrants',
    ),
  );
}

function breakdown(table: PublishedTable, place: string, measureOf: (measure: string) => string) {
  return table.record(place, { registeredMigrants: measureOf('registeredMigrants'), validPermits: measureOf('validPermits') });
}

async function populationByOrigin(place: Place, context: Context): Promise<OriginFigures[]> {
  const table = (await context.loaders.release()).population;
  return loadOriginRegions().map((region) =>
    Object.assign(new OriginFigures(), { region: regionByCode(region.code)!, ...breakdown(table, place.code, (m) => byOrigin(m, region.code)) }),
  );
}

async function populationByEthnicity(place: Place, context: Context): Promise<EthnicityFigures[]> {
  const table = (await context.loaders.release()).population;
  return loadEthnicGroups()
    .map((group) => Object.assign(new EthnicityFigures(), { ethnicity: ethnicityByCode(group.code)!, ...breakdown(table, place.code, (m) => byEthnicity(m, group.code)) }))
    .filter((figures) => figures.registeredMigrants !== 0);
}

async function populationByMonth(place: Place, from: string, to: string | null, context: Context): Promise<PopulationMonth[]> {
  const months = requireMonthRange(from, to);
  const table = (await context.loaders.release()).population;
  return monthByMonth(table, place.code, months, ['registeredMigrants', 'newRegistrations', 'validPermits'] as const).map((record) =>
    Object.assign(new PopulationMonth(), withRate(record, 'permitRate', 'validPermits', 'registeredMigrants')),
  );
}

async function schoolAgeChildren(place: Place, context: Context): Promise<SchoolAgeCount[]> {
  return schoolAgeCounts((await context.loaders.release()).schoolAge, place.code);
}

@Resolver(() => CityStatisticsReference)
export class CityStatisticsResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => PopulationFigures, { nullable: true, description: POPULATION })
  population(@Root() city: CityStatisticsReference, @Ctx() context: Context) {
    return population(city, context);
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [OriginFigures], { nullable: true, description: BY_ORIGIN })
  populationByOrigin(@Root() city: CityStatisticsReference, @Ctx() context: Context) {
    return populationByOrigin(city, context);
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [EthnicityFigures], { nullable: true, description: BY_ETHNICITY })
  populationByEthnicity(@Root() city: CityStatisticsReference, @Ctx() context: Context) {
    return populationByEthnicity(city, context);
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [PopulationMonth], { nullable: true, description: BY_MONTH })
  populationByMonth(@Root() city: CityStatisticsReference, @FromMonth() from: string, @ToMonth() to: string | null, @Ctx() context: Context) {
    return populationByMonth(city, from, to, context);
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [SchoolAgeCount], { nullable: true, description: SCHOOL_AGE })
  schoolAgeChildren(@Root() city: CityStatisticsReference, @Ctx() context: Context) {
    return schoolAgeChildren(city, context);
  }
}

@Resolver(() => DistrictReference)
export class DistrictStatisticsResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => PopulationFigures, { nullable: true, description: POPULATION })
  population(@Root() district: DistrictReference, @Ctx() context: Context) {
    return population(district, context);
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [OriginFigures], { nullable: true, description: BY_ORIGIN })
  populationByOrigin(@Root() district: DistrictReference, @Ctx() context: Context) {
    return populationByOrigin(district, context);
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [EthnicityFigures], { nullable: true, description: BY_ETHNICITY })
  populationByEthnicity(@Root() district: DistrictReference, @Ctx() context: Context) {
    return populationByEthnicity(district, context);
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [PopulationMonth], { nullable: true, description: BY_MONTH })
  populationByMonth(@Root() district: DistrictReference, @FromMonth() from: string, @ToMonth() to: string | null, @Ctx() context: Context) {
    return populationByMonth(district, from, to, context);
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [SchoolAgeCount], { nullable: true, description: SCHOOL_AGE })
  schoolAgeChildren(@Root() district: DistrictReference, @Ctx() context: Context) {
    return schoolAgeChildren(district, context);
  }
}

@Resolver(() => StreetReference)
export class StreetStatisticsResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => PopulationFigures, { nullable: true, description: POPULATION })
  population(@Root() street: StreetReference, @Ctx() context: Context) {
    return population(street, context);
  }
}

@Resolver(() => CommunityReference)
export class CommunityStatisticsResolver {
  @Authorized(STATISTICS)
  @FieldResolver(() => PopulationFigures, { nullable: true, description: POPULATION })
  population(@Root() community: CommunityReference, @Ctx() context: Context) {
    return population(community, context);
  }

  @Authorized(STATISTICS)
  @FieldResolver(() => [SchoolAgeCount], { nullable: true, description: SCHOOL_AGE })
  schoolAgeChildren(@Root() community: CommunityReference, @Ctx() context: Context) {
    return schoolAgeChildren(community, context);
  }
}
