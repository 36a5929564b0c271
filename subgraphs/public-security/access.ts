import type DataLoader from 'dataloader';
import type { BureauAccess, Masking } from '../kit/auth/access';
import { personalGrant } from '../kit/auth/grant';
import { ROLES_SERVING_IN_PERSON } from '../kit/auth/roles';
import type { SubgraphContext } from '../kit/bureau';
import { today, yearsBetween } from '../kit/dates';

/**
 * Public security's access rules: who may read which of its fields, for which declared purpose. A caseworker sees the
 * identity core needed to serve the person and what their own work needs; other fields only where granted here.
 * Grants are attached to fields with `@Authorized(...)`; a field without one is readable by nobody.
 */

/**
 * The roles that serve migrants in person, each with the purposes it may read the identity core for: every role its
 * bureau declares so (`servesInPerson` in the bureau's identity.ts), so that a new bureau's counter staff need no edit
 * here. A role that works on its own register (health's vaccination officer) is not one of them.
 */
const SERVING = ROLES_SERVING_IN_PERSON;

/** Looking a person up by registry id; auditors too, to reach the person's access log. */
export const PERSON_LOOKUP = personalGrant('finding a person', { ...SERVING, AUDITOR: ['audit'] });

/** Listing persons (search, residents of a community). */
export const PERSON_SEARCH = personalGrant('listing persons', SERVING);

/** Name, sex, origin, arrival and the ID-card number (masked for everyone but the registry). */
export const IDENTITY_CORE = personalGrant('identity core', SERVING);

/** A minor's date of birth only for education and civil affairs (minors' data is sensitive). */
export const BIRTH_DATE = personalGrant('date of birth', SERVING, {
  objects: 'a minor',
  applies: (person: { birthDate?: string }) => person.birthDate !== undefined && yearsBetween(person.birthDate, today()) < 18,
  roles: ['SCHOOL_ENROLMENT_OFFICER', 'CIVIL_AFFAIRS_CASEWORKER'],
  reason: "a minor's date of birth is shown only to education and civil-affairs roles",
});

/**
 * Ethnicity is sensitive: only for roles that serve the person with it (registry, relief with customs respected,
 * community service) — not for dispute mediation, where the plan says a civil dispute is not an ethnic matter.
 */
export const ETHNICITY = personalGrant('ethnicity', {
  POLICE_REGISTRY_OFFICER: ['residence-administration'],
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'],
  COMMUNITY_WORKER: ['community-service'],
});

/** Where the person lives now: everyone who serves them needs to find them. */
export const CURRENT_RESIDENCE = personalGrant('current residence', SERVING);

/**
 * Public security's signed statement of the community where the person is registered now, which the other bureaus
 * require to scope a community worker: to the same callers as the current residence it states (a community worker
 * only for the people of their own community).
 */
export const RESIDENCE_STATEMENT = personalGrant('statement of the current residence community', SERVING);

/** Past addresses: the registry and civil affairs only. */
export const RESIDENCE_HISTORY = personalGrant('residence history', {
  POLICE_REGISTRY_OFFICER: ['residence-administration'],
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance', 'dispute-mediation'],
});

/** The residence permit is what entitles a migrant to services (schooling, employment, relief). */
export const RESIDENCE_PERMITS = personalGrant('residence permits', {
  POLICE_REGISTRY_OFFICER: ['residence-administration'],
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'],
  SCHOOL_ENROLMENT_OFFICER: ['school-enrolment'],
  EMPLOYMENT_CASEWORKER: ['employment-service'],
  COMMUNITY_WORKER: ['community-service'],
});

/**
 * Listing the persons whose permit runs out soon (permits due for renewal): the registry's renewal work only. Others
 * may read a person's permits to serve them, but not sweep the city for whose permit expires when.
 */
export const PERMIT_RENEWAL = personalGrant('permits due for renewal', { POLICE_REGISTRY_OFFICER: ['residence-administration'] });

/** Registering persons, moves and permits: the registry only. */
export const REGISTRY_WRITE = personalGrant('registration and permits', { POLICE_REGISTRY_OFFICER: ['residence-administration'] });

/** Figures: the grant every bureau shares (kit/auth/access.ts). */
export { STATISTICS } from '../kit/auth/access';

/** The registry sees the full ID-card number; everyone else the last four characters (minimum necessary). */
export const ID_CARD_NUMBER_MASKING: Masking = { fullFor: ['POLICE_REGISTRY_OFFICER'], masked: 'the last four characters' };

/**
 * The one loader the rules below read (loaders/index.ts has it), stated by shape: the loaders read the entities, whose
 * fields carry the grants above, so this file does not import them.
 */
type Context = SubgraphContext<{ currentResidence: DataLoader<string, { communityCode: string } | null> }>;

const communityOfPerson = async (personId: string, context: Context) => (await context.loaders.currentResidence.load(personId))?.communityCode ?? null;

export const publicSecurityAccess: BureauAccess<Context> = {
  personOf: {
    Person: (person) => person.id,
    ResidenceRegistration: (residence) => residence.personId,
    ResidencePermit: (permit) => permit.personId,
  },
  communityOf: {
    Person: (person, context) => communityOfPerson(person.id, context),
    ResidenceRegistration: (residence, context) => communityOfPerson(residence.personId, context),
    ResidencePermit: (permit, context) => communityOfPerson(permit.personId, context),
    Community: (community) => community.code,
  },
};
