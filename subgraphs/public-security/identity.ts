import type { BureauIdentity } from '../kit/bureau-identity';

/** 市公安局, as the settings, the tokens and `npm start` know it (bureau.ts is the rest). */
export const identity: BureauIdentity = {
  name: 'public-security',
  port: 4001,
  roles: {
    POLICE_REGISTRY_OFFICER: {
      description: 'Police registry officer (公安户籍民警): registrations and residence permits',
      purposes: ['residence-administration'],
      servesInPerson: true,
    },
  },
  purposes: {
    'residence-administration': 'Residence registration and residence permits (居住登记与居住证管理)',
  },
};
