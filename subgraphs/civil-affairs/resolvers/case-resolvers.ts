import { Arg, Authorized, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ArgumentReads, filterRead } from '../../kit/auth/filter-reads';
import { REQUIRES_RESIDENCE_STATEMENT } from '../../kit/auth/residence-statement';
import type { SubgraphContext } from '../../kit/bureau';
import { addDays, parseDate, today } from '../../kit/dates';
import { UserInputError } from '../../kit/errors';
import { connectionTypes, numericKey, readPage } from '../../kit/pagination';
import { DISPUTE_FILES, GEOGRAPHY, RELIEF } from '../access';
import { Community } from '../entities/community';
import { DisputeCase, DisputeEvent } from '../entities/dispute-case';
import { PersonReference } from '../entities/references';
import { ReliefCase, ReliefEvent } from '../entities/relief-case';
import { ServicePoint } from '../entities/service-point';
import { ServicePointMonth } from '../entities/service-point-month';
import { Street } from '../entities/street';
import type { CivilAffairsLoaders } from '../loaders';
import type { DisputePageKey, DisputeSelection } from '../loaders/cases';

type Context = SubgraphContext<CivilAffairsLoaders>;

/** Listing only open disputes selects by their status. */
const OPEN_ONLY_READ = filterRead(DISPUTE_FILES, 'DisputeCase.status');

/**
 * Listing the disputes open longer than N days selects by the day each was found (and by its status, under the same
 * grant): those who mediate may read both, so the list is theirs, with the audit record naming the day found.
 */
const OPEN_LONGER_THAN_READ = filterRead(DISPUTE_FILES, 'DisputeCase.foundOn');

/** How long open a dispute must have been to be listed as overdue: a day at least, ten years at most. */
const OPEN_LONGER_THAN_DAYS = { min: 1, max: 3650 };

const OPEN_LONGER_THAN_DESCRIPTION =
  `Only disputes still open that were found more than this many days before today (${OPEN_LONGER_THAN_DAYS.min}–${OPEN_LONGER_THAN_DAYS.max}), ` +
  'i.e. whose ageInDays is greater: the long-open cases (久调未结) to follow up. Implies openOnly; the list stays newest first.';

/** The files a list selects: `openLongerThanDays` checked, and turned into the day before which they were found. */
function disputeSelection(placeCode: string, openOnly: boolean, openLongerThanDays: number | undefined | null): DisputeSelection {
  if (openLongerThanDays === undefined || openLongerThanDays === null) return { placeCode, openOnly, foundBefore: undefined };
  const { min, max } = OPEN_LONGER_THAN_DAYS;
  if (!Number.isInteger(openLongerThanDays) || openLongerThanDays < min || openLongerThanDays > max) {
    throw new UserInputError('openLongerThanDays', `openLongerThanDays must be a number of days from ${min} to ${max}`);
  }
  // Found before today − N: open more than N days, as ageInDays counts them (today − found).
  return { placeCode, openOnly: true, foundBefore: addDays(today(), -openLongerThanDays) };
}

export const DisputeCaseConnection = connectionTypes(DisputeCase, 'DisputeCase', 'dispute case');

@Resolver(() => ReliefCase)
export class ReliefCaseResolver {
  @Authorized(RELIEF)
  @FieldResolver(() => PersonReference, { nullable: true, description: 'The person helped.' })
  person(@Root() relief: ReliefCase): PersonReference {
    return { id: relief.personId };
  }

  @Authorized(RELIEF)
  @FieldResolver(() => Community, { nullable: true, description: 'The community that handled the case.' })
  community(@Root() relief: ReliefCase, @Ctx() context: Context): Promise<Community | null> {
    return context.loaders.community.load(relief.communityCode);
  }

  @Authorized(RELIEF)
  @FieldResolver(() => [ReliefEvent], { nullable: true, description: 'Every step of the case, oldest first.' })
  history(@Root() relief: ReliefCase, @Ctx() context: Context): Promise<ReliefEvent[]> {
    return context.loaders.reliefHistory.load(relief.id);
  }
}

@Resolver(() => DisputeCase)
export class DisputeCaseResolver {
  @Authorized(DISPUTE_FILES)
  @FieldResolver(() => Community, { nullable: true, description: 'The community where the dispute was found.' })
  community(@Root() dispute: DisputeCase, @Ctx() context: Context): Promise<Community | null> {
    return context.loaders.community.load(dispute.communityCode);
  }

  @Authorized(DISPUTE_FILES)
  @FieldResolver(() => Street, { nullable: true, description: 'The street office of that community.' })
  street(@Root() dispute: DisputeCase, @Ctx() context: Context): Promise<Street | null> {
    return context.loaders.street.load(dispute.streetCode);
  }

  @Authorized(DISPUTE_FILES)
  @FieldResolver(() => [PersonReference], { nullable: true, description: 'The parties who are registered migrants.' })
  parties(@Root() dispute: DisputeCase): PersonReference[] {
    return dispute.partyIds.map((id) => ({ id }));
  }

  @Authorized(DISPUTE_FILES)
  @FieldResolver(() => Int, { nullable: true, description: 'Days from finding to closing, or to today while open.' })
  ageInDays(@Root() dispute: DisputeCase): number {
    return parseDate(dispute.closedOn ?? today()) - parseDate(dispute.foundOn);
  }

  @Authorized(DISPUTE_FILES)
  @FieldResolver(() => [DisputeEvent], { nullable: true, description: 'Every step of the handling, oldest first (the case file).' })
  history(@Root() dispute: DisputeCase, @Ctx() context: Context): Promise<DisputeEvent[]> {
    return context.loaders.disputeHistory.load(dispute.id);
  }
}

@Resolver(() => PersonReference)
export class PersonCasesResolver {
  @Authorized(RELIEF)
  @Directive(REQUIRES_RESIDENCE_STATEMENT)
  @FieldResolver(() => [ReliefCase], { nullable: true, description: 'Relief cases of the person, newest first (civil affairs).' })
  reliefCases(@Root() person: PersonReference, @Ctx() context: Context): Promise<ReliefCase[]> {
    return context.loaders.reliefOfPerson.load(person.id);
  }

  @Authorized(DISPUTE_FILES)
  @Directive(REQUIRES_RESIDENCE_STATEMENT)
  @FieldResolver(() => [DisputeCase], { nullable: true, description: 'Disputes the person is a party to, newest first (civil affairs).' })
  disputes(@Root() person: PersonReference, @Ctx() context: Context): Promise<DisputeCase[]> {
    return context.loaders.disputesOfPerson.load(person.id);
  }
}

/** A page of a place's dispute files, with the count of the whole list. */
function disputePage(
  context: Context,
  page: (key: DisputePageKey) => Promise<DisputeCase[]>,
  count: (selection: DisputeSelection) => Promise<number>,
  selection: DisputeSelection,
  first: number,
  after: string | undefined,
) {
  return readPage(first, after, {
    kind: 'dispute',
    key: 'record',
    read: (afterId, limit) => page({ ...selection, afterId: numericKey(afterId), limit }),
    keyOf: (dispute) => dispute.id,
    count: () => count(selection),
    prime: (dispute) => context.loaders.dispute.prime(dispute.id, dispute),
  });
}

@Resolver(() => Community)
export class CommunityCasesResolver {
  @Authorized(DISPUTE_FILES)
  @ArgumentReads({ openOnly: OPEN_ONLY_READ, openLongerThanDays: OPEN_LONGER_THAN_READ })
  @FieldResolver(() => DisputeCaseConnection, { nullable: true, description: 'Dispute files of the community, newest first.' })
  disputes(
    @Root() community: Community,
    @Ctx() context: Context,
    @Arg('openOnly', { defaultValue: false, description: 'Only disputes still being handled.' }) openOnly: boolean,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
    @Arg('openLongerThanDays', () => Int, { nullable: true, description: OPEN_LONGER_THAN_DESCRIPTION }) openLongerThanDays?: number,
  ) {
    return disputePage(
      context,
      (key) => context.loaders.disputePageOfCommunity.load(key),
      (selection) => context.loaders.disputeCountOfCommunity.load(selection),
      disputeSelection(community.code, openOnly, openLongerThanDays),
      first,
      after,
    );
  }
}

@Resolver(() => Street)
export class StreetCasesResolver {
  @Authorized(DISPUTE_FILES)
  @ArgumentReads({ openOnly: OPEN_ONLY_READ, openLongerThanDays: OPEN_LONGER_THAN_READ })
  @FieldResolver(() => DisputeCaseConnection, { nullable: true, description: "Dispute files of the street's communities, newest first." })
  disputes(
    @Root() street: Street,
    @Ctx() context: Context,
    @Arg('openOnly', { defaultValue: false, description: 'Only disputes still being handled.' }) openOnly: boolean,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, at most 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string,
    @Arg('openLongerThanDays', () => Int, { nullable: true, description: OPEN_LONGER_THAN_DESCRIPTION }) openLongerThanDays?: number,
  ) {
    return disputePage(
      context,
      (key) => context.loaders.disputePageOfStreet.load(key),
      (selection) => context.loaders.disputeCountOfStreet.load(selection),
      disputeSelection(street.code, openOnly, openLongerThanDays),
      first,
      after,
    );
  }
}

@Resolver(() => ServicePoint)
export class ServicePointActivityResolver {
  @Authorized(GEOGRAPHY)
  @FieldResolver(() => [ServicePointMonth], { description: "The service point's activity month by month, oldest first." })
  async activity(
    @Root() point: ServicePoint,
    @Ctx() context: Context,
    @Arg('from', { nullable: true, description: "First month, 'YYYY-MM'." }) from?: string,
    @Arg('to', { nullable: true, description: "Last month, 'YYYY-MM'." }) to?: string,
  ): Promise<ServicePointMonth[]> {
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== undefined && value !== null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new UserInputError(name, `${name} must be a month, 'YYYY-MM'`);
    }
    const months = await context.loaders.activityOfServicePoint.load(point.communityCode);
    return months.filter((m) => (!from || m.month >= from) && (!to || m.month <= to));
  }
}
