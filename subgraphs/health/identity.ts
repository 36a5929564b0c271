import type { BureauIdentity } from '../kit/bureau-identity';

/** 市卫生局, as the settings, the tokens and `npm start` know it (bureau.ts is the rest). */
export const identity: BureauIdentity = {
  name: 'health',
  port: 4005,
  roles: {
    VACCINATION_OFFICER: {
      description: 'Vaccination officer (接种门诊/疾控人员): immunisation of migrant children',
      purposes: ['immunisation'],
    },
  },
  purposes: {
    immunisation: "Vaccination of migrants' children (流动儿童预防接种)",
  },
};
