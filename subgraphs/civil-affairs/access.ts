import { BureauAccess, personalGrant, publicGrant } from '../kit/auth/access';
import type { SubgraphContext } from '../kit/bureau';
import type { CivilAffairsLoaders } from './loaders';

/**
 * Civil affairs' access rules. The geography and the service points are public administrative facts: any signed-in
 * caller may read them, analysts included, with no purpose and no audit record. Relief cases and dispute files are
 * personal: relief for caseworkers handling relief and for the community worker of the handling community; disputes
 * for those doing mediation (caseworkers, the community's worker). Nobody else.
 */

export const GEOGRAPHY = publicGrant('administrative geography and service points');

/** Figures: the grant every bureau shares (kit/auth/access.ts). */
export { STATISTICS } from '../kit/auth/access';

export const PERSON_KEY = publicGrant('registry id (entity key)');

export const RELIEF = personalGrant('relief cases', {
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'],
  COMMUNITY_WORKER: ['community-service'],
});

export const DISPUTE_FILES = personalGrant('dispute files', {
  CIVIL_AFFAIRS_CASEWORKER: ['dispute-mediation'],
  COMMUNITY_WORKER: ['dispute-mediation'],
});

export const RELIEF_WRITE = personalGrant('relief decisions', { CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'] });

export const DISPUTE_WRITE = personalGrant('dispute files', {
  CIVIL_AFFAIRS_CASEWORKER: ['dispute-mediation'],
  COMMUNITY_WORKER: ['dispute-mediation'],
});

type Context = SubgraphContext<CivilAffairsLoaders>;

export const civilAffairsAccess: BureauAccess<Context> = {
  personOf: {
    Person: (person) => person.id,
    ReliefCase: (relief) => relief.personId,
    ReliefEvent: () => null,
    DisputeCase: (dispute) => dispute.partyIds,
    DisputeEvent: () => null,
  },
  communityOf: {
    Person: (person, context) => context.loaders.caseCommunityOfPerson.load(person.id),
    ReliefCase: (relief) => relief.communityCode,
    ReliefEvent: (event) => event.communityCode,
    DisputeCase: (dispute) => dispute.communityCode,
    DisputeEvent: (event) => event.communityCode,
    Community: (community) => community.code,
    Street: () => null,
  },
};
