/**
 * Invented Chinese employer names in the registered form 行政区划 + 字号 + 行业 + 组织形式
 * (银川市丽景建筑工程有限公司), and the shop style of small catering and retail businesses
 * (金凤区马记清真餐饮店). Trade names come from auspicious characters, from the community's own
 * name (as real firms often do) or, for family shops, the owner's surname from the kit's lists.
 */
import type { Random } from '../../kit/random';
import { familyName } from '../../synthetic/names';
import type { EmployerSize, Industry } from './types';

/** Characters common in company trade names (字号). */
const BRAND_FIRST = [...'鑫隆盛恒宏嘉瑞金丰顺兴华宇昌博德信诚汇鼎睿腾凯丽润祥安和永正新佳锦众聚伟天'];
const BRAND_SECOND = [...'达源泰通远利昌盛发祥辉邦晟业凯途峰诚合创禾荣丰源华'];

/** Trade words of registered companies, by industry. */
const COMPANY_TRADES: Record<Industry, readonly string[]> = {
  CONSTRUCTION: ['建筑工程', '建设工程', '建筑劳务', '装饰工程', '建筑安装工程', '市政工程'],
  MANUFACTURING: ['机械制造', '新材料', '建材', '塑业', '服装', '电子科技', '门窗', '纸业'],
  CATERING: ['餐饮管理', '清真餐饮管理', '餐饮服务'],
  RETAIL: ['商贸', '百货', '超市', '贸易'],
  LOGISTICS: ['物流', '供应链管理', '快递服务', '运输', '货运'],
  DOMESTIC_SERVICES: ['家政服务', '保洁服务', '母婴护理服务', '养老服务'],
  AGRICULTURE: ['农业科技', '枸杞种植', '葡萄种植', '生态农业', '蔬菜种植', '农牧'],
  HALAL_FOOD_PROCESSING: ['清真食品', '清真牛羊肉食品', '清真肉食品加工', '清真乳业', '清真调味品'],
  OTHER_SERVICES: ['物业服务', '保安服务', '汽车服务', '酒店管理', '美容美发'],
};

/** Shop-style names (店, 馆, 部) of micro businesses, by industry; none for construction. */
const SHOP_TRADES: Partial<Record<Industry, readonly string[]>> = {
  CATERING: ['清真餐饮店', '牛肉拉面馆', '手抓羊肉馆', '清真饭馆', '羊杂碎店', '快餐店', '烩小吃店'],
  RETAIL: ['便利店', '超市', '副食店', '清真食品店', '五金店', '服装店'],
  LOGISTICS: ['快递服务部'],
  DOMESTIC_SERVICES: ['家政服务部'],
  HALAL_FOOD_PROCESSING: ['清真食品加工厂', '清真糕点坊'],
  OTHER_SERVICES: ['汽车修理部', '美发店', '洗车行', '维修服务部'],
};

/** Micro businesses of these kinds mostly trade under a shop name rather than as a company. */
const SHOP_SHARE = 0.6;
/** Family shops often carry the owner's surname: 马记. Catering and halal food are mostly Hui-run. */
const SURNAME_SHARE = 0.45;
const COMMUNITY_BRAND_SHARE = 0.3;

export interface EmployerNameRequest {
  industry: Industry;
  size: EmployerSize;
  /** e.g. 金凤区. */
  districtName: string;
  urban: boolean;
  /** The community's name without 社区, e.g. 丽景. */
  communityBase: string;
}

/** An invented two-character trade name (字号), e.g. 鑫达. */
export function tradeName(rng: Random): string {
  return rng.pick(BRAND_FIRST) + rng.pick(BRAND_SECOND);
}

/** Names employers, never giving the same name twice. */
export class EmployerNamer {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  name(req: EmployerNameRequest): string {
    for (let attempt = 0; ; attempt++) {
      const candidate = this.candidate(req, attempt);
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        return candidate;
      }
    }
  }

  private candidate(req: EmployerNameRequest, attempt: number): string {
    const rng = this.rng;
    const shops = SHOP_TRADES[req.industry];
    // After many clashes, fall back to a plain invented brand (always enough of them).
    const brand = attempt < 5 && rng.chance(COMMUNITY_BRAND_SHARE) ? req.communityBase : tradeName(rng);
    if (req.size === 'MICRO' && shops && rng.chance(SHOP_SHARE)) {
      const hui = req.industry === 'CATERING' || req.industry === 'HALAL_FOOD_PROCESSING';
      const owner = rng.chance(SURNAME_SHARE) ? familyName(rng, hui ? 'Hui' : 'Han') + '记' : brand;
      return req.districtName + owner + rng.pick(shops);
    }
    return this.prefix(req) + brand + rng.pick(COMPANY_TRADES[req.industry]) + this.form(req.size);
  }

  /** Large firms register with the region's name; others with the city's or the district's. */
  private prefix(req: EmployerNameRequest): string {
    const u = this.rng.next();
    if (req.size === 'LARGE' || req.size === 'MEDIUM') return u < 0.6 ? '宁夏' : '银川';
    if (!req.urban) return u < 0.7 ? req.districtName : '宁夏';
    return u < 0.45 ? '银川市' : u < 0.75 ? req.districtName : '宁夏';
  }

  private form(size: EmployerSize): string {
    const u = this.rng.next();
    if (size === 'LARGE') return u < 0.3 ? '集团有限公司' : u < 0.5 ? '股份有限公司' : '有限公司';
    if (size === 'MEDIUM') return u < 0.2 ? '有限责任公司' : '有限公司';
    return '有限公司';
  }
}
