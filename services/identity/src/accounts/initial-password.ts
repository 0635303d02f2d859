import { pinyin } from 'pinyin-pro';

/**
 * Two-character surnames (复姓). A name starting with one of these splits after two characters;
 * every other name after its first. Covers the 百家姓 compound surnames plus a few common ones.
 */
const COMPOUND_SURNAMES = new Set([
  '万俟', '司马', '上官', '欧阳', '夏侯', '诸葛', '闻人', '东方', '赫连', '皇甫', '尉迟', '公羊', '澹台', '公冶', '宗政', '濮阳',
  '淳于', '太叔', '申屠', '公孙', '仲孙', '轩辕', '令狐', '钟离', '宇文', '长孙', '慕容', '鲜于', '闾丘', '司徒', '司空',
  '亓官', '司寇', '子车', '颛孙', '端木', '巫马', '公西', '漆雕', '乐正', '壤驷', '公良', '拓跋', '夹谷', '宰父', '谷梁', '段干',
  '百里', '东郭', '南门', '呼延', '羊舌', '微生', '梁丘', '左丘', '东门', '西门', '南宫', '第五', '独孤', '太史',
]);

export interface SplitName {
  surname: string;
  given: string;
}

/** Splits a Chinese name into surname and given name (Keycloak lastName / firstName). */
export function splitChineseName(name: string): SplitName {
  const chars = [...name.trim()];
  if (chars.length <= 1) return { surname: chars.join(''), given: '' };
  // Names written with a middle dot (e.g. Uyghur 阿依古丽·买买提) have no Han surname: keep them whole.
  if (/[·•・.]/.test(name)) return { surname: '', given: name.trim() };
  const head = chars.slice(0, 2).join('');
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(head) ? 2 : 1;
  return { surname: chars.slice(0, surnameLength).join(''), given: chars.slice(surnameLength).join('') };
}

const toKeyboard = (s: string): string =>
  s
    .toLowerCase()
    .replace(/ü|u:/g, 'v')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z]/g, '');

/**
 * The first password of a teacher: the full toneless pinyin of the name as its owner types it
 * (lowercase, no spaces, ü as v). The surname is read as a surname (单 shan, 曾 zeng, 仇 qiu,
 * 解 xie, 区 ou, 朴 piao, 查 zha, 乐 yue), the given name with pinyin-pro's word-aware readings.
 * `override` is the reading an admin recorded for the teacher (name_pinyin); it wins.
 */
export function initialPassword(name: string, override?: string | null): string {
  if (override?.trim()) {
    const typed = toKeyboard(override);
    if (!typed) throw new Error('name_pinyin must contain latin letters');
    return typed;
  }
  const { surname, given } = splitChineseName(name);
  const read = (text: string, surnameMode: boolean) =>
    text
      ? pinyin(text, { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive', ...(surnameMode ? { surname: 'all' as const } : {}) }).join('')
      : '';
  const typed = toKeyboard(read(surname, true) + read(given, false));
  if (!typed) throw new Error('the name has no readable characters');
  return typed;
}

/** Normalises an admin-supplied reading for storage (name_pinyin); null when empty. */
export function normaliseNamePinyin(value: string | null | undefined): string | null {
  if (!value?.trim()) return null;
  const typed = toKeyboard(value);
  return typed || null;
}
