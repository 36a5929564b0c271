import type { SubgraphContext } from '../../kit/bureau';
import { withRate } from '../../kit/disclosure';
import { inStreetSeries, monthByMonth, STREET_SERIES_MONTHS } from '../../kit/monthly-series';
import { placeFigureResolvers } from '../../kit/place-figures';
import { placeLevel } from '../../kit/places';
import type { PublishedTable } from '../../kit/published-table';
import { loadEthnicGroups, loadOriginRegions } from '../../kit/reference-data';
import { ethnicityByCode, regionByCode } from '../../kit/reference-types';
import { SchoolAgeCount, SchoolAgeMonth } from '../../kit/school-age';
import { FIRST_COMMUNITY_YEAR, yearByYear } from '../../kit/yearly-series';
import { STATISTICS } from '../access';
import { CityStatisticsReference, CommunityReference, DistrictReference, StreetReference } from '../entities/references';
import { EthnicityFigures, OriginFigures, PopulationFigures, PopulationMonth, PopulationStockMonth, PopulationStockYear } from '../entities/population-figures';
import type { PublicSecurityLoaders } from '../loaders';
import { byOrigin } from '../../kit/origin-measures';
import { byEthnicity } from '../loaders/population-figures';
import { schoolAgeCounts, schoolAgeMonths } from '../loaders/school-age-counts';

type Context = SubgraphContext<PublicSecurityLoaders>;
type Place = { code: string };

const SCHOOL_AGE =
  'Migrant children registered as living here, by school-age group this school year (public security); education compares them with its enrolments.';
const SCHOOL_AGE_BY_MONTH =
  'Migrant children of compulsory-school age (义务教育适龄: primary and junior secondary ages, by age on 1 September of the school year of the day counted) registered as living here on the last day of each month (月度) since 2013, the month to date last (public security); the whole series, without arguments, so that education can require it as the denominator of its monthly enrolment rate.';
const POPULATION = 'Migrants registered as living here on the release cut-off and their valid residence permits (public security).';
const BY_ORIGIN = 'Registered migrants by province of origin (来源地), every region of origin listed (public security).';
const BY_ETHNICITY = 'Registered migrants by ethnic group (民族), the groups present here (public security).';
const BY_MONTH = 'Registered migrants and valid permits month by month (月度), since 2013 by default (public security).';
const BY_MONTH_OF_STREET = `Registered migrants and valid permits at the end of each month (月度) of the ${STREET_SERIES_MONTHS} months up to the latest release (months asked for before them are not published, and left out): stocks only, new registrations being published from the district up (public security).`;

const BY_YEAR = `Registered migrants and valid permits at the end of each calendar year (年末) since ${FIRST_COMMUNITY_YEAR}, the last the year to date, held on the release cut-off (public security): a community's month-by-month series would be mostly withheld, so its year ends are published instead; they add up to the street's (or, before the street's months, the district's) December.`;

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
    .map((group) =>
      Object.assign(new EthnicityFigures(), { ethnicity: ethnicityByCode(group.code)!, ...breakdown(table, place.code, (m) => byEthnicity(m, group.code)) }),
    )
    .filter((figures) => figures.registeredMigrants !== 0);
}

/** A district's or the city's months with their new registrations; a street's stocks only (PopulationStockMonth). */
function populationByMonth(place: Place, table: PublishedTable, months: string[]): PopulationMonth[] | PopulationStockMonth[] {
  if (placeLevel(place.code) === 'STREET') {
    return monthByMonth(table, place.code, inStreetSeries(months, table.asOf), ['registeredMigrants', 'validPermits'] as const).map((record) =>
      Object.assign(new PopulationStockMonth(), withRate(record, 'permitRate', 'validPermits', 'registeredMigrants')),
    );
  }
  return monthByMonth(table, place.code, months, ['registeredMigrants', 'newRegistrations', 'validPermits'] as const).map((record) =>
    Object.assign(new PopulationMonth(), withRate(record, 'permitRate', 'validPermits', 'registeredMigrants')),
  );
}

async function populationByYear(place: Place, context: Context): Promise<PopulationStockYear[]> {
  const table = (await context.loaders.release()).population;
  return yearByYear(table, place.code, ['registeredMigrants', 'validPermits'] as const, {}, FIRST_COMMUNITY_YEAR).map((record) =>
    Object.assign(new PopulationStockYear(), withRate(record, 'permitRate', 'validPermits', 'registeredMigrants')),
  );
}

async function schoolAgeChildrenByMonth(place: Place, context: Context): Promise<SchoolAgeMonth[]> {
  return schoolAgeMonths((await context.loaders.release()).schoolAge, place.code);
}

async function schoolAgeChildren(place: Place, context: Context): Promise<SchoolAgeCount[]> {
  return schoolAgeCounts((await context.loaders.release()).schoolAge, place.code);
}

/** Public security's figures on the places of every bureau, at the levels each is published at. */
export const populationFigureResolvers = placeFigureResolvers<Context>({
  places: { CITY: CityStatisticsReference, DISTRICT: DistrictReference, STREET: StreetReference, COMMUNITY: CommunityReference },
  grant: STATISTICS,
  fields: {
    population: { levels: ['CITY', 'DISTRICT', 'STREET', 'COMMUNITY'], type: () => PopulationFigures, description: POPULATION, resolve: population },
    populationByOrigin: { levels: ['CITY', 'DISTRICT'], type: () => [OriginFigures], description: BY_ORIGIN, resolve: populationByOrigin },
    populationByEthnicity: { levels: ['CITY', 'DISTRICT'], type: () => [EthnicityFigures], description: BY_ETHNICITY, resolve: populationByEthnicity },
    populationByMonth: {
      levels: ['CITY', 'DISTRICT', 'STREET'],
      type: (level) => (level === 'STREET' ? [PopulationStockMonth] : [PopulationMonth]),
      description: (level) => (level === 'STREET' ? BY_MONTH_OF_STREET : BY_MONTH),
      monthly: true,
      table: async (context) => (await context.loaders.release()).population,
      resolve: populationByMonth,
    },
    populationByYear: { levels: ['COMMUNITY'], type: () => [PopulationStockYear], description: BY_YEAR, resolve: populationByYear },
    schoolAgeChildren: { levels: ['CITY', 'DISTRICT', 'COMMUNITY'], type: () => [SchoolAgeCount], description: SCHOOL_AGE, resolve: schoolAgeChildren },
    schoolAgeChildrenByMonth: {
      levels: ['CITY', 'DISTRICT'],
      type: () => [SchoolAgeMonth],
      description: SCHOOL_AGE_BY_MONTH,
      resolve: schoolAgeChildrenByMonth,
    },
  },
});
