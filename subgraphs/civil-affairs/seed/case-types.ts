/**
 * The records of the Civil Affairs Bureau's (市民政局) synthetic data about migrants: hardship relief
 * (救助), dispute screening and mediation (矛盾纠纷排查调处) and the monthly activity of the community
 * service points. Dates are 'YYYY-MM-DD', months 'YYYY-MM', amounts whole yuan.
 */

export type ReliefKind = 'TEMPORARY_HARDSHIP' | 'STRANDED_PERSON' | 'MEDICAL_HARDSHIP' | 'DISASTER';
export type ReliefDecision = 'APPROVED' | 'REJECTED';

export interface SyntheticReliefCase {
  /** The applicant, an adult of the population. */
  personId: string;
  /** The applicant's household registration place (户籍所在地, GB/T 2260): the case's region of origin. */
  originRegionCode: string;
  kind: ReliefKind;
  /** The handling community: where the applicant lived on appliedOn. */
  communityCode: string;
  appliedOn: string;
  amountRequestedYuan: number;
  /** null = pending (always recent). */
  decision: ReliefDecision | null;
  /** Present exactly when decided; ≥ appliedOn. */
  decidedOn: string | null;
  /** ≤ requested; present exactly when APPROVED. */
  amountApprovedYuan: number | null;
  /** Only when APPROVED, ≥ decidedOn; null for the few approved lately and not yet paid. */
  paidOn: string | null;
  /**
   * Customs respected where food or lodging is given ('清真餐食' halal meals for a stranded person
   * of a Muslim group, '清真食品' for halal food parcels in temporary hardship); null otherwise.
   */
  customsAccommodation: string | null;
}

/** No ethnic category: a general civil dispute is not labelled an ethnic matter (the plan). */
export type DisputeKind = 'LABOUR' | 'NEIGHBOURHOOD' | 'COMMERCIAL' | 'TENANCY' | 'FAMILY' | 'OTHER';
/** Handled in the community, by the street (town), or reported to the district (county). */
export type DisputeLevel = 'COMMUNITY' | 'STREET' | 'DISTRICT';
export type DisputeEventKind = 'OPENED' | 'ESCALATED' | 'MEDIATED' | 'CLOSED';

export interface SyntheticDisputeEvent {
  kind: DisputeEventKind;
  on: string;
  /** The level handling the case from this event on. */
  level: DisputeLevel;
  /** The outcome agreed, for MEDIATED (e.g. '双方达成调解协议，拖欠工资分期支付'); null for the others. */
  note: string | null;
}

export interface SyntheticDisputeCase {
  /** Unique: street code, year found, serial within the street and year ('640104003-2024-0007'). */
  caseNumber: string;
  kind: DisputeKind;
  /** Where the first party lived on foundOn; the case opened there. */
  communityCode: string;
  /** The community's street. */
  streetCode: string;
  foundOn: string;
  /** 1–3 adult migrants of the population living in the community's district on foundOn; other parties (often locals) are not recorded. */
  partyIds: string[];
  /** The first party's (申请人) household registration place (户籍所在地, GB/T 2260): the case's region of origin. */
  originRegionCode: string;
  /** Oldest first: OPENED at COMMUNITY on foundOn; ESCALATED one level up; MEDIATED optional; CLOSED last when closed. */
  events: SyntheticDisputeEvent[];
}

export interface SyntheticServicePointMonth {
  communityCode: string;
  /** 'YYYY-MM'; the month of asOf counts only its days up to asOf. */
  month: string;
  visits: number;
  /** Visits that ended with a service given (the rest were enquiries or referrals); ≤ visits. */
  servicesGiven: number;
}

export interface SyntheticCivilAffairsCases {
  reliefCases: SyntheticReliefCase[];
  disputes: SyntheticDisputeCase[];
  servicePointActivity: SyntheticServicePointMonth[];
}
