import { Authorized, Field, ObjectType } from 'type-graphql';
import { STATISTICS } from './auth/access';
import { DateScalar } from './scalars';

/** What every figure record carries: the release it comes from (see releases.ts). */
@ObjectType()
export abstract class ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => DateScalar, {
    description: 'Cut-off of the release these figures come from (统计截止日期): they count what was registered up to the end of that day.',
  })
  asOf!: string;
}
