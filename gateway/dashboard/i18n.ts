/** Chinese and English labels. The page starts in Chinese; the choice is kept in localStorage. */
import { WITHHELD_MARK } from '../reports/tables';
import type { DistrictKind } from './generated/operations';

export type Lang = 'zh' | 'en';

/** A label in both languages. */
export interface Label {
  zh: string;
  en: string;
}

const STORAGE_KEY = 'dashboard.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/**
 * Anything with a code, a Chinese `name` and an English `nameEn` (districts, regions, ethnic groups). A district's
 * names come from civil affairs and are null while that bureau is unavailable.
 */
export interface Named {
  code: string;
  name: string | null;
  nameEn: string | null;
}

/** The name in the language, else the Chinese name (streets and communities have no English one), else the code. */
export function placeName(item: Named, lang: Lang): string {
  return (lang === 'en' ? item.nameEn : null) ?? item.name ?? item.code;
}

/** The label of a district's kind (null while civil affairs is unavailable). */
export function kindLabel(kind: DistrictKind | null): Label {
  return kind === null ? L.noValue : L[kind];
}

export function formatInt(value: number, lang: Lang): string {
  return value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A decimal string in yuan ("120000.00") with thousands separators, without going through a float. */
export function formatMoney(amount: string, lang: Lang): string {
  const [whole, fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = fraction && !/^0*$/.test(fraction) ? `${grouped}.${fraction}` : grouped;
  return lang === 'zh' ? `${text} 元` : `¥${text}`;
}

/** Every fixed text of the page. */
export const L = {
  pageTitle: { zh: '银川市流动人口决策分析', en: 'Yinchuan migrant population: decision analysis' },
  pageSubtitle: {
    zh: '数据来自市公安局、民政局、教育局、人社局、卫生局的联邦图谱（GraphQL 网关公开接口）',
    en: 'Figures from the public security, civil affairs, education, human resources and health bureaus, through the gateway’s public GraphQL endpoint',
  },
  switchLang: { zh: 'English', en: '中文' },
  changeToken: { zh: '更换令牌', en: 'Change token' },
  loading: { zh: '加载中…', en: 'Loading…' },
  suppressed: WITHHELD_MARK,
  noValue: { zh: '无', en: 'n/a' },
  suppressedNote: { zh: '注：小于10的数不公开。', en: 'Note: Counts of 1–9 are suppressed (<10).' },
  tokenTitle: { zh: '需要分析人员令牌', en: 'An analyst token is needed' },
  tokenHelp: {
    zh: '在终端中运行下面的命令，把打印出的令牌粘贴到这里：',
    en: 'Run this in a terminal and paste the token it prints here:',
  },
  tokenRefused: { zh: '令牌被拒绝，请粘贴新的令牌。', en: 'The token was refused: paste a new one.' },
  tokenPlaceholder: { zh: 'eyJhbGciOiJFUzI1NiJ9…', en: 'eyJhbGciOiJFUzI1NiJ9…' },
  tokenSubmit: { zh: '打开看板', en: 'Open the dashboard' },
  errorTitle: { zh: '查询失败', en: 'The query failed' },
  queryFile: { zh: '查询', en: 'Query' },
  rangeTitle: { zh: '时间范围（月度趋势）', en: 'Time range (monthly trends)' },
  rangeFrom: { zh: '起', en: 'From' },
  rangeTo: { zh: '止', en: 'To' },
  rangeApply: { zh: '应用', en: 'Apply' },
  rangeRefused: { zh: '服务器拒绝了所选时间范围', en: 'The server refused the time range' },
  reportRange: { zh: '月度趋势', en: 'Monthly trends' },
  reportRelease: { zh: '统计截止', en: 'Figures as of' },
  exportCsv: { zh: '下载 CSV 文件', en: 'Download as CSV' },
  exportXlsx: { zh: '下载 Excel 文件', en: 'Download as Excel' },
  placeTitle: { zh: '地点', en: 'Place' },
  placeDistrict: { zh: '区县', en: 'District' },
  placeStreet: { zh: '街道', en: 'Street' },
  placeCommunity: { zh: '社区', en: 'Community' },
  wholeCity: { zh: '全市', en: 'Whole city' },
  wholeDistrict: { zh: '全区县', en: 'Whole district' },
  wholeStreet: { zh: '全街道', en: 'Whole street' },
  reportPlace: { zh: '地点', en: 'Place' },
  // district kinds
  URBAN_DISTRICT: { zh: '市辖区', en: 'urban district' },
  COUNTY: { zh: '县', en: 'county' },
  COUNTY_LEVEL_CITY: { zh: '县级市', en: 'county-level city' },
} satisfies Record<string, Label>;

export function t(label: Label, lang: Lang): string {
  return label[lang];
}
