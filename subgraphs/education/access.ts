import type { BureauAccess } from '../kit/auth/access';
import { personalGrant, publicGrant } from '../kit/auth/grant';
import { statedCommunityOf, statedCommunityOfPerson } from '../kit/auth/residence-statement';
import type { SubgraphContext } from '../kit/bureau';

/**
 * Education's access rules. Schools are public institutions. Enrolments are records about minors — sensitive — so
 * they go only to the enrolment office, to civil affairs checking a family's schooling for relief, and to the
 * community service point of the community where public security has the child or the guardian who enrolled them
 * registered now; never to police, employment or analysts. The applications for a school place are the enrolment
 * office's own work list: to it alone.
 */

export const SCHOOLS = publicGrant('schools');

/** Figures: the grant every bureau shares (kit/auth/access.ts). */
export { STATISTICS } from '../kit/auth/access';

/** Whether and where a child is in school. */
export const SCHOOLING = personalGrant('schooling of a child', {
  SCHOOL_ENROLMENT_OFFICER: ['school-enrolment'],
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'],
  COMMUNITY_WORKER: ['community-service'],
});

/** Dates and fee treatment of an enrolment: the enrolment office and relief caseworkers. */
export const ENROLMENT_DETAILS = personalGrant('enrolment dates and fees', {
  SCHOOL_ENROLMENT_OFFICER: ['school-enrolment'],
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'],
});

/** A school's list of pupils: the enrolment office only. */
export const SCHOOL_ROLL = personalGrant('pupils of a school', { SCHOOL_ENROLMENT_OFFICER: ['school-enrolment'] });

/**
 * The register of applications for a school place (随迁子女入学申请): who asked for a place and still waits. The
 * enrolment office works the list; relief and community workers see a child's schooling, not the office's queue.
 */
export const SCHOOL_APPLICATIONS = personalGrant('applications for a school place', { SCHOOL_ENROLMENT_OFFICER: ['school-enrolment'] });

/** Enrolling, transferring, recording a leaving. */
export const ENROLMENT_WRITE = personalGrant('enrolment records', { SCHOOL_ENROLMENT_OFFICER: ['school-enrolment'] });

export const educationAccess: BureauAccess<SubgraphContext> = {
  personOf: {
    Person: (person) => person.id,
    Enrolment: (enrolment) => enrolment.childId,
    SchoolApplication: (application) => application.childId,
  },
  // A community worker's scope: where public security states the person lives now (kit/auth/residence-statement.ts).
  // An enrolment is the child's record and the guardian's who enrolled them (Person.childrenInSchool): either will do.
  communityOf: {
    Person: statedCommunityOfPerson,
    Enrolment: statedCommunityOf((enrolment: { childId: string; guardianId: string }) => [enrolment.childId, enrolment.guardianId]),
  },
};
