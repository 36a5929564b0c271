import { Field, ID, InputType, Int } from 'type-graphql';
import { isoDay, DateScalar } from '../../kit/scalars';
import { MAX_PAGE_SIZE } from '../../kit/pagination';
import { UserInputError } from '../../kit/errors';
import { requireId } from '../../kit/validation';
import { FilterReads } from '../../kit/auth/filter-reads';
import { CURRENT_RESIDENCE, ETHNICITY, IDENTITY_CORE, PERMIT_RENEWAL, PERSON_LOOKUP, RESIDENCE_PERMITS } from '../access';
import { PermitStatus } from '../entities/residence-permit';
import type { PersonCriteria } from '../loaders/person-search';

/** How far ahead the renewal list looks: at least a day, at most a year (a permit runs for one year). */
export const PERMIT_EXPIRY_DAYS = { min: 1, max: 366 };

/**
 * Each condition reads the field it selects by, and needs that field's grant (a filter is a read): a caller who may
 * not read a person's ethnicity may not list persons by it either.
 */
@InputType({
  description:
    'Which persons to list; all conditions are combined with AND. Geography refers to the current residence. Each condition needs the grant of the field it selects by (a filter is a read).',
})
export class PersonFilter {
  @FilterReads(PERSON_LOOKUP, 'Person.id', { namesPersons: true })
  @Field(() => [ID], {
    nullable: true,
    description: `These persons only (at most ${MAX_PAGE_SIZE}): how a dashboard fetches many known persons in one request.`,
  })
  ids?: string[];

  @FilterReads(CURRENT_RESIDENCE, 'Person.currentResidence', { place: true })
  @Field(() => ID, { nullable: true, description: 'Living in this district or county (GB/T 2260, 6 digits).' })
  districtCode?: string;

  @FilterReads(CURRENT_RESIDENCE, 'Person.currentResidence', { place: true })
  @Field(() => ID, { nullable: true, description: 'Living in this street or town (9 digits).' })
  streetCode?: string;

  @FilterReads(CURRENT_RESIDENCE, 'Person.currentResidence', { place: true })
  @Field(() => ID, { nullable: true, description: 'Living in this community (12 digits).' })
  communityCode?: string;

  @FilterReads(ETHNICITY, 'Person.ethnicity')
  @Field(() => ID, { nullable: true, description: 'Of this ethnic group (GB/T 3304, 2 digits).' })
  ethnicityCode?: string;

  @FilterReads(IDENTITY_CORE, 'Person.originRegion')
  @Field(() => ID, { nullable: true, description: 'Registered in this origin region (GB/T 2260, 6 digits).' })
  originRegionCode?: string;

  @FilterReads(IDENTITY_CORE, 'Person.arrivalDate')
  @Field(() => DateScalar, { nullable: true, description: 'Arrived on or after this day.' })
  arrivedFrom?: Date;

  @FilterReads(IDENTITY_CORE, 'Person.arrivalDate')
  @Field(() => DateScalar, { nullable: true, description: 'Arrived on or before this day.' })
  arrivedTo?: Date;

  @FilterReads(RESIDENCE_PERMITS, 'ResidencePermit.status')
  @Field(() => PermitStatus, { nullable: true, description: 'Whose latest residence permit has this status today.' })
  permitStatus?: PermitStatus;

  @FilterReads(PERMIT_RENEWAL, 'ResidencePermit.validUntil')
  @Field(() => Int, {
    nullable: true,
    description: `Whose latest residence permit (居住证) is valid today and runs out within this many days (${PERMIT_EXPIRY_DAYS.min}–${PERMIT_EXPIRY_DAYS.max}; today counts as day 0): the permits due for renewal (续签).`,
  })
  permitExpiresWithin?: number;
}

/** Validates a filter (fields named `filter.…` in errors) into search criteria. */
export function personCriteria(filter: PersonFilter | undefined): PersonCriteria {
  if (!filter) return {};
  if (filter.ids && filter.ids.length > MAX_PAGE_SIZE) {
    throw new UserInputError('filter.ids', `filter.ids takes at most ${MAX_PAGE_SIZE} ids`);
  }
  const criteria: PersonCriteria = {
    ids: filter.ids?.map((id, index) => requireId(id, 'person', `filter.ids[${index}]`)),
    districtCode: filter.districtCode && requireId(filter.districtCode, 'district', 'filter.districtCode'),
    streetCode: filter.streetCode && requireId(filter.streetCode, 'street', 'filter.streetCode'),
    communityCode: filter.communityCode && requireId(filter.communityCode, 'community', 'filter.communityCode'),
    ethnicityCode: filter.ethnicityCode && requireId(filter.ethnicityCode, 'ethnicity', 'filter.ethnicityCode'),
    originRegionCode: filter.originRegionCode && requireId(filter.originRegionCode, 'region', 'filter.originRegionCode'),
    arrivedFrom: filter.arrivedFrom && isoDay(filter.arrivedFrom),
    arrivedTo: filter.arrivedTo && isoDay(filter.arrivedTo),
    permitStatus: filter.permitStatus,
    permitExpiresWithin: filter.permitExpiresWithin ?? undefined,
  };
  const within = criteria.permitExpiresWithin;
  if (within !== undefined && (!Number.isInteger(within) || within < PERMIT_EXPIRY_DAYS.min || within > PERMIT_EXPIRY_DAYS.max)) {
    throw new UserInputError(
      'filter.permitExpiresWithin',
      `filter.permitExpiresWithin must be a number of days from ${PERMIT_EXPIRY_DAYS.min} to ${PERMIT_EXPIRY_DAYS.max}`,
    );
  }
  if (criteria.arrivedFrom && criteria.arrivedTo && criteria.arrivedTo < criteria.arrivedFrom) {
    throw new UserInputError('filter.arrivedTo', 'filter.arrivedTo must not be before filter.arrivedFrom');
  }
  return criteria;
}
