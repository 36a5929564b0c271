import type { BureauIdentity } from '../kit/bureau-identity';

/** 市教育局, as the settings, the tokens and `npm start` know it (bureau.ts is the rest). */
export const identity: BureauIdentity = {
  name: 'education',
  port: 4003,
  roles: {
    SCHOOL_ENROLMENT_OFFICER: {
      description: 'School-enrolment officer (教育局招生人员): schooling of migrant children',
      purposes: ['school-enrolment'],
      servesInPerson: true,
    },
  },
  purposes: {
    'school-enrolment': "Schooling of migrants' children (随迁子女入学)",
  },
};
