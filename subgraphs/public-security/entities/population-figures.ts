import { Authorized, Field, Float, Int, ObjectType } from 'type-graphql';
import { Ethnicity, Region } from '../../kit/reference-types';
import { MonthlyFigures, ReleasedFigures, SuppressedFields, YearlyFigures } from '../../kit/released-figures';
import { STATISTICS } from '../access';

// Registration figures public security publishes for a place; counts of 1–9, and any count that would give one away
// by subtraction, come back null and are named in `suppressed`.

@ObjectType('PopulationFigures', {
  description: 'Migrants registered as living in a place on the release cut-off (居住登记) and their residence permits (public security).',
})
export class PopulationFigures extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrants with a current residence registration here (登记流动人口).' })
  registeredMigrants!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of them, holding a residence permit valid on the cut-off day (有效居住证).' })
  validPermits!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'validPermits / registeredMigrants (0–1); null when either is withheld.' })
  permitRate!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

/** The counts of one cell of a published breakdown, the same for every dimension. */
@ObjectType()
abstract class BreakdownCounts extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrants of this group registered here on the cut-off day.' })
  registeredMigrants!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of them, holding a valid residence permit.' })
  validPermits!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('OriginFigures', { description: 'Registered migrants from one region of origin (来源地), a published breakdown.' })
export class OriginFigures extends BreakdownCounts {
  @Authorized(STATISTICS)
  @Field(() => Region, { description: 'The province they come from (GB/T 2260).' })
  region!: Region;
}

@ObjectType('EthnicityFigures', { description: 'Registered migrants of one ethnic group (民族), a published breakdown.' })
export class EthnicityFigures extends BreakdownCounts {
  @Authorized(STATISTICS)
  @Field(() => Ethnicity, { description: 'The ethnic group (GB/T 3304).' })
  ethnicity!: Ethnicity;
}

@ObjectType('PopulationMonth', { description: 'Registration figures of one month (月度): stocks on the last day counted, flows during it.' })
export class PopulationMonth extends MonthlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrants registered as living here on the last day counted.' })
  registeredMigrants!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Residence registrations made here during the month (arrivals and moves).' })
  newRegistrations!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of the registered migrants, holding a residence permit valid on the last day counted.' })
  validPermits!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'validPermits / registeredMigrants (0–1); null when either is withheld.' })
  permitRate!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('PopulationStockMonth', {
  description:
    'Registered migrants and their valid permits at the end of one month (月度), stocks only: for streets, and for the migrants from one region of origin, whose monthly new registrations would be mostly withheld (public security).',
})
export class PopulationStockMonth extends MonthlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrants registered as living here on the last day counted.' })
  registeredMigrants!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of them, holding a residence permit valid on the last day counted.' })
  validPermits!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'validPermits / registeredMigrants (0–1); null when either is withheld.' })
  permitRate!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('PopulationStockYear', {
  description:
    "Registered migrants and their valid permits at the end of one calendar year (年末), stocks only: for communities, whose month-by-month series would be mostly withheld; the cut-off's year is held on the cut-off (public security).",
})
export class PopulationStockYear extends YearlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrants registered as living here on the last day counted.' })
  registeredMigrants!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of them, holding a residence permit valid on the last day counted.' })
  validPermits!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'validPermits / registeredMigrants (0–1); null when either is withheld.' })
  permitRate!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}
