/** The records of the Human Resources and Social Security Bureau's (市人社局) synthetic data. */

export type Industry =
  'CONSTRUCTION' | 'MANUFACTURING' | 'CATERING' | 'RETAIL' | 'LOGISTICS' | 'DOMESTIC_SERVICES' | 'AGRICULTURE' | 'HALAL_FOOD_PROCESSING' | 'OTHER_SERVICES';
export const INDUSTRIES: readonly Industry[] = [
  'CONSTRUCTION',
  'MANUFACTURING',
  'CATERING',
  'RETAIL',
  'LOGISTICS',
  'DOMESTIC_SERVICES',
  'AGRICULTURE',
  'HALAL_FOOD_PROCESSING',
  'OTHER_SERVICES',
];

export type EmployerSize = 'MICRO' | 'SMALL' | 'MEDIUM' | 'LARGE';

export interface SyntheticEmployer {
  /** 18-character unified social credit code (GB 32100-2015), '91' + district code + …; see credit-code.ts. */
  code: string;
  /** Invented Chinese name, unique in the city. */
  name: string;
  industry: Industry;
  size: EmployerSize;
  /** GB/T 2260, 6 digits. */
  districtCode: string;
  /** 12 digits, a community of the district. */
  communityCode: string;
}

export type ContractType = 'FIXED_TERM' | 'OPEN_ENDED' | 'TASK_BASED';

export interface SyntheticEmployment {
  personId: string;
  employerCode: string;
  jobTitle: string;
  /** 'YYYY-MM-DD', on or after the person's arrival. */
  startDate: string;
  /** Inclusive last day; null for the current job (at most one per person). */
  endDate: string | null;
  /** Whole yuan, the wage agreed at the start. */
  monthlyWageYuan: number;
  weeklyHours: number;
  contractSigned: boolean;
  /** null when no contract was signed. */
  contractType: ContractType | null;
}

export type InsuranceType = 'PENSION' | 'MEDICAL' | 'UNEMPLOYMENT' | 'WORK_INJURY' | 'MATERNITY';
export const INSURANCE_TYPES: readonly InsuranceType[] = ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY'];
export type InsuranceStatus = 'ACTIVE' | 'SUSPENDED' | 'TERMINATED';

export interface SyntheticInsurance {
  personId: string;
  type: InsuranceType;
  status: InsuranceStatus;
  startDate: string;
  /** null while ACTIVE; otherwise the day contributions stopped (SUSPENDED) or the account closed (TERMINATED). */
  endDate: string | null;
}

export type TrainingKind = 'VOCATIONAL_SKILL' | 'SKILL_UPGRADE' | 'START_UP';

export interface SyntheticTraining {
  personId: string;
  course: string;
  kind: TrainingKind;
  provider: string;
  startDate: string;
  endDate: string;
  completed: boolean;
  /** e.g. '职业技能等级证书（中式烹调师 四级）'; null unless completed and certified. */
  certificate: string | null;
}

export type ServiceKind = 'JOB_REFERRAL' | 'CAREER_GUIDANCE' | 'POLICY_CONSULTATION';
export type ServiceOutcome = 'PLACED' | 'NOT_PLACED' | 'PENDING' | 'ADVISED';

export interface SyntheticEmploymentService {
  personId: string;
  date: string;
  kind: ServiceKind;
  outcome: ServiceOutcome;
}

export type DisputeKind = 'UNPAID_WAGES' | 'NO_CONTRACT' | 'WORK_INJURY' | 'DISMISSAL' | 'OVERTIME' | 'SOCIAL_INSURANCE';
export type DisputeStatus = 'OPEN' | 'MEDIATING' | 'ARBITRATION' | 'CLOSED';

export interface SyntheticLabourDispute {
  personId: string;
  /** An employer the person worked for. */
  employerCode: string;
  kind: DisputeKind;
  filedOn: string;
  /** Whole yuan. */
  amountClaimedYuan: number;
  /** Whole yuan, ≤ claimed; 0 until closed, and when the claim failed. */
  amountRecoveredYuan: number;
  status: DisputeStatus;
  /** Present exactly when CLOSED. */
  closedOn: string | null;
}

export interface SyntheticHumanResources {
  employers: SyntheticEmployer[];
  employments: SyntheticEmployment[];
  insurance: SyntheticInsurance[];
  trainings: SyntheticTraining[];
  services: SyntheticEmploymentService[];
  disputes: SyntheticLabourDispute[];
}
