import { Authorized, Field, Int, ObjectType } from 'type-graphql';
import { MonthlyFigures, ReleasedFigures, SuppressedFields, YearlyFigures } from '../../kit/released-figures';
import { STATISTICS } from '../access';
import { DistrictReference } from './references';

// Human resources' figures in the report for a region of origin: the migrants registered with the employment service
// (就业登记) whose household registration place (户籍所在地), asked at registration, is the region. Stocks by district
// and month; courses completed, a flow, by year only: per region and month they would be almost all withheld.

const WITH_CONTRACT =
  "Migrants from the region registered here holding a job with a signed labour contract (people, counted as a place's employmentByMonth.withContract)";
const INSURED = "Migrants from the region registered here insured in at least one scheme, whatever its status (counted as a place's employmentByMonth.insured)";

@ObjectType('OriginEmployment', {
  description: 'Migrants from the region registered with the employment service in the city, on the release cut-off (human resources).',
})
export class OriginEmployment extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: `${WITH_CONTRACT}, on the cut-off day.` })
  withContract!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: `${INSURED}, on the cut-off day.` })
  insured!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('OriginDistrictEmployment', {
  description: 'Migrants from the region registered with the employment service in one district, on the release cut-off (human resources).',
})
export class OriginDistrictEmployment extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => DistrictReference, { description: 'The district (区/县) of the employment registration.' })
  district!: DistrictReference;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: `${WITH_CONTRACT}, on the cut-off day.` })
  withContract!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: `${INSURED}, on the cut-off day.` })
  insured!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('OriginEmploymentMonth', {
  description:
    'Migrants from the region registered with the employment service in the city in one month (月度): stocks on the last day counted (human resources).',
})
export class OriginEmploymentMonth extends MonthlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: `${WITH_CONTRACT}, on the last day counted.` })
  withContract!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: `${INSURED}, on the last day counted.` })
  insured!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('OriginTrainingYear', {
  description:
    'Training of migrants from the region in the city in one calendar year (年度), a flow during it (human resources): by year only, not by district or month, where almost all would be withheld; each year the regions add up to the months of the city’s employmentByMonth.trainingCompleted.',
})
export class OriginTrainingYear extends YearlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Training courses completed during the year by migrants from the region (培训结业).' })
  trainingCompleted!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}
