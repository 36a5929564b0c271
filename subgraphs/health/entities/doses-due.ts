import { Authorized, Field, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../../kit/scalars';
import { DOSES_DUE } from '../access';
import { DoseStatus, Vaccine } from './vaccines';

@ObjectType('VaccinationDue', { description: 'A dose a child has reached the age for and not had (应种/逾期未种).' })
export class VaccinationDue {
  childId!: string;

  @Authorized(DOSES_DUE)
  @Field(() => Vaccine, { nullable: true, description: 'The vaccine.' })
  vaccine!: Vaccine;

  @Authorized(DOSES_DUE)
  @Field(() => Int, { nullable: true, description: 'Which dose, from 1.' })
  dose!: number;

  @Authorized(DOSES_DUE)
  @Field(() => DateScalar, { nullable: true, description: 'The day the schedule has it due: the birth date plus the age for the dose.' })
  dueOn!: string;

  @Authorized(DOSES_DUE)
  @Field(() => DoseStatus, { nullable: true, description: 'Due, or overdue (more than 30 days past due).' })
  status!: DoseStatus;
}
