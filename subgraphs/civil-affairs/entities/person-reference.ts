import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { ExternalResidenceStatement } from '../../kit/auth/residence-statement';
import { PERSON_KEY } from '../access';

@Directive('@key(fields: "id")')
@ObjectType('Person', { description: 'A migrant person (public security); civil affairs adds their relief cases and disputes.' })
export class PersonReference {
  @Authorized(PERSON_KEY)
  @Field(() => ID, { description: 'Registry id issued by public security.' })
  id!: string;

  @ExternalResidenceStatement()
  residenceStatement?: string | null;
}
