import { Field, ID, InputType } from 'type-graphql';
import { isoDay, DateScalar } from '../../kit/scalars';
import { MAX_PAGE_SIZE } from '../../kit/pagination';
import { UserInputError } from '../../kit/errors';
import { requireDigits } from '../../kit/validation';
import { PermitStatus } from '../entities/residence-permit';
import type { PersonCriteria } from '../loaders/person-search';

@InputType({ description: 'Which persons to list; all conditions are combined with AND. Geography refers to the current residence.' })
export class PersonFilter {
  @Field(() => [ID], { nullable: true, description: `These persons only (at most ${MAX_PAGE_SIZE}): how a dashboard fetches many known persons in one request.` })
  ids?: string[];

  @Field(() => ID, { nullable: true, description: 'Living in this district or county (GB/T 2260, 6 digits).' })
  districtCode?: string;

  @Field(() => ID, { nullable: true, description: 'Living in this street or town (9 digits).' })
  streetCode?: string;

  @Field(() => ID, { nullable: true, description: 'Living in this community (12 digits).' })
  communityCode?: string;

  @Field(() => ID, { nullable: true, description: 'Of this ethnic group (GB/T 3304, 2 digits).' })
  ethnicityCode?: string;

  @Field(() => ID, { nullable: true, description: 'Registered in this origin region (GB/T 2260, 6 digits).' })
  originRegionCode?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Arrived on or after this day.' })
  arrivedFrom?: Date;

  @Field(() => DateScalar, { nullable: true, description: 'Arrived on or before this day.' })
  arrivedTo?: Date;

  @Field(() => PermitStatus, { nullable: true, description: "Whose latest residence permit has this status today." })
  permitStatus?: PermitStatus;
}

/** Validates a filter (fields named `filter.…` in errors) into search criteria. */
export function personCriteria(filter: PersonFilter | undefined): PersonCriteria {
  if (!filter) return {};
  if (filter.ids && filter.ids.length > MAX_PAGE_SIZE) {
    throw new UserInputError('filter.ids', `filter.ids takes at most ${MAX_PAGE_SIZE} ids`);
  }
  const criteria: PersonCriteria = {
    ids: filter.ids,
    districtCode: filter.districtCode && requireDigits(filter.districtCode, 6, 'filter.districtCode'),
    streetCode: filter.streetCode && requireDigits(filter.streetCode, 9, 'filter.streetCode'),
    communityCode: filter.communityCode && requireDigits(filter.communityCode, 12, 'filter.communityCode'),
    ethnicityCode: filter.ethnicityCode && requireDigits(filter.ethnicityCode, 2, 'filter.ethnicityCode'),
    originRegionCode: filter.originRegionCode && requireDigits(filter.originRegionCode, 6, 'filter.originRegionCode'),
    arrivedFrom: filter.arrivedFrom && isoDay(filter.arrivedFrom),
    arrivedTo: filter.arrivedTo && isoDay(filter.arrivedTo),
    permitStatus: filter.permitStatus,
  };
  if (criteria.arrivedFrom && criteria.arrivedTo && criteria.arrivedTo < criteria.arrivedFrom) {
    throw new UserInputError('filter.arrivedTo', 'filter.arrivedTo must not be before filter.arrivedFrom');
  }
  return criteria;
}
