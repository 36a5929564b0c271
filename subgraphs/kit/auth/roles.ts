/**
 * The roles and purposes of use every bureau agrees on. Which role may read which field for which purpose is each
 * bureau's own decision, written in its subgraph's `access.ts`.
 */

export const ROLES = [
  'POLICE_REGISTRY_OFFICER',
  'CIVIL_AFFAIRS_CASEWORKER',
  'SCHOOL_ENROLMENT_OFFICER',
  'EMPLOYMENT_CASEWORKER',
  'COMMUNITY_WORKER',
  'ANALYST',
  'AUDITOR',
] as const;
export type Role = (typeof ROLES)[number];

/** What each role is, for the README, the token script and error messages. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  POLICE_REGISTRY_OFFICER: 'Police registry officer (公安户籍民警): registrations and residence permits',
  CIVIL_AFFAIRS_CASEWORKER: 'Civil-affairs caseworker (民政工作人员): relief and dispute mediation',
  SCHOOL_ENROLMENT_OFFICER: 'School-enrolment officer (教育局招生人员): schooling of migrant children',
  EMPLOYMENT_CASEWORKER: 'Employment caseworker (人社就业服务人员): jobs, contracts, insurance, training',
  COMMUNITY_WORKER: 'Community service-point worker (社区服务站工作人员): only people registered in their own community',
  ANALYST: 'Analyst (统计分析人员): aggregates only, no field about an individual',
  AUDITOR: 'Auditor (审计人员): audit trails only',
};

/** The bureau a role belongs to; a token claiming the role for another bureau is refused. Null: any bureau. */
export const ROLE_BUREAU: Record<Role, string | null> = {
  POLICE_REGISTRY_OFFICER: 'public-security',
  CIVIL_AFFAIRS_CASEWORKER: 'civil-affairs',
  SCHOOL_ENROLMENT_OFFICER: 'education',
  EMPLOYMENT_CASEWORKER: 'human-resources',
  COMMUNITY_WORKER: 'civil-affairs',
  ANALYST: null,
  AUDITOR: null,
};

/** Purposes of use a request declares in the `x-purpose` header (PIPL purpose limitation). */
export const PURPOSES = [
  'residence-administration',
  'social-assistance',
  'dispute-mediation',
  'school-enrolment',
  'employment-service',
  'community-service',
  'statistics',
  'audit',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PURPOSE_DESCRIPTIONS: Record<Purpose, string> = {
  'residence-administration': 'Residence registration and residence permits (居住登记与居住证管理)',
  'social-assistance': 'Relief and assistance (社会救助)',
  'dispute-mediation': 'Dispute screening and mediation (矛盾纠纷排查调处)',
  'school-enrolment': "Schooling of migrants' children (随迁子女入学)",
  'employment-service': 'Employment services, contracts and insurance (就业服务与劳动保障)',
  'community-service': 'Services at the community service point (社区服务)',
  statistics: 'Statistics and decision analysis (统计与决策分析)',
  audit: 'Audit of personal-data access (个人信息访问审计)',
};

/** The purposes each role may declare; any other is refused. */
export const ROLE_PURPOSES: Record<Role, readonly Purpose[]> = {
  POLICE_REGISTRY_OFFICER: ['residence-administration'],
  CIVIL_AFFAIRS_CASEWORKER: ['social-assistance', 'dispute-mediation'],
  SCHOOL_ENROLMENT_OFFICER: ['school-enrolment'],
  EMPLOYMENT_CASEWORKER: ['employment-service'],
  COMMUNITY_WORKER: ['community-service', 'dispute-mediation'],
  ANALYST: ['statistics'],
  AUDITOR: ['audit'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}
