import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../kit/scalars';
import { ContractType, DisputeKind, InsuranceType, TrainingKind } from '../entities/enums';

@InputType({ description: 'A job a migrant started (就业登记).' })
export class RecordEmploymentInput {
  @Field(() => ID, { description: 'Registry id of the person (public security).' })
  personId!: string;

  @Field(() => ID, { description: "The employer's unified social credit code." })
  employerCode!: string;

  @Field({ description: 'Job title.' })
  jobTitle!: string;

  @Field(() => DateScalar, { description: 'First day of work.' })
  startDate!: Date;

  @Field(() => MoneyScalar, { description: 'Monthly wage in yuan.' })
  monthlyWage!: string;

  @Field(() => Int, { description: 'Hours worked in a usual week.' })
  weeklyHours!: number;

  @Field({ description: 'Whether a written labour contract was signed.' })
  contractSigned!: boolean;

  @Field(() => ContractType, { nullable: true, description: 'Kind of contract, when one was signed.' })
  contractType?: ContractType;

  @Field(() => ID, { nullable: true, description: "The worker's community (12 digits); needed the first time a person is registered." })
  communityCode?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "GB/T 2260 code of the worker's household registration place (户籍所在地), a region of origin, counted in that region's report; needed the first time a person is registered.",
  })
  originRegionCode?: string;
}

@InputType({ description: 'The end of a job.' })
export class EndEmploymentInput {
  @Field(() => ID, { description: 'Id of the employment record.' })
  employmentId!: string;

  @Field(() => DateScalar, { description: 'Last day of work.' })
  endDate!: Date;
}

@InputType({ description: 'Enrolment in a social insurance scheme (参保登记).' })
export class EnrolInSocialInsuranceInput {
  @Field(() => ID, { description: 'Registry id of a person registered with human resources.' })
  personId!: string;

  @Field(() => InsuranceType, { description: 'The scheme.' })
  type!: InsuranceType;

  @Field(() => DateScalar, { description: 'First day insured.' })
  startDate!: Date;
}

@InputType({ description: 'Registration for a training course.' })
export class RegisterTrainingInput {
  @Field(() => ID, { description: 'Registry id of a person registered with human resources.' })
  personId!: string;

  @Field({ description: 'Course.' })
  course!: string;

  @Field(() => TrainingKind, { description: 'Kind of course.' })
  kind!: TrainingKind;

  @Field({ description: 'Training provider.' })
  provider!: string;

  @Field(() => DateScalar, { description: 'First day of the course.' })
  startDate!: Date;

  @Field(() => DateScalar, { description: 'Last day of the course.' })
  endDate!: Date;
}

@InputType({ description: 'Completion of a training course.' })
export class CompleteTrainingInput {
  @Field(() => ID, { description: 'Id of the training record.' })
  trainingId!: string;

  @Field(() => String, { nullable: true, description: 'Certificate obtained, if any.' })
  certificate?: string;
}

@InputType({ description: 'A labour dispute or wage claim filed by a migrant (劳动争议受理).' })
export class FileLabourDisputeInput {
  @Field(() => ID, { description: 'Registry id of a person registered with human resources.' })
  personId!: string;

  @Field(() => ID, { description: 'The employer the claim is against.' })
  employerCode!: string;

  @Field(() => DisputeKind, { description: 'What it is about.' })
  kind!: DisputeKind;

  @Field(() => DateScalar, { description: 'Day filed.' })
  filedOn!: Date;

  @Field(() => MoneyScalar, { description: 'Amount claimed in yuan.' })
  amountClaimed!: string;
}

@InputType({ description: 'The closing of a labour dispute (结案).' })
export class CloseLabourDisputeInput {
  @Field(() => ID, { description: 'Id of the dispute.' })
  disputeId!: string;

  @Field(() => DateScalar, { description: 'Day closed.' })
  closedOn!: Date;

  @Field(() => MoneyScalar, { description: 'Amount recovered in yuan (0 if none).' })
  amountRecovered!: string;
}
