import { Authorized, Field, Float, Int, ObjectType } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { nestedBreakdown, nestedBreakdownNaming, shownIf, sumShownWithCount } from '../../kit/disclosure';
import { MonthlyFigures, ReleasedFigures, SuppressedFields, YearlyFigures } from '../../kit/released-figures';
import { inStreetSeries, monthByMonth, STREET_SERIES_MONTHS } from '../../kit/monthly-series';
import { placeLevel } from '../../kit/places';
import type { PublishedTable } from '../../kit/published-table';
import { placeFigureResolvers } from '../../kit/place-figures';
import { MoneyScalar } from '../../kit/scalars';
import { FIRST_COMMUNITY_YEAR, yearByYear } from '../../kit/yearly-series';
import { STATISTICS } from '../access';
import { DisputeLevel } from '../entities/case-enums';
import { Community } from '../entities/community';
import { District } from '../entities/district';
import { Street } from '../entities/street';
import type { CivilAffairsLoaders } from '../loaders';
import { settledAt } from '../loaders/case-figures';
import { CityStatistics } from '../entities/city-statistics';

type Context = SubgraphContext<CivilAffairsLoaders>;

const NAMING = nestedBreakdownNaming('levels', 'settledByLevel', 'LEVEL');

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
export class ReliefAndMediation extends ReleasedFigures {
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
  @Field(() => Int, { nullable: true, description: 'Disputes found in screening (排查发现): the open ones and those settled at each level.' })
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
  @Field(() => Int, {
    nullable: true,
    description: 'Visits to the service points here in the twelve months up to the cut-off: the sum of their public monthly activity, never withheld.',
  })
  servicePointVisits!: number | null;

  @SuppressedFields(NAMING)
  suppressed!: string[];
}

@ObjectType('CaseMonth', { description: 'Relief and mediation in one month (月度): flows during it, open disputes on its last day counted.' })
export class CaseMonth extends MonthlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Relief applications granted during the month (救助).' })
  reliefGranted!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Disputes found in screening during the month (排查发现).' })
  disputesFound!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Disputes settled (closed) during the month (调处化解).' })
  disputesSettled!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Disputes open on the last day counted.' })
  disputesOpen!: number | null;

  @SuppressedFields(NAMING)
  suppressed!: string[];
}

@ObjectType('OpenDisputesMonth', {
  description:
    'Disputes open at the end of one month (月度), a stock only: for streets, whose disputes found and settled month by month would be mostly withheld (civil affairs).',
})
export class OpenDisputesMonth extends MonthlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Disputes open on the last day counted.' })
  disputesOpen!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('OpenDisputesYear', {
  description:
    "Disputes open at the end of one calendar year (年末), a stock only: for communities, whose month-by-month series would be mostly withheld; the cut-off's year is held on the cut-off (civil affairs).",
})
export class OpenDisputesYear extends YearlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Disputes open on the last day counted.' })
  disputesOpen!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

async function reliefAndMediation(place: { code: string }, context: Context): Promise<ReliefAndMediation> {
  const { counts, reliefAmountPaid, medianDaysToSettle, medianWithheld, servicePointVisits } = await context.loaders.release();
  const record = counts.record(place.code, {
    reliefCases: 'reliefCases',
    reliefPaid: 'reliefPaid',
    disputesFound: 'disputesFound',
    disputesOpen: 'disputesOpen',
  });
  const settledByLevel = nestedBreakdown(
    record,
    'settledByLevel',
    Object.values(DisputeLevel),
    (level) => counts.get(place.code, settledAt(level)),
    (level, settled) => Object.assign(new SettledAtLevel(), { level, settled: settled.count }),
  );
  const amount = sumShownWithCount(record, 'reliefAmountPaid', 'reliefPaid', reliefAmountPaid[place.code]);
  const median = shownIf(record, 'medianDaysToSettle', !medianWithheld.includes(place.code), medianDaysToSettle[place.code] ?? null);
  return Object.assign(new ReliefAndMediation(), {
    ...record,
    reliefAmountPaid: amount,
    settledByLevel,
    medianDaysToSettle: median,
    servicePointVisits: servicePointVisits[place.code] ?? 0,
  });
}

/** A district's or the city's months with their flows; a street's open disputes only (OpenDisputesMonth). */
function casesByMonth(place: { code: string }, table: PublishedTable, months: string[]): CaseMonth[] | OpenDisputesMonth[] {
  if (placeLevel(place.code) === 'STREET')
    return monthByMonth(table, place.code, inStreetSeries(months, table.asOf), ['disputesOpen'] as const).map((record) =>
      Object.assign(new OpenDisputesMonth(), record),
    );
  return monthByMonth(table, place.code, months, ['reliefGranted', 'disputesFound', 'disputesSettled', 'disputesOpen'] as const).map((record) =>
    Object.assign(new CaseMonth(), record),
  );
}

async function casesByYear(place: { code: string }, context: Context): Promise<OpenDisputesYear[]> {
  const { counts } = await context.loaders.release();
  return yearByYear(counts, place.code, ['disputesOpen'] as const, {}, FIRST_COMMUNITY_YEAR).map((record) => Object.assign(new OpenDisputesYear(), record));
}

const CASES_BY_MONTH = 'Relief granted and disputes found, settled and open, month by month (月度), since 2013 by default (civil affairs).';
const CASES_BY_MONTH_OF_STREET = `Disputes open at the end of each month (月度) of the ${STREET_SERIES_MONTHS} months up to the latest release (months asked for before them are not published, and left out): a stock only, relief granted and disputes found and settled being published from the district up (civil affairs).`;

const CASES_BY_YEAR = `Disputes open at the end of each calendar year (年末) since ${FIRST_COMMUNITY_YEAR}, the last the year to date, held on the release cut-off (civil affairs): a community's month-by-month series would be mostly withheld, so its year ends are published instead; they add up to the street's (or, before the street's months, the district's) December. Relief granted and disputes found and settled are published from the district up.`;

const DESCRIPTION = 'Relief given and disputes found, settled at each level and open, with service-point visits (civil affairs).';

/** Civil affairs' case figures on its places, at the levels each is published at. */
export const caseFigureResolvers = placeFigureResolvers<Context>({
  places: { CITY: CityStatistics, DISTRICT: District, STREET: Street, COMMUNITY: Community },
  grant: STATISTICS,
  fields: {
    reliefAndMediation: {
      levels: ['CITY', 'DISTRICT', 'STREET', 'COMMUNITY'],
      type: () => ReliefAndMediation,
      description: DESCRIPTION,
      resolve: reliefAndMediation,
    },
    casesByMonth: {
      levels: ['CITY', 'DISTRICT', 'STREET'],
      type: (level) => (level === 'STREET' ? [OpenDisputesMonth] : [CaseMonth]),
      description: (level) => (level === 'STREET' ? CASES_BY_MONTH_OF_STREET : CASES_BY_MONTH),
      monthly: true,
      table: async (context) => (await context.loaders.release()).counts,
      resolve: casesByMonth,
    },
    casesByYear: { levels: ['COMMUNITY'], type: () => [OpenDisputesYear], description: CASES_BY_YEAR, resolve: casesByYear },
  },
});
