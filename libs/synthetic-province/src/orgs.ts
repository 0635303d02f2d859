import { Rng } from './prng.js';
import { type City, type County, SHANDONG } from './shandong-regions.js';
import type { Stage } from './stages.js';

export type UnitLevel = 'school' | 'kindergarten' | 'institution';
export type OrgLevel = 'province' | 'city' | 'county' | UnitLevel;
/** What a unit is: a school of one stage, a kindergarten, or the county's research office (教研室). */
export type UnitKind = 'high' | 'middle' | 'primary' | 'kindergarten' | 'institution';
export const UNIT_KINDS: readonly UnitKind[] = ['high', 'middle', 'primary', 'kindergarten', 'institution'];

export interface SyntheticOrg {
  level: OrgLevel;
  code: string;
  name: string;
  /** `/37/3701/370102/S0001`, the identity service's org path. */
  path: string;
  parentPath: string | null;
}

export interface SyntheticUnit extends SyntheticOrg {
  level: UnitLevel;
  kind: UnitKind;
  /** The stage taught; null for institutions, whose researchers cover every stage. */
  stage: Stage | null;
  cityCode: string;
  countyCode: string;
  teacherCount: number;
}

export type SizeRange = readonly [min: number, max: number];

/** How many units of each kind a county has and how many teachers each gets. */
export interface CountyProfile {
  counts: Record<UnitKind, number>;
  sizes: Record<UnitKind, SizeRange>;
}

const LEVEL_OF: Record<UnitKind, UnitLevel> = { high: 'school', middle: 'school', primary: 'school', kindergarten: 'kindergarten', institution: 'institution' };
const LETTER_OF: Record<UnitLevel, string> = { school: 'S', kindergarten: 'K', institution: 'I' };

/** Names used first (most counties have these), then numbered ones. */
const SPECIAL_NAMES: Record<UnitKind, readonly string[]> = {
  high: ['第一中学', '实验中学', '第二中学', '第三中学', '高级中学'],
  middle: ['实验初级中学', '第一初级中学', '育才中学', '第二初级中学', '实验学校'],
  primary: ['实验小学', '第一实验小学', '第二实验小学', '育英小学', '明德小学', '师范附属小学', '胜利小学'],
  kindergarten: ['实验幼儿园', '机关幼儿园', '中心幼儿园', '第一实验幼儿园', '第二实验幼儿园'],
  institution: ['教学研究室', '教育科学研究所', '教师发展中心'],
};
const NUMBERED: Record<UnitKind, (n: string) => string> = {
  high: (n) => `第${n}中学`,
  middle: (n) => `第${n}初级中学`,
  primary: (n) => `第${n}小学`,
  kindergarten: (n) => `第${n}幼儿园`,
  institution: (n) => `第${n}教研室`,
};

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 105 → 一百零五, 110 → 一百一十; up to 9999. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new Error(`no numeral for ${n}`);
  if (n < 10) return DIGITS[n] as string;
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  const units: [number, string][] = [[1000, '千'], [100, '百'], [10, '十'], [1, '']];
  let out = '';
  let pendingZero = false;
  for (const [size, unit] of units) {
    const digit = Math.floor(n / size) % 10;
    if (digit === 0) {
      if (out !== '') pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += (DIGITS[digit] as string) + unit;
  }
  return out;
}

/** Schools in districts carry the city name ("济南市历下区第一实验小学"); counties and county-level cities don't ("曹县第一中学"). */
function namePrefix(city: City, county: County): string {
  return county.name.endsWith('区') ? city.name + county.name : county.name;
}

export function provinceOrg(): SyntheticOrg {
  return { level: 'province', code: SHANDONG.code, name: SHANDONG.name, path: `/${SHANDONG.code}`, parentPath: null };
}

export function cityOrg(city: City): SyntheticOrg {
  return { level: 'city', code: city.code, name: city.name, path: `/${SHANDONG.code}/${city.code}`, parentPath: `/${SHANDONG.code}` };
}

export function countyOrg(city: City, county: County): SyntheticOrg {
  const parentPath = `/${SHANDONG.code}/${city.code}`;
  return { level: 'county', code: county.code, name: city.name + county.name, path: `${parentPath}/${county.code}`, parentPath };
}

/**
 * A county's units with their raw sizes. `scale` multiplies unit counts (a county factor and the
 * requested density); every kind the profile has keeps at least one unit so each stage is present.
 */
export function countyUnits(seed: string, city: City, county: County, profile: CountyProfile, scale: number): SyntheticUnit[] {
  const rng = new Rng(seed, 'units', county.code);
  const parentPath = `/${SHANDONG.code}/${city.code}/${county.code}`;
  const prefix = namePrefix(city, county);
  const next: Record<UnitLevel, number> = { school: 1, kindergarten: 1, institution: 1 };
  const units: SyntheticUnit[] = [];
  for (const kind of UNIT_KINDS) {
    const count = profile.counts[kind] === 0 ? 0 : Math.max(1, Math.round(profile.counts[kind] * scale));
    const used = new Set<string>();
    let numbered = 1;
    const [min, max] = profile.sizes[kind];
    for (let i = 0; i < count; i++) {
      let name = SPECIAL_NAMES[kind][i];
      while (name === undefined || used.has(name)) {
        const n = numbered++;
        name = NUMBERED[kind](n <= 9999 ? chineseNumeral(n) : String(n));
      }
      used.add(name);
      const level = LEVEL_OF[kind];
      const code = `${LETTER_OF[level]}${String(next[level]++).padStart(4, '0')}`;
      units.push({
        level,
        kind,
        stage: kind === 'institution' ? null : kind,
        code,
        name: prefix + name,
        path: `${parentPath}/${code}`,
        parentPath,
        cityCode: city.code,
        countyCode: county.code,
        teacherCount: rng.between(min, max),
      });
    }
  }
  return units;
}
