import type { BureauIdentity } from '../kit/bureau-identity';

/** 市民政局, as the settings, the tokens and `npm start` know it (bureau.ts is the rest). */
export const identity: BureauIdentity = {
  name: 'civil-affairs',
  port: 4002,
  roles: {
    CIVIL_AFFAIRS_CASEWORKER: {
      description: 'Civil-affairs caseworker (民政工作人员): relief and dispute mediation',
      purposes: ['social-assistance', 'dispute-mediation'],
      servesInPerson: true,
    },
    COMMUNITY_WORKER: {
      description: 'Community service-point worker (社区服务站工作人员): only people registered in their own community',
      purposes: ['community-service', 'dispute-mediation'],
      scope: 'community',
      servesInPerson: true,
    },
  },
  purposes: {
    'social-assistance': 'Relief and assistance (社会救助)',
    'dispute-mediation': 'Dispute screening and mediation (矛盾纠纷排查调处)',
    'community-service': 'Services at the community service point (社区服务)',
  },
};
