import { Authorized, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { REQUIRES_RESIDENCE_STATEMENT } from '../../kit/auth/residence-statement';
import type { SubgraphContext } from '../../kit/bureau';
import { SCHOOLING } from '../access';
import { Enrolment, EnrolmentStatus } from '../entities/enrolment';
import { PersonReference } from '../entities/references';
import { School } from '../entities/school';
import type { EducationLoaders } from '../loaders';

type Context = SubgraphContext<EducationLoaders>;

export function enrolmentStatus(enrolment: Pick<Enrolment, 'endedOn' | 'endReason'>): EnrolmentStatus {
  return enrolment.endedOn === null || enrolment.endReason === null ? EnrolmentStatus.ENROLLED : (enrolment.endReason as EnrolmentStatus);
}

@Resolver(() => Enrolment)
export class EnrolmentResolver {
  @Authorized(SCHOOLING)
  @FieldResolver(() => PersonReference, { nullable: true, description: 'The child (a person registered by public security).' })
  child(@Root() enrolment: Enrolment): PersonReference {
    return { id: enrolment.childId };
  }

  @Authorized(SCHOOLING)
  @FieldResolver(() => PersonReference, { nullable: true, description: 'The guardian who enrolled the child (监护人).' })
  guardian(@Root() enrolment: Enrolment): PersonReference {
    return { id: enrolment.guardianId };
  }

  @Authorized(SCHOOLING)
  @FieldResolver(() => School, { nullable: true, description: 'The school.' })
  school(@Root() enrolment: Enrolment, @Ctx() context: Context): Promise<School | null> {
    return context.loaders.school.load(enrolment.schoolCode);
  }

  @Authorized(SCHOOLING)
  @FieldResolver(() => EnrolmentStatus, { nullable: true, description: 'Enrolled now, or how the enrolment ended.' })
  status(@Root() enrolment: Enrolment): EnrolmentStatus {
    return enrolmentStatus(enrolment);
  }
}

@Resolver(() => PersonReference)
export class PersonSchoolingResolver {
  @Authorized(SCHOOLING)
  @Directive(REQUIRES_RESIDENCE_STATEMENT)
  @FieldResolver(() => [Enrolment], { nullable: true, description: "The person's own enrolments as a pupil, newest first (education)." })
  schoolEnrolments(@Root() person: PersonReference, @Ctx() context: Context): Promise<Enrolment[]> {
    return context.loaders.enrolmentsOfChild.load(person.id);
  }

  @Authorized(SCHOOLING)
  @Directive(REQUIRES_RESIDENCE_STATEMENT)
  @FieldResolver(() => [Enrolment], {
    nullable: true,
    description: 'Current enrolments of the children this person is guardian of (education).',
  })
  childrenInSchool(@Root() person: PersonReference, @Ctx() context: Context): Promise<Enrolment[]> {
    return context.loaders.activeEnrolmentsOfGuardian.load(person.id);
  }
}
