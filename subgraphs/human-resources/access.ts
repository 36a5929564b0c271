import type { BureauAccess } from '../kit/auth/access';
import { personalGrant, publicGrant } from '../kit/auth/grant';
import { statedCommunityOf, statedCommunityOfPerson } from '../kit/auth/residence-statement';
import type { SubgraphContext } from '../kit/bureau';

/**
 * Human resources' access rules. Employers are public. A migrant's job, contract and insurance go to the employment
 * caseworkers who serve them, and to civil affairs assessing relief; wages and labour disputes are personal and
 * sensitive (a dispute with an employer): the employment caseworker, and civil affairs for relief only — never police,
 * schools or analysts. Community workers see whether a neighbour has work and insurance, not wages or disputes.
 */

export const EMPLOYERS = publicGrant('employers');

/** Figures: the grant every bureau shares (kit/auth/access.ts). */
export { STATISTICS } from '../kit/auth/access';

/** Whether and where someone works, under what contract; insurance and training. */
export const WORK_RECORDS = personalGrant('employment, contract, insurance and training', {
  EMPLOYMENT_CASEWORKER: ['employment-service'],
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'],
  COMMUNITY_WORKER: ['community-service'],
});

/** Wages and hours. */
export const PAY = personalGrant('wages and hours', {
  EMPLOYMENT_CASEWORKER: ['employment-service'],
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'],
});

/** Labour disputes and wage claims. */
export const DISPUTES = personalGrant('labour disputes', {
  EMPLOYMENT_CASEWORKER: ['employment-service'],
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance'],
});

/** Referrals and consultations at the employment service. */
export const EMPLOYMENT_SERVICES = personalGrant('job referrals and consultations', { EMPLOYMENT_CASEWORKER: ['employment-service'] });

/** An employer's list of migrant employees. */
export const EMPLOYEES = personalGrant('employees of an employer', { EMPLOYMENT_CASEWORKER: ['employment-service'] });

/** Recording employments, insurance, training and disputes. */
export const RECORDS_WRITE = personalGrant('employment records', { EMPLOYMENT_CASEWORKER: ['employment-service'] });

const personRecord = (record: { personId: string }) => record.personId;
/** A community worker's scope: where public security states the person lives now (kit/auth/residence-statement.ts). */
const statedCommunityOfRecord = statedCommunityOf(personRecord);

export const humanResourcesAccess: BureauAccess<SubgraphContext> = {
  personOf: {
    Person: (person) => person.id,
    Employment: personRecord,
    SocialInsurance: personRecord,
    Training: personRecord,
    EmploymentService: personRecord,
    LabourDispute: personRecord,
  },
  communityOf: {
    Person: statedCommunityOfPerson,
    Employment: statedCommunityOfRecord,
    SocialInsurance: statedCommunityOfRecord,
    Training: statedCommunityOfRecord,
    EmploymentService: statedCommunityOfRecord,
    LabourDispute: statedCommunityOfRecord,
  },
};
