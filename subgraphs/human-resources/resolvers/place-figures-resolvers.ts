import { Authorized, Field, Float, Int, ObjectType } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { countOf, FigureRecord, nestedBreakdown, nestedBreakdownNaming, protectedRate, sumShownWithCount, withRate } from '../../kit/disclosure';
import { monthByMonth } from '../../kit/monthly-series';
import type { PublishedTable } from '../../kit/published-table';
import { placeFigureResolvers } from '../../kit/place-figures';
import { MonthlyFigures, ReleasedFigures, SuppressedFields, YearlyFigures } from '../../kit/released-figures';
import { MoneyScalar } from '../../kit/scalars';
import { FIRST_COMMUNITY_YEAR, yearByYear } from '../../kit/yearly-series';
import { STATISTICS } from '../access';
import { InsuranceType } from '../entities/enums';
import { CityStatisticsReference, CommunityReference, DistrictReference } from '../entities/references';
import type { HumanResourcesLoaders } from '../loaders';
import { insuredIn, YEAR_END_STOCKS } from '../loaders/employment-figures';

type Context = SubgraphContext<HumanResourcesLoaders>;

const NAMING = nestedBreakdownNaming('insurance schemes', 'insurance', 'TYPE');

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
export class EmploymentFigures extends ReleasedFigures {
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
  @Field(() => MoneyScalar, { nullable: true, description: 'Wages recovered in closed disputes (追回工资); null when disputesClosed is withheld.' })
  wagesRecovered!: string | null;

  @SuppressedFields(NAMING)
  suppressed!: string[];
}

@ObjectType('EmploymentMonth', { description: 'Employment figures of one month (月度): stocks on its last day counted, flows during it.' })
export class EmploymentMonth extends MonthlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, {
    nullable: true,
    description: 'Migrants registered with the employment service here (就业登记) by the last day counted; in the cut-off month, EmploymentFigures.registered.',
  })
  registered!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, {
    nullable: true,
    description: 'Of them, holding a job on the last day counted (people, not jobs); in the cut-off month, EmploymentFigures.employed.',
  })
  employed!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, {
    nullable: true,
    description:
      'Of the employed, holding a job with a signed labour contract on the last day counted (people); in the cut-off month, EmploymentFigures.withContract.',
  })
  withContract!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, {
    nullable: true,
    description:
      'Contract rate (劳动合同签订率): withContract / employed (0–1), people with a contract among people employed, as EmploymentFigures.contractRate; null when either is withheld or none is employed.',
  })
  contractRate!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, {
    nullable: true,
    description: 'Jobs held with a signed labour contract on the last day counted (jobs, not people: one person may hold two; withContract counts the people).',
  })
  employedWithContract!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, {
    nullable: true,
    description:
      'Of the registered, migrants insured in at least one scheme on the last day counted (suspensions are not dated, so a suspended scheme counts as held).',
  })
  insured!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, {
    nullable: true,
    description: 'Insurance rate (参保率): insured / registered (0–1), in any scheme; null when either is withheld or none is registered.',
  })
  insuranceRate!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Training courses completed during the month.' })
  trainingCompleted!: number | null;

  @SuppressedFields(NAMING)
  suppressed!: string[];
}

@ObjectType('EmploymentStockYear', {
  description:
    "Employment of the migrants registered with human resources at the end of one calendar year (年末), stocks only: for communities, whose month-by-month series would be mostly withheld; the cut-off's year is held on the cut-off (human resources).",
})
export class EmploymentStockYear extends YearlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, {
    nullable: true,
    description: 'Migrants registered with the employment service here (就业登记) by the last day counted; in the year to date, EmploymentFigures.registered.',
  })
  registered!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, {
    nullable: true,
    description: 'Of them, holding a job on the last day counted (people, not jobs); in the year to date, EmploymentFigures.employed.',
  })
  employed!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, {
    nullable: true,
    description:
      'Of the employed, holding a job with a signed labour contract on the last day counted (people); in the year to date, EmploymentFigures.withContract.',
  })
  withContract!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, {
    nullable: true,
    description:
      'Contract rate (劳动合同签订率): withContract / employed (0–1), as EmploymentMonth.contractRate; null when either is withheld or none is employed.',
  })
  contractRate!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, {
    nullable: true,
    description:
      'Of the registered, migrants insured in at least one scheme on the last day counted, as EmploymentMonth.insured (a suspended scheme counts as held).',
  })
  insured!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, {
    nullable: true,
    description: 'Insurance rate (参保率): insured / registered (0–1), as EmploymentMonth.insuranceRate; null when either is withheld or none is registered.',
  })
  insuranceRate!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

async function employmentFigures(place: { code: string }, context: Context): Promise<EmploymentFigures> {
  const { counts, wagesRecovered } = await context.loaders.release();
  const record = counts.record(place.code, {
    registered: 'registered',
    employed: 'employed',
    withContract: 'withContract',
    trained: 'trained',
    disputesOpen: 'disputesOpen',
    disputesClosed: 'disputesClosed',
  });
  const insurance = nestedBreakdown(
    record,
    'insurance',
    Object.values(InsuranceType),
    (type) => counts.get(place.code, insuredIn(type)),
    (type, insured) => Object.assign(new InsuranceCoverage(), { type, insured: insured.count, rate: protectedRate(insured, countOf(record, 'registered')) }),
  );
  const wages = sumShownWithCount(record, 'wagesRecovered', 'disputesClosed', wagesRecovered[place.code]);
  return Object.assign(new EmploymentFigures(), { ...withRate(record, 'contractRate', 'withContract', 'employed'), insurance, wagesRecovered: wages });
}

/** A record's contract rate (people with a contract among people employed) and insurance rate (insured among registered). */
const withEmploymentRates = <R extends FigureRecord & Record<'registered' | 'employed' | 'withContract' | 'insured', number | null>>(record: R) =>
  withRate(withRate(record, 'contractRate', 'withContract', 'employed'), 'insuranceRate', 'insured', 'registered');

function employmentByMonth(place: { code: string }, table: PublishedTable, months: string[]): EmploymentMonth[] {
  const measures = ['registered', 'employed', 'withContract', 'employedWithContract', 'insured', 'trainingCompleted'] as const;
  return monthByMonth(table, place.code, months, measures).map((record) => Object.assign(new EmploymentMonth(), withEmploymentRates(record)));
}

async function employmentByYear(place: { code: string }, context: Context): Promise<EmploymentStockYear[]> {
  const { counts } = await context.loaders.release();
  return yearByYear(counts, place.code, YEAR_END_STOCKS, {}, FIRST_COMMUNITY_YEAR).map((record) =>
    Object.assign(new EmploymentStockYear(), withEmploymentRates(record)),
  );
}

const EMPLOYMENT = 'Employment, contracts, insurance, training and disputes of migrants registered here (human resources).';
const EMPLOYMENT_BY_MONTH =
  'Registration, employment, contracts, insurance (with the contract and insurance rates) and training of the migrants registered here, month by month (月度), since 2013 by default (human resources).';

const EMPLOYMENT_BY_YEAR = `Registration, employment, contracts and insurance (with the contract and insurance rates) of the migrants registered here at the end of each calendar year (年末) since ${FIRST_COMMUNITY_YEAR}, the last the year to date, held on the release cut-off (human resources): a community's month-by-month series would be mostly withheld, so its year ends are published instead; they add up to the district's December.`;

/** Human resources' figures on the places of every bureau, at the levels each is published at. */
export const employmentFigureResolvers = placeFigureResolvers<Context>({
  places: { CITY: CityStatisticsReference, DISTRICT: DistrictReference, COMMUNITY: CommunityReference },
  grant: STATISTICS,
  fields: {
    employment: { levels: ['CITY', 'DISTRICT', 'COMMUNITY'], type: () => EmploymentFigures, description: EMPLOYMENT, resolve: employmentFigures },
    employmentByMonth: {
      levels: ['CITY', 'DISTRICT'],
      type: () => [EmploymentMonth],
      description: EMPLOYMENT_BY_MONTH,
      monthly: true,
      table: async (context) => (await context.loaders.release()).counts,
      resolve: employmentByMonth,
    },
    employmentByYear: { levels: ['COMMUNITY'], type: () => [EmploymentStockYear], description: EMPLOYMENT_BY_YEAR, resolve: employmentByYear },
  },
});
