import { Authorized, Field, Int, ObjectType } from 'type-graphql';
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
 * One month of a monthly series. A release cut on a day other than a month's last (`STATISTICS_RELEASE=day`) ends
 * its series with the month to date: counted up to the cut-off, and said so, rather than read as a whole month, whose
 * stocks would drop and flows fall short for want of the days not yet lived.
 */
@ObjectType()
export abstract class MonthlyFigures extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field({ description: 'The month, YYYY-MM.' })
  month!: string;

  @Authorized(STATISTICS)
  @Field({ description: 'True for the month to date (本月截至): the release cut-off falls before its last day, so it is counted up to the cut-off only.' })
  partial!: boolean;

  @Authorized(STATISTICS)
  @Field(() => DateScalar, {
    description: "The last day counted: stocks are held on it, flows counted up to it — the month's last day, or the cut-off for the month to date.",
  })
  lastDayCounted!: string;
}

/** One calendar year of a yearly series (kit/yearly-series.ts): its cut-off's year is the year to date. */
@ObjectType()
export abstract class YearlyFigures extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { description: 'The calendar year.' })
  year!: number;

  @Authorized(STATISTICS)
  @Field({ description: 'True for the year to date (本年截至): the release cut-off falls before 31 December, so it is counted up to the cut-off only.' })
  partial!: boolean;

  @Authorized(STATISTICS)
  @Field(() => DateScalar, { description: 'The last day counted: 31 December, or the cut-off for the year to date.' })
  lastDayCounted!: string;
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
