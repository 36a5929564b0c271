import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../../kit/scalars';
import { Sex } from '../entities/person';

@InputType({ description: 'An address to register a residence at.' })
export class ResidenceInput {
  @Field(() => ID, { description: 'Community of the address (12 digits).' })
  communityCode!: string;

  @Field({ description: 'Street address within the community, e.g. "丽景路 17号 3单元 402".' })
  address!: string;
}

@InputType({ description: 'A migrant registering on arrival (流动人口登记).' })
export class RegisterPersonInput {
  @Field({ description: 'Family name (姓).' })
  familyName!: string;

  @Field({ description: 'Given name (名).' })
  givenName!: string;

  @Field(() => Sex, { description: 'Sex (性别); must match the ID-card number.' })
  sex!: Sex;

  @Field(() => DateScalar, { description: 'Date of birth (出生日期); must match the ID-card number.' })
  birthDate!: Date;

  @Field(() => ID, { description: 'GB/T 3304 ethnic group code.' })
  ethnicityCode!: string;

  @Field(() => ID, { description: 'GB/T 2260 code of the place of household registration (户籍地).' })
  originRegionCode!: string;

  @Field({ description: 'Citizen ID-card number, 18 characters; must match the birth date and sex.' })
  idCardNumber!: string;

  @Field(() => DateScalar, { description: 'Day of arrival in Yinchuan; the residence is registered from this day.' })
  arrivalDate!: Date;

  @Field(() => ResidenceInput, { description: 'Where the person lives on arrival.' })
  residence!: ResidenceInput;
}

@InputType({ description: 'A registered person moving to another address in the city.' })
export class RecordMoveInput {
  @Field(() => ID, { description: 'Registry id of the person moving.' })
  personId!: string;

  @Field(() => ID, { description: 'Community of the new address (12 digits).' })
  communityCode!: string;

  @Field({ description: 'Street address within the new community.' })
  address!: string;

  @Field(() => DateScalar, { description: 'First day at the new address; the old registration ends the day before.' })
  movedOn!: Date;
}

@InputType({ description: 'A first residence permit, or a new one after a lapse.' })
export class IssueResidencePermitInput {
  @Field(() => ID, { description: 'Registry id of the person receiving the permit.' })
  personId!: string;

  @Field(() => DateScalar, { description: 'Day of issue; at least six months after arrival (居住证暂行条例).' })
  issuedOn!: Date;

  @Field(() => DateScalar, { description: 'Last day of validity.' })
  validUntil!: Date;
}

@InputType({ description: 'Renewal (续签) of the latest permit: a new period following the old one.' })
export class RenewResidencePermitInput {
  @Field({ description: 'Number of the permit being renewed.' })
  permitNumber!: string;

  @Field(() => DateScalar, { description: 'Day of the renewal; the new period starts then, or when the old one ends if later.' })
  renewedOn!: Date;

  @Field(() => DateScalar, { description: 'Last day of the new period.' })
  validUntil!: Date;
}
