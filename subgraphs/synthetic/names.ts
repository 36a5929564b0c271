/**
 * Word parts for invented names of people, places and roads. Names are random combinations of
 * common characters, so they resemble real usage without describing anyone.
 */
import { Random, WeightedTable } from '../kit/random';

interface WeightedChar {
  text: string;
  weight: number;
}

/** Parses "马30 杨6 …" (no number = weight 1) into a weighted table of single characters. */
function weightedChars(spec: string): WeightedTable<WeightedChar> {
  const entries = spec
    .trim()
    .split(/\s+/)
    .map((token) => ({ text: token[0], weight: Number(token.slice(1) || 1) }));
  return new WeightedTable(entries, (e) => e.weight);
}

/** Family names frequent among the Hui and related Muslim groups of the northwest (马 by far). */
const HUI_FAMILY_NAMES = weightedChars(
  '马40 杨6 丁5 李5 王5 金3 海3 穆3 白3 韩3 张3 纳2 哈2 冶2 沙2 田2 苏2 何2 安2 刘2 ' + '锁1 拜1 妥1 虎1 摆1 喇1 撒1 鲜1 者1 答1',
);

/** Common family names across China, weighted roughly by frequency. */
const GENERAL_FAMILY_NAMES = weightedChars(
  '王10 李10 张9 刘7 陈5 杨5 赵4 马4 黄3 周3 吴3 徐3 孙3 胡2 朱2 高2 郭2 何2 罗2 宋2 郑2 韩2 ' +
    '梁 谢 唐 冯 于 董 程 曹 袁 邓 许 沈 彭 吕 苏 卢 蒋 蔡 贾 丁 魏 薛 叶 阎 余 潘 杜 戴 夏 ' +
    '钟 汪 田 任 姜 范 方 石 姚 谭 廖 邹 熊 金 陆 郝 孔 白 崔 康 毛 邱 秦 江 史 顾 侯 邵 孟 ' +
    '龙 万 段 雷 钱 汤 尹 易 常 武 乔 贺 文 拓 牛 祁',
);

const MALE_GIVEN = [...'伟强军平刚勇杰涛明超海斌鹏辉华林磊鑫龙俊峰文成东福贵山忠学义德虎兵亮飞宁瑞祥宝新国建浩宇轩博睿哲'];
const FEMALE_GIVEN = [...'芳娟敏静丽艳霞燕玲梅兰花琴红萍莉娜婷雪慧洁秀英凤桂月倩云悦欣怡涵萱琪瑶妍蕾佳晶'];
const SHARED_GIVEN = [...'文宁春晓安永晨子雨思嘉梓一心乐'];

/** Groups whose members often carry the Hui-typical family names. */
const HUI_LIKE_ETHNIC_NAMES = new Set(['Hui', 'Dongxiang', 'Salar', 'Bonan']);

export function familyName(rng: Random, ethnicNameEn: string): string {
  const table = HUI_LIKE_ETHNIC_NAMES.has(ethnicNameEn) ? HUI_FAMILY_NAMES : GENERAL_FAMILY_NAMES;
  return table.pick(rng).text;
}

/** One or two characters; about a third of people have a one-character given name. */
export function givenName(rng: Random, sex: 'MALE' | 'FEMALE'): string {
  const own = sex === 'MALE' ? MALE_GIVEN : FEMALE_GIVEN;
  const char = () => (rng.chance(0.2) ? rng.pick(SHARED_GIVEN) : rng.pick(own));
  if (rng.chance(0.33)) return rng.pick(own);
  const first = char();
  let second = char();
  if (second === first && !rng.chance(0.3)) second = rng.pick(own); // 婷婷 happens, but rarely
  return first + second;
}

/** Neutral, auspicious-sounding parts for invented place names. */
const PLACE_FIRST = [...'安和康宁丰瑞祥兴泰福华景明清平嘉润盛春光永长新惠德顺怡锦秀同民育通裕隆昌'];
const PLACE_SECOND = [...'园苑湖源林泉桥阳河庄城丘渠滩川坊堡门塘台岗湾田苗'];
const ROAD_SUFFIX = ['路', '路', '路', '街', '巷', '大街'];

/** A two-character base name, unique among the names already in `used`. */
export function uniquePlaceBase(rng: Random, used: Set<string>): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const base = rng.pick(PLACE_FIRST) + rng.pick(PLACE_SECOND);
    if (!used.has(base)) {
      used.add(base);
      return base;
    }
  }
  throw new Error('Ran out of place names');
}

export function roadName(rng: Random): string {
  return rng.pick(PLACE_FIRST) + rng.pick(PLACE_SECOND) + rng.pick(ROAD_SUFFIX);
}
