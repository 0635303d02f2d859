import { type Rng, WeightedTable } from './prng.js';

/**
 * Chinese names with their expected full pinyin (toneless, ü kept as "ü"), the reading the owner
 * expects. That pinyin is what the first login password is derived from, so names whose reading a
 * naive converter gets wrong carry `pinyinEdge` tags for a later pinyin feature to test against.
 */
export type PinyinEdge =
  /** ü in the reading (吕 lü): typed as "v" or "u" by different systems. */
  | 'u-umlaut'
  /** A surname read differently from the character's common reading (单 shàn, not dān). */
  | 'polyphonic-surname'
  /** Two-character surname (欧阳, 诸葛). */
  | 'compound-surname'
  /** A later syllable starts with a vowel, so the joined pinyin is ambiguous without an apostrophe (xi'an). */
  | 'syllable-boundary';

interface Surname {
  readonly chars: string;
  readonly pinyin: string;
  readonly edges: readonly PinyinEdge[];
}

// Weights: per-mille shares, roughly the national ranking nudged to Shandong (孙, 高, 于, 刘 are more common there).
const COMMON: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 74], ['李', 'li', 72], ['张', 'zhang', 68], ['刘', 'liu', 60], ['陈', 'chen', 30], ['杨', 'yang', 28],
  ['赵', 'zhao', 26], ['黄', 'huang', 14], ['周', 'zhou', 18], ['吴', 'wu', 14], ['徐', 'xu', 18], ['孙', 'sun', 26],
  ['胡', 'hu', 10], ['朱', 'zhu', 14], ['高', 'gao', 20], ['林', 'lin', 8], ['何', 'he', 6], ['郭', 'guo', 14],
  ['马', 'ma', 14], ['罗', 'luo', 5], ['梁', 'liang', 8], ['宋', 'song', 12], ['郑', 'zheng', 8], ['谢', 'xie', 6],
  ['韩', 'han', 10], ['唐', 'tang', 6], ['冯', 'feng', 7], ['于', 'yu', 14], ['董', 'dong', 10], ['萧', 'xiao', 2],
  ['肖', 'xiao', 5], ['程', 'cheng', 6], ['曹', 'cao', 8], ['袁', 'yuan', 5], ['邓', 'deng', 4], ['许', 'xu', 7],
  ['傅', 'fu', 3], ['沈', 'shen', 4], ['彭', 'peng', 4], ['苏', 'su', 6], ['卢', 'lu', 6], ['蒋', 'jiang', 4],
  ['蔡', 'cai', 4], ['贾', 'jia', 6], ['丁', 'ding', 7], ['魏', 'wei', 8], ['薛', 'xue', 5], ['叶', 'ye', 4],
  ['阎', 'yan', 3], ['闫', 'yan', 4], ['余', 'yu', 3], ['潘', 'pan', 4], ['杜', 'du', 6], ['戴', 'dai', 3],
  ['夏', 'xia', 4], ['钟', 'zhong', 3], ['汪', 'wang', 3], ['田', 'tian', 7], ['任', 'ren', 6], ['姜', 'jiang', 8],
  ['范', 'fan', 5], ['方', 'fang', 4], ['石', 'shi', 5], ['姚', 'yao', 4], ['谭', 'tan', 3], ['廖', 'liao', 2],
  ['邹', 'zou', 3], ['熊', 'xiong', 2], ['金', 'jin', 3], ['陆', 'lu', 3], ['郝', 'hao', 4], ['孔', 'kong', 5],
  ['白', 'bai', 4], ['崔', 'cui', 6], ['康', 'kang', 3], ['毛', 'mao', 3], ['邱', 'qiu', 3], ['秦', 'qin', 4],
  ['江', 'jiang', 3], ['史', 'shi', 4], ['顾', 'gu', 2], ['侯', 'hou', 4], ['邵', 'shao', 3], ['孟', 'meng', 6],
  ['龙', 'long', 2], ['万', 'wan', 2], ['段', 'duan', 3], ['雷', 'lei', 2], ['钱', 'qian', 2], ['汤', 'tang', 2],
  ['尹', 'yin', 3], ['黎', 'li', 1], ['易', 'yi', 1], ['常', 'chang', 3], ['武', 'wu', 4], ['乔', 'qiao', 3],
  ['贺', 'he', 2], ['赖', 'lai', 1], ['龚', 'gong', 1], ['文', 'wen', 2], ['牛', 'niu', 3], ['房', 'fang', 2],
  ['鞠', 'ju', 2], ['隋', 'sui', 2], ['宫', 'gong', 2], ['殷', 'yin', 1], ['安', 'an', 2], ['欧', 'ou', 1],
];

// Readings a converter picking the most common reading gets wrong, or that need special care.
const EDGE: readonly (readonly [string, string, number, readonly PinyinEdge[]])[] = [
  ['吕', 'lü', 5, ['u-umlaut']],
  ['曾', 'zeng', 4, ['polyphonic-surname']], // not céng
  ['单', 'shan', 1.5, ['polyphonic-surname']], // not dān
  ['乐', 'yue', 0.6, ['polyphonic-surname']], // not lè
  ['解', 'xie', 1, ['polyphonic-surname']], // not jiě
  ['仇', 'qiu', 0.6, ['polyphonic-surname']], // not chóu
  ['查', 'zha', 0.5, ['polyphonic-surname']], // not chá
  ['盖', 'ge', 1, ['polyphonic-surname']], // not gài; a Shandong surname
  ['区', 'ou', 0.3, ['polyphonic-surname']], // not qū
  ['朴', 'piao', 0.3, ['polyphonic-surname']], // not pǔ
  ['缪', 'miao', 0.4, ['polyphonic-surname']], // not móu/miù
  ['覃', 'qin', 0.3, ['polyphonic-surname']], // not tán
  ['欧阳', 'ouyang', 0.8, ['compound-surname']],
  ['诸葛', 'zhuge', 0.5, ['compound-surname']],
  ['司马', 'sima', 0.4, ['compound-surname']],
  ['上官', 'shangguan', 0.3, ['compound-surname']],
  ['东方', 'dongfang', 0.2, ['compound-surname']],
  ['尉迟', 'yuchi', 0.1, ['compound-surname', 'polyphonic-surname']],
  ['万俟', 'moqi', 0.05, ['compound-surname', 'polyphonic-surname']],
];

const SURNAMES = new WeightedTable<Surname>([
  ...COMMON.map(([chars, pinyin, w]) => [{ chars, pinyin, edges: [] }, w] as const),
  ...EDGE.map(([chars, pinyin, w, edges]) => [{ chars, pinyin, edges }, w] as const),
]);

/** Given-name characters with the reading they have in names; no character here is read two ways in names. */
const MALE_CHARS = parse(
  '伟wei 强qiang 磊lei 军jun 勇yong 杰jie 涛tao 斌bin 超chao 明ming 刚gang 平ping 辉hui 鹏peng 华hua 飞fei 鑫xin ' +
    '波bo 宇yu 浩hao 凯kai 健jian 俊jun 帆fan 帅shuai 旭xu 宁ning 龙long 林lin 阳yang 博bo 志zhi 建jian 国guo ' +
    '峰feng 东dong 海hai 亮liang 成cheng 振zhen 昊hao 轩xuan 泽ze 宏hong 立li 永yong 庆qing 松song 正zheng ' +
    '鸿hong 毅yi 锋feng 坤kun 彬bin 琦qi 晨chen 铭ming 翔xiang 睿rui 岩yan 山shan 德de 兴xing 胜sheng 广guang',
);
const FEMALE_CHARS = parse(
  '丽li 静jing 敏min 燕yan 艳yan 娟juan 霞xia 芳fang 娜na 秀xiu 英ying 慧hui 玲ling 婷ting 雪xue 琳lin 颖ying ' +
    '倩qian 洁jie 梅mei 莉li 红hong 晶jing 欣xin 悦yue 佳jia 雨yu 萍ping 璐lu 瑶yao 琪qi 彤tong 怡yi 蕾lei ' +
    '薇wei 露lu 月yue 冰bing 楠nan 妍yan 青qing 玉yu 春chun 兰lan 凤feng 岚lan 媛yuan 婕jie 蓉rong 琴qin 云yun',
);
const NEUTRAL_CHARS = parse(
  '文wen 晓xiao 子zi 天tian 一yi 嘉jia 新xin 思si 雅ya 宁ning 安an 恩en 爱ai 瑞rui 晴qing 鑫xin 家jia 梦meng 心xin',
);

interface NameChar {
  readonly char: string;
  readonly pinyin: string;
}

function parse(list: string): readonly NameChar[] {
  return list.split(' ').map((token) => ({ char: token.slice(0, 1), pinyin: token.slice(1) }));
}

export interface ChineseName {
  readonly name: string;
  /** Full toneless pinyin as the owner reads it, e.g. "lüxiaoan", "shanjing". */
  readonly pinyin: string;
  /** Present only for names a pinyin feature must get right on purpose. */
  readonly pinyinEdge?: readonly PinyinEdge[];
}

export function randomName(rng: Rng, male: boolean): ChineseName {
  const surname = SURNAMES.pick(rng);
  const own = male ? MALE_CHARS : FEMALE_CHARS;
  const pickChar = (): NameChar => (rng.chance(0.25) ? rng.pick(NEUTRAL_CHARS) : rng.pick(own));
  const given = rng.chance(0.3) ? [pickChar()] : [pickChar(), pickChar()];
  const edges = new Set<PinyinEdge>(surname.edges);
  if (given.some((g) => /^[aoe]/.test(g.pinyin))) edges.add('syllable-boundary');
  const name = surname.chars + given.map((g) => g.char).join('');
  const pinyin = surname.pinyin + given.map((g) => g.pinyin).join('');
  return edges.size > 0 ? { name, pinyin, pinyinEdge: [...edges] } : { name, pinyin };
}

/** Every surname the generator can produce, for tests. */
export const SURNAME_LIST: readonly string[] = SURNAMES.items.map((s) => s.chars);

