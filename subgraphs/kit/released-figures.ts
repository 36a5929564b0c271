import { Authorized, Field, ObjectType } from 'type-graphql';
import { STATISTICS } from './auth/access';
import { suppressedFieldsDescription } from './disclosure';
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

/**
 * The `suppressed` list of a figure record, declared where the record lists it (last, after its figures): the names of
 * its withheld fields; `naming` says how nested figures are named in it (nestedBreakdownNaming).
 */
export function SuppressedFields(naming?: string): PropertyDecorator {
  const field = Field(() => [String], { description: suppressedFieldsDescription(naming) });
  const authorized = Authorized(STATISTICS);
  return (prototype, name) => {
    field(prototype, name);
    authorized(prototype, name);
  };
}
