/**
 * Invented Chinese school names in the styles Yinchuan uses: public schools are numbered
 * (兴庆区第三中学) or named after their area (金凤区丽景小学); private ones carry a brand-like
 * suffix (双语幼儿园, 外国语小学). Area names reuse the community's own name, as real schools do.
 */
import type { Random } from '../../kit/random';
import { uniquePlaceBase } from '../../synthetic/names';
import type { SchoolLevel } from '../entities/school-levels';

const DIGITS = [...'零一二三四五六七八九'];

/** Chinese numeral for 1–99 (一, 十, 十一, 二十三). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumeral(${n}): 1–99 only`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const head = tens === 0 ? '' : tens === 1 ? '十' : DIGITS[tens] + '十';
  return head + (ones === 0 ? '' : DIGITS[ones]);
}

/** Suffixes by level; the first is the plain one public schools use. */
const PRIVATE_SUFFIXES: Record<SchoolLevel, readonly string[]> = {
  KINDERGARTEN: ['幼儿园', '双语幼儿园', '艺术幼儿园', '蒙氏幼儿园'],
  PRIMARY: ['实验小学', '外国语小学', '育才学校'],
  JUNIOR_SECONDARY: ['中学', '实验中学', '外国语学校'],
  SENIOR_SECONDARY: ['高级中学', '育英高级中学'],
  VOCATIONAL: ['职业技术学校'],
};
const AREA_SUFFIX: Record<SchoolLevel, string> = {
  KINDERGARTEN: '幼儿园',
  PRIMARY: '小学',
  JUNIOR_SECONDARY: '中学',
  SENIOR_SECONDARY: '高级中学',
  VOCATIONAL: '职业技术学校',
};
const NUMBERED_SUFFIX: Partial<Record<SchoolLevel, string>> = {
  KINDERGARTEN: '幼儿园',
  PRIMARY: '小学',
  JUNIOR_SECONDARY: '中学',
  SENIOR_SECONDARY: '高级中学',
};

export interface NameRequest {
  districtName: string;
  urban: boolean;
  level: SchoolLevel;
  isPublic: boolean;
  /** The community's name without 社区, e.g. 丽景. */
  communityBase: string;
  /** For a numbered public school, its number in the district; otherwise null. */
  number: number | null;
}

/** Names schools, never giving the same name twice. */
export class SchoolNamer {
  private readonly used = new Set<string>();
  private readonly freshBases = new Set<string>();

  constructor(private readonly rng: Random) {}

  name(req: NameRequest): string {
    const suffix = NUMBERED_SUFFIX[req.level];
    if (req.number !== null && suffix) return this.claim(`${req.districtName}第${chineseNumeral(req.number)}${suffix}`);
    // Vocational schools are city-run in urban districts (银川市…) and the county's own elsewhere.
    const prefix = req.level === 'VOCATIONAL' && req.urban ? '银川市' : req.districtName;
    if (req.level === 'VOCATIONAL' && !req.urban && req.isPublic) {
      const plain = `${prefix}职业技术学校`;
      if (!this.used.has(plain)) return this.claim(plain);
    }
    const end = req.isPublic ? AREA_SUFFIX[req.level] : this.rng.pick(PRIVATE_SUFFIXES[req.level]);
    let candidate = prefix + req.communityBase + end;
    // A second school of the kind in one community takes an invented area name instead.
    while (this.used.has(candidate)) candidate = prefix + uniquePlaceBase(this.rng, this.freshBases) + end;
    return this.claim(candidate);
  }

  private claim(name: string): string {
    if (this.used.has(name)) throw new Error(`School name used twice: ${name}`);
    this.used.add(name);
    return name;
  }
}
