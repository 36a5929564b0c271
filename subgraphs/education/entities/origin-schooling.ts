import { Authorized, Field, Int, ObjectType } from 'type-graphql';
import { MonthlyFigures, ReleasedFigures, SuppressedFields } from '../../kit/released-figures';
import { STATISTICS } from '../access';
import { DistrictReference } from './references';

// Education's figures in the report for a region of origin: children enrolled, a stock, by household registration
// place (户籍所在地). New enrolments, a flow, are not broken down by origin: per region and month they would be
// almost all withheld.

const ENROLLED = 'Migrant children from the region enrolled at a school, of any age, by where their family lives';

@ObjectType('OriginSchooling', { description: 'Migrant children from the region enrolled at a school in the city on the release cut-off (education).' })
export class OriginSchooling extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: `${ENROLLED}, on the cut-off day.` })
  enrolled!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('OriginDistrictSchooling', {
  description: 'Migrant children from the region enrolled, their family living in one district, on the release cut-off (education).',
})
export class OriginDistrictSchooling extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => DistrictReference, { description: 'The district (区/县) the family lives in.' })
  district!: DistrictReference;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: `${ENROLLED}, on the cut-off day.` })
  enrolled!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('OriginSchoolingMonth', {
  description: 'Migrant children from the region enrolled in the city in one month (月度): a stock on the last day counted (education).',
})
export class OriginSchoolingMonth extends MonthlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: `${ENROLLED}, on the last day counted.` })
  enrolled!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}
