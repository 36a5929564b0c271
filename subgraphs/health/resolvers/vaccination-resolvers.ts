import { ArgumentReads, filterRead } from '../../kit/auth/filter-reads';
import { REQUIRES_RESIDENCE_STATEMENT } from '../../kit/auth/residence-statement';
import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { today } from '../../kit/dates';
import { connectionTypes, readPage } from '../../kit/pagination';
import { requireId } from '../../kit/validation';
import { DOSES_DUE, FOLLOW_UP, VACCINATIONS } from '../access';
import { Clinic } from '../entities/clinic';
import { VaccinationDue } from '../entities/doses-due';
import { RegisteredChild } from '../entities/registered-child';
import { CommunityReference, DistrictReference, PersonReference } from '../entities/references';
import { VaccinationRecord } from '../entities/vaccination-record';
import { dosesDue, SCHEDULE } from '../entities/vaccines';
import type { HealthLoaders } from '../loaders';

type Context = SubgraphContext<HealthLoaders>;

export const RegisteredChildConnection = connectionTypes(RegisteredChild, 'RegisteredChild', 'registered child');

/** The doses a child has not had though due today, from the child's records. */
async function dueToday(childId: string, birthDate: string, context: Context): Promise<VaccinationDue[]> {
  const given = new Set((await context.loaders.vaccinationsOfChild.load(childId)).map((record) => `${record.vaccine}:${record.dose}`));
  return dosesDue(birthDate, given, today()).map((due) => Object.assign(new VaccinationDue(), { childId, ...due }));
}

@Resolver(() => VaccinationRecord)
export class VaccinationRecordResolver {
  @Authorized(VACCINATIONS)
  @FieldResolver(() => String, { nullable: true, description: 'Name of the vaccine in Chinese (疫苗名称).' })
  vaccineName(@Root() record: VaccinationRecord): string {
    return SCHEDULE[record.vaccine].name;
  }

  @Authorized(VACCINATIONS)
  @FieldResolver(() => Clinic, {
    nullable: true,
    description: 'The clinic that gave the dose; null when given before the child came (copied from the vaccination certificate).',
  })
  clinic(@Root() record: VaccinationRecord, @Ctx() context: Context): Promise<Clinic | null> | null {
    return record.clinicCode === null ? null : context.loaders.clinic.load(record.clinicCode);
  }

  @Authorized(VACCINATIONS)
  @FieldResolver(() => PersonReference, { nullable: true, description: 'The child (a person registered by public security).' })
  child(@Root() record: VaccinationRecord): PersonReference {
    return { id: record.childId };
  }
}

@Resolver(() => VaccinationDue)
export class VaccinationDueResolver {
  @Authorized(DOSES_DUE)
  @FieldResolver(() => String, { nullable: true, description: 'Name of the vaccine in Chinese (疫苗名称).' })
  vaccineName(@Root() due: VaccinationDue): string {
    return SCHEDULE[due.vaccine].name;
  }
}

@Resolver(() => RegisteredChild)
export class RegisteredChildResolver {
  @Authorized(VACCINATIONS)
  @ArgumentReads({ id: filterRead(VACCINATIONS, 'RegisteredChild.child', { namesPersons: true }) })
  @Query(() => RegisteredChild, {
    nullable: true,
    description:
      "A child of the immunisation register by registry id, null when not in it (health): the immunisation service's way to a child, public security's `person` serving other roles.",
  })
  registeredChild(
    @Arg('id', () => ID, { description: 'Registry id issued by public security.' }) id: string,
    @Ctx() context: Context,
  ): Promise<RegisteredChild | null> {
    return context.loaders.registeredChild.load(requireId(id, 'person', 'id'));
  }

  @Authorized(VACCINATIONS)
  @FieldResolver(() => PersonReference, { nullable: true, description: 'The child (a person registered by public security).' })
  child(@Root() child: RegisteredChild): PersonReference {
    return { id: child.childId };
  }

  @Authorized(VACCINATIONS)
  @FieldResolver(() => CommunityReference, { nullable: true, description: 'The community the family lives in, as registered with the clinic.' })
  community(@Root() child: RegisteredChild): CommunityReference {
    return { code: child.communityCode };
  }

  @Authorized(VACCINATIONS)
  @FieldResolver(() => [VaccinationRecord], { nullable: true, description: 'The doses given, by vaccine and dose.' })
  vaccinations(@Root() child: RegisteredChild, @Ctx() context: Context): Promise<VaccinationRecord[]> {
    return context.loaders.vaccinationsOfChild.load(child.childId);
  }

  @Authorized(VACCINATIONS)
  @FieldResolver(() => [VaccinationDue], { nullable: true, description: 'The doses due or overdue today, in the order of the schedule.' })
  dosesDue(@Root() child: RegisteredChild, @Ctx() context: Context): Promise<VaccinationDue[]> {
    return dueToday(child.childId, child.birthDate, context);
  }
}

@Resolver(() => PersonReference)
export class PersonDosesDueResolver {
  @Authorized(FOLLOW_UP)
  @Directive(REQUIRES_RESIDENCE_STATEMENT)
  @FieldResolver(() => [VaccinationDue], {
    nullable: true,
    description:
      'Doses the schedule has due or overdue today and not given, for the follow-up of a community service point (health); empty for a person not in the register or seven or older.',
  })
  async vaccinationsDue(@Root() person: PersonReference, @Ctx() context: Context): Promise<VaccinationDue[]> {
    const child = await context.loaders.registeredChild.load(person.id);
    return child ? dueToday(child.childId, child.birthDate, context) : [];
  }
}

/** A page of a place's follow-up list: children under seven with a dose due today, by registry id. */
function dueListPage(placeCode: string, context: Context, first: number, after: string | undefined) {
  const day = today();
  return readPage(first, after, {
    kind: 'due',
    key: 'person',
    read: (afterId, limit) => context.loaders.dueList.load({ placeCode, day, afterId, limit }),
    keyOf: (child) => child.childId,
    count: () => context.loaders.dueListCount.load(placeCode),
  });
}

const DUE_LIST = 'Migrant children under seven living here with doses due or overdue today (催种名单), by registry id.';

@Resolver(() => DistrictReference)
export class DistrictHealthResolver {
  @Authorized(VACCINATIONS)
  @FieldResolver(() => RegisteredChildConnection, { nullable: true, description: DUE_LIST })
  childrenDueForVaccination(
    @Root() district: DistrictReference,
    @Ctx() context: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
  ) {
    return dueListPage(district.code, context, first, after);
  }
}

@Resolver(() => CommunityReference)
export class CommunityHealthResolver {
  @Authorized(VACCINATIONS)
  @FieldResolver(() => RegisteredChildConnection, { nullable: true, description: DUE_LIST })
  childrenDueForVaccination(
    @Root() community: CommunityReference,
    @Ctx() context: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
  ) {
    return dueListPage(community.code, context, first, after);
  }
}
