import { registerEnumType } from 'type-graphql';

// The closed sets of human resources' records, with the Chinese terms.

export enum Industry {
  CONSTRUCTION = 'CONSTRUCTION',
  MANUFACTURING = 'MANUFACTURING',
  CATERING = 'CATERING',
  RETAIL = 'RETAIL',
  LOGISTICS = 'LOGISTICS',
  DOMESTIC_SERVICES = 'DOMESTIC_SERVICES',
  AGRICULTURE = 'AGRICULTURE',
  HALAL_FOOD_PROCESSING = 'HALAL_FOOD_PROCESSING',
  OTHER_SERVICES = 'OTHER_SERVICES',
}
registerEnumType(Industry, {
  name: 'Industry',
  description: 'Industry of an employer.',
  valuesConfig: {
    CONSTRUCTION: { description: 'Construction (建筑业).' },
    MANUFACTURING: { description: 'Manufacturing (制造业).' },
    CATERING: { description: 'Catering (餐饮业).' },
    RETAIL: { description: 'Retail (零售业).' },
    LOGISTICS: { description: 'Transport and logistics (交通物流).' },
    DOMESTIC_SERVICES: { description: 'Domestic services (家政服务).' },
    AGRICULTURE: { description: 'Agriculture (农业).' },
    HALAL_FOOD_PROCESSING: { description: 'Halal food processing (清真食品加工).' },
    OTHER_SERVICES: { description: 'Other services (其他服务业).' },
  },
});

export enum EmployerSize {
  MICRO = 'MICRO',
  SMALL = 'SMALL',
  MEDIUM = 'MEDIUM',
  LARGE = 'LARGE',
}
registerEnumType(EmployerSize, {
  name: 'EmployerSize',
  description: 'Size class of an employer (企业规模).',
  valuesConfig: {
    MICRO: { description: 'Micro (微型).' },
    SMALL: { description: 'Small (小型).' },
    MEDIUM: { description: 'Medium (中型).' },
    LARGE: { description: 'Large (大型).' },
  },
});

export enum ContractType {
  FIXED_TERM = 'FIXED_TERM',
  OPEN_ENDED = 'OPEN_ENDED',
  TASK_BASED = 'TASK_BASED',
}
registerEnumType(ContractType, {
  name: 'ContractType',
  description: 'Kind of labour contract (劳动合同).',
  valuesConfig: {
    FIXED_TERM: { description: 'Fixed term (固定期限).' },
    OPEN_ENDED: { description: 'Open-ended (无固定期限).' },
    TASK_BASED: { description: 'For a task (以完成一定工作任务为期限).' },
  },
});

export enum InsuranceType {
  PENSION = 'PENSION',
  MEDICAL = 'MEDICAL',
  UNEMPLOYMENT = 'UNEMPLOYMENT',
  WORK_INJURY = 'WORK_INJURY',
  MATERNITY = 'MATERNITY',
}
registerEnumType(InsuranceType, {
  name: 'InsuranceType',
  description: 'Social insurance scheme (社会保险险种).',
  valuesConfig: {
    PENSION: { description: 'Basic pension (养老保险).' },
    MEDICAL: { description: 'Basic medical (医疗保险).' },
    UNEMPLOYMENT: { description: 'Unemployment (失业保险).' },
    WORK_INJURY: { description: 'Work injury (工伤保险).' },
    MATERNITY: { description: 'Maternity (生育保险).' },
  },
});

export enum InsuranceStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(InsuranceStatus, {
  name: 'InsuranceStatus',
  description: 'Status of an insurance enrolment.',
  valuesConfig: {
    ACTIVE: { description: 'Contributions being paid (参保缴费).' },
    SUSPENDED: { description: 'Contributions paused (暂停缴费).' },
    TERMINATED: { description: 'Ended (终止).' },
  },
});

export enum TrainingKind {
  VOCATIONAL_SKILL = 'VOCATIONAL_SKILL',
  SKILL_UPGRADE = 'SKILL_UPGRADE',
  START_UP = 'START_UP',
}
registerEnumType(TrainingKind, {
  name: 'TrainingKind',
  description: 'Kind of training course.',
  valuesConfig: {
    VOCATIONAL_SKILL: { description: 'Vocational skill training (职业技能培训).' },
    SKILL_UPGRADE: { description: 'Skill upgrading (技能提升培训).' },
    START_UP: { description: 'Start-up training (创业培训).' },
  },
});

export enum ServiceKind {
  JOB_REFERRAL = 'JOB_REFERRAL',
  CAREER_GUIDANCE = 'CAREER_GUIDANCE',
  POLICY_CONSULTATION = 'POLICY_CONSULTATION',
}
registerEnumType(ServiceKind, {
  name: 'ServiceKind',
  description: 'Kind of free employment service.',
  valuesConfig: {
    JOB_REFERRAL: { description: 'Job referral (职业介绍).' },
    CAREER_GUIDANCE: { description: 'Career guidance (职业指导).' },
    POLICY_CONSULTATION: { description: 'Policy consultation (政策咨询).' },
  },
});

export enum ServiceOutcome {
  PLACED = 'PLACED',
  NOT_PLACED = 'NOT_PLACED',
  PENDING = 'PENDING',
  ADVISED = 'ADVISED',
}
registerEnumType(ServiceOutcome, {
  name: 'ServiceOutcome',
  description: 'What a service led to.',
  valuesConfig: {
    PLACED: { description: 'Found a job (成功就业).' },
    NOT_PLACED: { description: 'No job found.' },
    PENDING: { description: 'Still in progress.' },
    ADVISED: { description: 'Advice given.' },
  },
});

export enum DisputeKind {
  UNPAID_WAGES = 'UNPAID_WAGES',
  NO_CONTRACT = 'NO_CONTRACT',
  WORK_INJURY = 'WORK_INJURY',
  DISMISSAL = 'DISMISSAL',
  OVERTIME = 'OVERTIME',
  SOCIAL_INSURANCE = 'SOCIAL_INSURANCE',
}
registerEnumType(DisputeKind, {
  name: 'LabourDisputeKind',
  description: 'What a labour dispute is about.',
  valuesConfig: {
    UNPAID_WAGES: { description: 'Unpaid wages (拖欠工资).' },
    NO_CONTRACT: { description: 'No labour contract (未签劳动合同).' },
    WORK_INJURY: { description: 'Work injury (工伤).' },
    DISMISSAL: { description: 'Dismissal (解除劳动关系).' },
    OVERTIME: { description: 'Overtime (加班).' },
    SOCIAL_INSURANCE: { description: 'Social insurance not paid (社会保险).' },
  },
});

export enum DisputeStatus {
  OPEN = 'OPEN',
  MEDIATING = 'MEDIATING',
  ARBITRATION = 'ARBITRATION',
  CLOSED = 'CLOSED',
}
registerEnumType(DisputeStatus, {
  name: 'LabourDisputeStatus',
  description: 'Where a labour dispute stands.',
  valuesConfig: {
    OPEN: { description: 'Filed (受理).' },
    MEDIATING: { description: 'In mediation (调解中).' },
    ARBITRATION: { description: 'Before the labour arbitration committee (仲裁中).' },
    CLOSED: { description: 'Closed (结案).' },
  },
});
