import type { BureauIdentity } from '../kit/bureau-identity';

/** 市人社局, as the settings, the tokens and `npm start` know it (bureau.ts is the rest). */
export const identity: BureauIdentity = {
  name: 'human-resources',
  port: 4004,
  roles: {
    EMPLOYMENT_CASEWORKER: {
      description: 'Employment caseworker (人社就业服务人员): jobs, contracts, insurance, training',
      purposes: ['employment-service'],
      servesInPerson: true,
    },
  },
  purposes: {
    'employment-service': 'Employment services, contracts and insurance (就业服务与劳动保障)',
  },
};
