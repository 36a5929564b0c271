/**
 * What a migrant does in each trade, and what it pays: job titles, wages by industry and year,
 * weekly hours and labour contracts. Pure tables and small draws, used by employment.ts.
 */
import type { Random } from '../../kit/random';
import type { Sex } from '../../synthetic';
import type { ContractType, EmployerSize, Industry } from './types';
// Local aliases: a global lookup per call is slow inside jest's vm sandbox (see the kit).
const { exp, max, min, round } = Math;

/** Job titles by industry: [for men, for women]. */
const TITLES: Record<Industry, readonly [readonly string[], readonly string[]]> = {
  CONSTRUCTION: [
    ['钢筋工', '木工', '瓦工', '架子工', '混凝土工', '水电安装工', '装修工', '普工', '塔吊司机', '施工员'],
    ['普工', '油漆工', '资料员', '保洁员', '炊事员'],
  ],
  MANUFACTURING: [
    ['操作工', '普工', '机修工', '焊工', '叉车司机', '质检员', '仓管员'],
    ['操作工', '普工', '包装工', '质检员', '缝纫工'],
  ],
  CATERING: [
    ['拉面师傅', '厨师', '配菜员', '服务员', '面点师', '烧烤师傅', '店长'],
    ['服务员', '面点师', '配菜员', '收银员', '洗碗工', '厨师'],
  ],
  RETAIL: [
    ['营业员', '理货员', '送货员', '仓管员', '店长'],
    ['营业员', '收银员', '理货员', '导购员', '店长'],
  ],
  LOGISTICS: [
    ['快递员', '分拣员', '货车司机', '装卸工', '仓管员', '配送员'],
    ['分拣员', '客服', '仓管员', '打包员'],
  ],
  DOMESTIC_SERVICES: [
    ['保洁员', '搬家工', '家电清洗工', '护工'],
    ['家政服务员', '育婴员', '保洁员', '养老护理员', '月嫂', '护工'],
  ],
  AGRICULTURE: [
    ['农场工', '枸杞采摘工', '葡萄园工人', '设施农业工', '饲养员', '农机手'],
    ['枸杞采摘工', '葡萄园工人', '设施农业工', '分拣包装工'],
  ],
  HALAL_FOOD_PROCESSING: [
    ['屠宰工', '牛羊肉分割工', '操作工', '冷库管理员', '送货司机'],
    ['分割工', '包装工', '质检员', '操作工'],
  ],
  OTHER_SERVICES: [
    ['保安员', '汽修工', '洗车工', '物业维修工', '美发师', '酒店服务员'],
    ['保洁员', '美容师', '美发师', '酒店服务员', '前台接待', '物业客服'],
  ],
};

export function jobTitle(rng: Random, industry: Industry, sex: Sex): string {
  return rng.pick(TITLES[industry][sex === 'MALE' ? 0 : 1]);
}

/**
 * Average monthly income of China's migrant workers (国家统计局《农民工监测调查报告》), yuan:
 * 2,609 in 2013 to 4,961 in 2024; later years continue at about 3% a year.
 */
const MIGRANT_INCOME: Record<number, number> = {
  2013: 2609,
  2014: 2864,
  2015: 3072,
  2016: 3275,
  2017: 3485,
  2018: 3721,
  2019: 3962,
  2020: 4072,
  2021: 4432,
  2022: 4615,
  2023: 4780,
  2024: 4961,
};
const FIRST_YEAR = 2013;
const LAST_YEAR = 2024;
const LATER_GROWTH = 1.03;
/** Wages in the western region run about 5% below the national average. */
const REGION_FACTOR = 0.95;

/**
 * Industry relative to the average: construction and transport pay most (the survey's 建筑业 and
 * 交通运输 run 12–17% above), catering, retail and household services below, farm work least.
 */
const INDUSTRY_WAGE: Record<Industry, number> = {
  CONSTRUCTION: 1.17,
  MANUFACTURING: 0.98,
  CATERING: 0.82,
  RETAIL: 0.84,
  LOGISTICS: 1.12,
  DOMESTIC_SERVICES: 0.86,
  AGRICULTURE: 0.74,
  HALAL_FOOD_PROCESSING: 0.92,
  OTHER_SERVICES: 0.86,
};
const SIZE_WAGE: Record<EmployerSize, number> = { MICRO: 0.95, SMALL: 1, MEDIUM: 1.05, LARGE: 1.12 };
/** Women migrants earn about 12% less on average in the same trades. */
const FEMALE_WAGE = 0.88;
/** Each earlier job adds some experience. */
const EXPERIENCE_PER_JOB = 0.04;
/** Log-normal spread between workers (sd of the log wage). */
const WAGE_SPREAD = 0.18;
/**
 * Bounds of a monthly wage here. The floor sits just above Ningxia's minimum wage for full-time
 * work (1,950 yuan in Yinchuan from 2021, 2,050 from 2024; lower before, but migrants' going rates
 * were above it); the cap keeps a few skilled site and transport jobs from running away.
 */
export const WAGE_BOUNDS = { min: 2000, max: 9000 };

function migrantIncome(year: number): number {
  if (year <= FIRST_YEAR) return MIGRANT_INCOME[FIRST_YEAR];
  if (year <= LAST_YEAR) return MIGRANT_INCOME[year];
  return MIGRANT_INCOME[LAST_YEAR] * LATER_GROWTH ** (year - LAST_YEAR);
}

/** The agreed monthly wage, whole yuan rounded to 50 as pay is usually quoted. */
export function monthlyWage(rng: Random, industry: Industry, size: EmployerSize, sex: Sex, year: number, earlierJobs: number): number {
  const mean =
    migrantIncome(year) *
    REGION_FACTOR *
    INDUSTRY_WAGE[industry] *
    SIZE_WAGE[size] *
    (sex === 'FEMALE' ? FEMALE_WAGE : 1) *
    (1 + EXPERIENCE_PER_JOB * earlierJobs);
  const wage = round((mean * exp(rng.normal(0, WAGE_SPREAD))) / 50) * 50;
  return min(WAGE_BOUNDS.max, max(WAGE_BOUNDS.min, wage));
}

/**
 * Usual weekly hours: migrants average about 49 (8.5 hours a day, 25–26 days a month); sites and
 * kitchens run longest, offices and shops nearer the statutory 40–44.
 */
const HOURS_MEAN: Record<Industry, number> = {
  CONSTRUCTION: 56,
  MANUFACTURING: 50,
  CATERING: 56,
  RETAIL: 50,
  LOGISTICS: 54,
  DOMESTIC_SERVICES: 48,
  AGRICULTURE: 50,
  HALAL_FOOD_PROCESSING: 50,
  OTHER_SERVICES: 47,
};
export const HOURS_BOUNDS = { min: 40, max: 66 };

export function weeklyHours(rng: Random, industry: Industry): number {
  return min(HOURS_BOUNDS.max, max(HOURS_BOUNDS.min, round(rng.normal(HOURS_MEAN[industry], 4.5))));
}

/**
 * Chance of a written contract. The bureau's employment registrations put it at about 65% overall
 * (the national migrant-worker survey, counting informal work too, found 35–40% in 2013–2016):
 * lowest on building sites, in households and on farms, highest in factories; bigger employers sign
 * more often.
 */
const CONTRACT_BASE: Record<Industry, number> = {
  CONSTRUCTION: 0.48,
  MANUFACTURING: 0.8,
  CATERING: 0.62,
  RETAIL: 0.68,
  LOGISTICS: 0.74,
  DOMESTIC_SERVICES: 0.4,
  AGRICULTURE: 0.42,
  HALAL_FOOD_PROCESSING: 0.76,
  OTHER_SERVICES: 0.7,
};
const CONTRACT_SIZE: Record<EmployerSize, number> = { MICRO: 0.82, SMALL: 1, MEDIUM: 1.15, LARGE: 1.25 };

/** Contract for a fixed task (以完成一定工作任务为期限): a building project, a harvest. */
const TASK_BASED: Partial<Record<Industry, number>> = { CONSTRUCTION: 0.35, AGRICULTURE: 0.3 };
const TASK_BASED_OTHER = 0.05;
/** Open-ended contracts follow long service (Labour Contract Law art. 14: 10 years or two fixed terms). */
const OPEN_ENDED = { long: 0.3, short: 0.05 };
const LONG_SERVICE_DAYS = 5 * 365;

export interface Contract {
  signed: boolean;
  type: ContractType | null;
}

export function contract(rng: Random, industry: Industry, size: EmployerSize, lengthDays: number): Contract {
  if (!rng.chance(min(0.97, CONTRACT_BASE[industry] * CONTRACT_SIZE[size]))) return { signed: false, type: null };
  if (rng.chance(TASK_BASED[industry] ?? TASK_BASED_OTHER)) return { signed: true, type: 'TASK_BASED' };
  const open = rng.chance(lengthDays >= LONG_SERVICE_DAYS ? OPEN_ENDED.long : OPEN_ENDED.short);
  return { signed: true, type: open ? 'OPEN_ENDED' : 'FIXED_TERM' };
}
