import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import {
  CURRENT_RESIDENCE,
  ETHNICITY,
  ID_CARD_NUMBER_MASKING,
  IDENTITY_CORE,
  PERSON_LOOKUP,
  PERSON_SEARCH,
  RESIDENCE_HISTORY,
  RESIDENCE_PERMITS,
  RESIDENCE_STATEMENT,
} from '../access';
import { Masked, shownInFull } from '../../kit/auth/access';
import { ArgumentReads, filterRead } from '../../kit/auth/filter-reads';
import { accessLogTypes, AUDIT_TRAIL } from '../../kit/auth/access-log';
import { issueResidenceStatement } from '../../kit/auth/residence-statement';
import type { SubgraphContext } from '../../kit/bureau';
import { connectionTypes, readPage } from '../../kit/pagination';
import { Ethnicity, ethnicityByCode, Region, regionByCode } from '../../kit/reference-types';
import { requireId } from '../../kit/validation';
import { Person } from '../entities/person';
import { ResidencePermit } from '../entities/residence-permit';
import { ResidenceRegistration } from '../entities/residence-registration';
import type { PublicSecurityLoaders } from '../loaders';
import { countPersons, searchPersons } from '../loaders/person-search';
import { PersonFilter, personCriteria } from './person-filter';

export const PersonConnection = connectionTypes(Person, 'Person', 'person');

const { AccessLog } = accessLogTypes('public-security');

type Context = SubgraphContext<PublicSecurityLoaders>;

/** Only the last four characters of the ID-card number are ever shown (minimum necessary). */
export function maskIdCardNumber(number: string): string {
  return `${'*'.repeat(number.length - 4)}${number.slice(-4)}`;
}

@Resolver(() => Person)
export class PersonResolver {
  @Authorized(PERSON_LOOKUP)
  @ArgumentReads({ id: filterRead(PERSON_LOOKUP, 'Person.id', { namesPersons: true }) })
  @Query(() => Person, { nullable: true, description: 'One person by registry id; null when there is none.' })
  person(@Arg('id', () => ID, { description: 'Registry id of the person.' }) id: string, @Ctx() context: Context): Promise<Person | null> {
    return context.loaders.person.load(requireId(id, 'person', 'id'));
  }

  @Authorized(PERSON_SEARCH)
  @Query(() => PersonConnection, { nullable: true, description: 'Persons matching a filter, in a stable order, one page at a time.' })
  async persons(
    @Ctx() context: Context,
    @Arg('filter', () => PersonFilter, { nullable: true, description: 'Which persons; all of them when absent.' }) filter?: PersonFilter,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first = 20,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
  ) {
    const criteria = personCriteria(filter);
    const { identity } = context.access;
    // A community worker lists only the people registered in their own community (a geography filter outside it
    // was refused by the auth checker).
    if (identity.role === 'COMMUNITY_WORKER') criteria.communityCode = identity.community ?? undefined;
    return readPage(first, after, {
      kind: 'person',
      key: 'person',
      read: (afterId, limit) => searchPersons(context.db, criteria, afterId, limit),
      keyOf: (person) => person.id,
      count: () => countPersons(context.db, criteria),
      prime: (person) => context.loaders.person.prime(person.id, person),
    });
  }

  @Authorized(IDENTITY_CORE)
  @FieldResolver(() => String, { nullable: true, description: 'Full name (姓名), family name first.' })
  name(@Root() person: Person): string {
    return person.familyName + person.givenName;
  }

  @Authorized(IDENTITY_CORE)
  @Masked(ID_CARD_NUMBER_MASKING)
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Citizen ID-card number (公民身份号码): in full for the registry, otherwise masked to its last four characters.',
  })
  idCardNumber(@Root() person: Person, @Ctx() context: Context): string {
    return shownInFull(ID_CARD_NUMBER_MASKING, context.access.identity) ? person.idCardNumber : maskIdCardNumber(person.idCardNumber);
  }

  @Authorized(ETHNICITY)
  @FieldResolver(() => Ethnicity, { nullable: true, description: 'Ethnic group (民族), GB/T 3304.' })
  ethnicity(@Root() person: Person): Ethnicity | null {
    return ethnicityByCode(person.ethnicityCode);
  }

  @Authorized(IDENTITY_CORE)
  @FieldResolver(() => Region, { nullable: true, description: 'Place of household registration (户籍地), the region the person came from.' })
  originRegion(@Root() person: Person): Region | null {
    return regionByCode(person.originRegionCode);
  }

  @Authorized(CURRENT_RESIDENCE)
  @FieldResolver(() => ResidenceRegistration, { nullable: true, description: 'Where the person lives now (现居住地).' })
  currentResidence(@Root() person: Person, @Ctx() context: Context): Promise<ResidenceRegistration | null> {
    return context.loaders.currentResidence.load(person.id);
  }

  @Authorized(RESIDENCE_STATEMENT)
  // Plumbing between the bureaus (kit/auth/residence-statement.ts): the gateway fetches it for @requires, clients never see it.
  @Directive('@inaccessible')
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Signed statement of the community where the person is registered now (现居住地社区证明), for the other bureaus to scope community workers by; null when the person has no current registration.',
  })
  async residenceStatement(@Root() person: Person, @Ctx() context: Context): Promise<string | null> {
    const residence = await context.loaders.currentResidence.load(person.id);
    return residence ? issueResidenceStatement({ personId: person.id, communityCode: residence.communityCode, issuedAt: Date.now() }) : null;
  }

  @Authorized(RESIDENCE_HISTORY)
  @FieldResolver(() => [ResidenceRegistration], { nullable: true, description: 'Every residence registration, newest first.' })
  residences(@Root() person: Person, @Ctx() context: Context): Promise<ResidenceRegistration[]> {
    return context.loaders.residenceHistory.load(person.id);
  }

  @Authorized(RESIDENCE_PERMITS)
  @FieldResolver(() => [ResidencePermit], { nullable: true, description: 'Residence permits (居住证), newest period first.' })
  residencePermits(@Root() person: Person, @Ctx() context: Context): Promise<ResidencePermit[]> {
    return context.loaders.residencePermits.load(person.id);
  }

  @Authorized(AUDIT_TRAIL)
  @FieldResolver(() => AccessLog, { nullable: true, description: "Who read this person's data (访问日志), each bureau listing its own records; for auditors." })
  accessLog(@Root() person: Person): InstanceType<typeof AccessLog> {
    return Object.assign(new AccessLog(), { personId: person.id });
  }
}
