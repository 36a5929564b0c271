import { registerEnumType } from 'type-graphql';

export enum ReliefKind {
  TEMPORARY_HARDSHIP = 'TEMPORARY_HARDSHIP',
  STRANDED_PERSON = 'STRANDED_PERSON',
  MEDICAL_HARDSHIP = 'MEDICAL_HARDSHIP',
  DISASTER = 'DISASTER',
}
registerEnumType(ReliefKind, {
  name: 'ReliefKind',
  description: 'Kind of relief (救助类别).',
  valuesConfig: {
    TEMPORARY_HARDSHIP: { description: 'Temporary hardship relief (临时救助).' },
    STRANDED_PERSON: { description: 'Assistance to a person stranded without means (流浪乞讨/生活无着人员救助).' },
    MEDICAL_HARDSHIP: { description: 'Medical hardship relief (医疗救助).' },
    DISASTER: { description: 'Disaster relief (灾害救助).' },
  },
});

export enum ReliefStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  PAID = 'PAID',
}
registerEnumType(ReliefStatus, {
  name: 'ReliefStatus',
  description: 'Where a relief case stands.',
  valuesConfig: {
    PENDING: { description: 'Applied, not decided (待审批).' },
    APPROVED: { description: 'Approved, not yet paid (已批准).' },
    REJECTED: { description: 'Rejected (不予救助).' },
    PAID: { description: 'Paid out (已发放).' },
  },
});

export enum DisputeKind {
  LABOUR = 'LABOUR',
  NEIGHBOURHOOD = 'NEIGHBOURHOOD',
  COMMERCIAL = 'COMMERCIAL',
  TENANCY = 'TENANCY',
  FAMILY = 'FAMILY',
  OTHER = 'OTHER',
}
registerEnumType(DisputeKind, {
  name: 'DisputeKind',
  description: 'What a civil dispute is about. A general civil dispute is not an ethnic matter, and none is recorded as one.',
  valuesConfig: {
    LABOUR: { description: 'Labour (劳动纠纷).' },
    NEIGHBOURHOOD: { description: 'Between neighbours (邻里纠纷).' },
    COMMERCIAL: { description: 'Commercial (经营纠纷).' },
    TENANCY: { description: 'Tenancy (租赁纠纷).' },
    FAMILY: { description: 'Family (家庭纠纷).' },
    OTHER: { description: 'Other (其他).' },
  },
});

export enum DisputeLevel {
  COMMUNITY = 'COMMUNITY',
  STREET = 'STREET',
  DISTRICT = 'DISTRICT',
}
registerEnumType(DisputeLevel, {
  name: 'DisputeLevel',
  description: 'Who handles a dispute: found early, settled locally (小事不出社区, 大事不出街道).',
  valuesConfig: {
    COMMUNITY: { description: 'Handled in the community (社区).' },
    STREET: { description: 'Handled by the street office (街道).' },
    DISTRICT: { description: 'Reported to the district (上报区级).' },
  },
});

export enum DisputeStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(DisputeStatus, {
  name: 'DisputeStatus',
  description: 'Whether a dispute is still being handled.',
  valuesConfig: { OPEN: { description: 'Being handled (调处中).' }, CLOSED: { description: 'Closed (已结案).' } },
});

export enum DisputeEventKind {
  OPENED = 'OPENED',
  ESCALATED = 'ESCALATED',
  MEDIATED = 'MEDIATED',
  CLOSED = 'CLOSED',
}
registerEnumType(DisputeEventKind, {
  name: 'DisputeEventKind',
  description: 'A step in the handling of a dispute.',
  valuesConfig: {
    OPENED: { description: 'Found and filed (排查登记).' },
    ESCALATED: { description: 'Passed up one level (上报).' },
    MEDIATED: { description: 'Mediation held (调解).' },
    CLOSED: { description: 'Closed (结案).' },
  },
});

export enum ReliefEventKind {
  APPLIED = 'APPLIED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  PAID = 'PAID',
}
registerEnumType(ReliefEventKind, {
  name: 'ReliefEventKind',
  description: 'A step of a relief case.',
  valuesConfig: {
    APPLIED: { description: 'Application received (申请).' },
    APPROVED: { description: 'Approved (批准).' },
    REJECTED: { description: 'Rejected (不予批准).' },
    PAID: { description: 'Paid out (发放).' },
  },
});
