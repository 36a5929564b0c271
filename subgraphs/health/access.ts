import type { BureauAccess } from '../kit/auth/access';
import { personalGrant, publicGrant } from '../kit/auth/grant';
import { statedCommunityOf, statedCommunityOfPerson } from '../kit/auth/residence-statement';
import type { SubgraphContext } from '../kit/bureau';

/**
 * Health's access rules. Clinics are public institutions. Vaccination records are health data about minors — the most
 * sensitive records of the graph — so they go to the immunisation service alone, on health's own register: no other
 * bureau's role and no analyst reads them; analysts see coverage figures only. The one exception is what the community
 * helps with, the follow-up of doses missed (社区协助催种): the community service point of the community where public
 * security has the child registered now may see which doses are due (Person.vaccinationsDue), never the records.
 */

export const CLINICS = publicGrant('vaccination clinics');

/** Figures: the grant every bureau shares (kit/auth/access.ts). */
export { STATISTICS } from '../kit/auth/access';

/** The register, a child's vaccinations, and a place's list of the children with doses due: the immunisation service. */
export const VACCINATIONS = personalGrant('vaccinations of a child', { VACCINATION_OFFICER: ['immunisation'] });

/** What a dose due says (vaccine, dose, day due): the immunisation service, and the own community's service point. */
export const DOSES_DUE = personalGrant('doses due of a child', { VACCINATION_OFFICER: ['immunisation'], COMMUNITY_WORKER: ['community-service'] });

/**
 * A person's doses due, on Person: the community service point, which reaches persons through public security. The
 * immunisation service reads them on its register (RegisteredChild.dosesDue): public security does not serve it.
 */
export const FOLLOW_UP = personalGrant('doses due of a person (follow-up)', { COMMUNITY_WORKER: ['community-service'] });

/** Recording a dose given. */
export const VACCINATION_WRITE = personalGrant('vaccination records', { VACCINATION_OFFICER: ['immunisation'] });

export const healthAccess: BureauAccess<SubgraphContext> = {
  personOf: {
    Person: (person) => person.id,
    VaccinationRecord: (record) => record.childId,
    VaccinationDue: (due) => due.childId,
    RegisteredChild: (child) => child.childId,
  },
  // A community worker's scope: where public security states the child lives now (kit/auth/residence-statement.ts).
  communityOf: {
    Person: statedCommunityOfPerson,
    VaccinationDue: statedCommunityOf((due: { childId: string }) => due.childId),
  },
};
