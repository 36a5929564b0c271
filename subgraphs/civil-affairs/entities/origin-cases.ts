import { Authorized, Field, Int, ObjectType } from 'type-graphql';
import { ReleasedFigures, SuppressedFields, YearlyFigures } from '../../kit/released-figures';
import { STATISTICS } from '../access';
import { District } from './district';

// Civil affairs' figures in the report for a region of origin: a case's origin is its applicant's (relief) or its
// first party's (dispute) household registration place.

const OPEN = 'Disputes open on the release cut-off whose first party (申请人) is from the region.';

@ObjectType('OriginCases', { description: 'Disputes of migrants from the region open in the city on the release cut-off (civil affairs).' })
export class OriginCases extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: OPEN })
  disputesOpen!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('OriginDistrictCases', { description: 'Disputes of migrants from the region open in one district on the release cut-off (civil affairs).' })
export class OriginDistrictCases extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => District, { description: 'The district (区/县).' })
  district!: District;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: OPEN })
  disputesOpen!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('OriginCaseYear', {
  description:
    'Relief and mediation for migrants from the region in the city in one calendar year (年度), flows during it (civil affairs): by year only, not by district or month, where almost all would be withheld; each year the regions add up to the months of the city’s casesByMonth.',
})
export class OriginCaseYear extends YearlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Relief applications granted during the year whose applicant is from the region (救助).' })
  reliefGranted!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Disputes found in screening during the year whose first party is from the region (排查发现).' })
  disputesFound!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Disputes settled (closed) during the year whose first party is from the region (调处化解).' })
  disputesSettled!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}
