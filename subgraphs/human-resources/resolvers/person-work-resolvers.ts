import { Authorized, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { REQUIRES_RESIDENCE_STATEMENT } from '../../kit/auth/residence-statement';
import type { SubgraphContext } from '../../kit/bureau';
import { DISPUTES, EMPLOYMENT_SERVICES, WORK_RECORDS } from '../access';
import { Employer } from '../entities/employer';
import { Employment } from '../entities/employment';
import { EmploymentService } from '../entities/employment-service';
import { LabourDispute } from '../entities/labour-dispute';
import { PersonReference } from '../entities/references';
import { SocialInsurance } from '../entities/social-insurance';
import { Training } from '../entities/training';
import type { HumanResourcesLoaders } from '../loaders';

type Context = SubgraphContext<HumanResourcesLoaders>;

@Resolver(() => PersonReference)
export class PersonWorkResolver {
  @Authorized(WORK_RECORDS)
  @Directive(REQUIRES_RESIDENCE_STATEMENT)
  @FieldResolver(() => [Employment], { nullable: true, description: "The person's jobs, newest first (human resources)." })
  employments(@Root() person: PersonReference, @Ctx() context: Context): Promise<Employment[]> {
    return context.loaders.employmentsOfPerson.load(person.id);
  }

  @Authorized(WORK_RECORDS)
  @Directive(REQUIRES_RESIDENCE_STATEMENT)
  @FieldResolver(() => [SocialInsurance], { nullable: true, description: "The person's social insurance enrolments by scheme (human resources)." })
  socialInsurance(@Root() person: PersonReference, @Ctx() context: Context): Promise<SocialInsurance[]> {
    return context.loaders.insuranceOfPerson.load(person.id);
  }

  @Authorized(WORK_RECORDS)
  @Directive(REQUIRES_RESIDENCE_STATEMENT)
  @FieldResolver(() => [Training], { nullable: true, description: 'Training courses taken, newest first (human resources).' })
  trainings(@Root() person: PersonReference, @Ctx() context: Context): Promise<Training[]> {
    return context.loaders.trainingsOfPerson.load(person.id);
  }

  @Authorized(EMPLOYMENT_SERVICES)
  @FieldResolver(() => [EmploymentService], { nullable: true, description: 'Job referrals and consultations, newest first (human resources).' })
  employmentServices(@Root() person: PersonReference, @Ctx() context: Context): Promise<EmploymentService[]> {
    return context.loaders.servicesOfPerson.load(person.id);
  }

  @Authorized(DISPUTES)
  @FieldResolver(() => [LabourDispute], { nullable: true, description: 'Labour disputes and wage claims, newest first (human resources).' })
  labourDisputes(@Root() person: PersonReference, @Ctx() context: Context): Promise<LabourDispute[]> {
    return context.loaders.disputesOfPerson.load(person.id);
  }
}

@Resolver(() => Employment)
export class EmploymentResolver {
  @Authorized(WORK_RECORDS)
  @FieldResolver(() => Employer, { nullable: true, description: 'The employer.' })
  employer(@Root() employment: Employment, @Ctx() context: Context): Promise<Employer | null> {
    return context.loaders.employer.load(employment.employerCode);
  }

  @Authorized(WORK_RECORDS)
  @FieldResolver(() => PersonReference, { nullable: true, description: 'The employee.' })
  person(@Root() employment: Employment): PersonReference {
    return { id: employment.personId };
  }
}

@Resolver(() => LabourDispute)
export class LabourDisputeResolver {
  @Authorized(DISPUTES)
  @FieldResolver(() => Employer, { nullable: true, description: 'The employer the claim is against.' })
  employer(@Root() dispute: LabourDispute, @Ctx() context: Context): Promise<Employer | null> {
    return context.loaders.employer.load(dispute.employerCode);
  }
}
