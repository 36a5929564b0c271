import type { BureauAccess } from '../kit/auth/access';
import { personalGrant, publicGrant } from '../kit/auth/grant';
import { statedCommunityOf, statedCommunityOfPerson } from '../kit/auth/residence-statement';
import type { SubgraphContext } from '../kit/bureau';

/**
 * Civil affairs' access rules. The geography and the service points are public administrative facts: any signed-in
 * caller may read them, analysts included, with no purpose and no audit record. Relief cases and dispute files are
 * personal: relief for caseworkers handling relief and for the community worker of the community where public security
 * has the person registered now; disputes for those doing mediation (caseworkers, the worker of the community where
 * the dispute was found and is mediated). Nobody else.
 */

export const GEOGRAPHY = publicGrant('administrative geography and service points');

/** Figures: the grant every bureau shares (kit/auth/access.ts). */
export { STATISTICS } from '../kit/auth/access';

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

/** Relief is a record about the person: a community worker's scope is where public security states they live now. */
const statedCommunityOfRelief = statedCommunityOf((record: { personId: string }) => record.personId);

/**
 * A dispute file is the mediation record of the community where the dispute was found (人民调解): its worker files,
 * escalates, mediates and closes it (case-mutations.ts), whoever the parties are and wherever they live now, so the file
 * is scoped by that community. Reached through a Person, the Person's own field still needs the person's statement.
 */
const mediatingCommunity = (record: { communityCode: string }) => record.communityCode;

export const civilAffairsAccess: BureauAccess<SubgraphContext> = {
  personOf: {
    Person: (person) => person.id,
    ReliefCase: (relief) => relief.personId,
    ReliefEvent: () => null,
    DisputeCase: (dispute) => dispute.partyIds,
    DisputeEvent: () => null,
  },
  communityOf: {
    Person: statedCommunityOfPerson,
    ReliefCase: statedCommunityOfRelief,
    ReliefEvent: statedCommunityOfRelief,
    DisputeCase: mediatingCommunity,
    DisputeEvent: mediatingCommunity,
    Community: (community) => community.code,
    // Not Street: a street spans several communities, so no community worker's reads of it pass.
  },
};
