import { BIRTH_LAST_YEAR, CountyIdAllocator, firstDayOfYear } from './id-number.js';
import { type PinyinEdge, randomName } from './names.js';
import type { SyntheticUnit } from './orgs.js';
import { Rng, WeightedTable } from './prng.js';
import { type City, type County, SHANDONG_CITIES } from './shandong-regions.js';
import { type Stage, STAGES, SUBJECT_TABLES } from './stages.js';

export type Gender = 'male' | 'female';
export type Position = 'teacher' | 'principal' | 'vice-principal' | 'researcher';
export type Title = '未定级' | '三级教师' | '二级教师' | '一级教师' | '高级教师' | '正高级教师';
export const TITLES: readonly Title[] = ['未定级', '三级教师', '二级教师', '一级教师', '高级教师', '正高级教师'];

export interface SyntheticTeacher {
  /** GB 11643: county code + birth date + sequence (odd = male) + check char; unique in the province. */
  idNumber: string;
  name: string;
  /** Full pinyin as the owner reads it: the expected first password. */
  namePinyin: string;
  pinyinEdge?: readonly PinyinEdge[];
  gender: Gender;
  birthDate: string;
  phone: string;
  stage: Stage;
  /** Null for kindergarten teachers, who have no subject. */
  subject: string | null;
  title: Title;
  position: Position;
  status: 'in_service';
  unitCode: string;
  orgPath: string;
  countyCode: string;
  cityCode: string;
}

/** Ages are taken at this year so output never depends on the clock. */
const REFERENCE_YEAR = 2024;

const FEMALE_SHARE: Record<Stage, number> = { kindergarten: 0.97, primary: 0.72, middle: 0.58, high: 0.5 };

const TITLE_BY_AGE: readonly (readonly [maxAge: number, table: WeightedTable<Title>])[] = [
  [25, new WeightedTable<Title>([['未定级', 55], ['三级教师', 15], ['二级教师', 30]])],
  [30, new WeightedTable<Title>([['未定级', 5], ['二级教师', 75], ['一级教师', 20]])],
  [40, new WeightedTable<Title>([['二级教师', 30], ['一级教师', 60], ['高级教师', 10]])],
  [50, new WeightedTable<Title>([['二级教师', 10], ['一级教师', 55], ['高级教师', 35], ['正高级教师', 0.3]])],
  [Infinity, new WeightedTable<Title>([['二级教师', 7], ['一级教师', 47], ['高级教师', 45], ['正高级教师', 1]])],
];
const LEADER_TITLES = new WeightedTable<Title>([['一级教师', 35], ['高级教师', 62], ['正高级教师', 3]]);

// Mobile number blocks in use in China (13x, 15x, 166, 17x, 18x, 19x).
const PHONE_PREFIXES: readonly string[] = '130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199'.split(' ');

/**
 * The 8 digits after the prefix are a bijection (affine map mod 10^8) of the county's position in
 * the table and the teacher's index in it, so phones never repeat in a province while each county
 * stays under 735,000 teachers.
 */
const PHONE_STRIDE = 735_000;
const PHONE_MULTIPLIER = 7_368_787; // coprime to 10^8
const COUNTY_ORDINAL = new Map(SHANDONG_CITIES.flatMap((c) => c.counties).map((c, i) => [c.code, i]));

function leaderCount(size: number): number {
  if (size >= 100) return 3;
  if (size >= 20) return 2;
  if (size >= 6) return 1;
  return 0;
}

export function* generateTeachers(seed: string, counties: readonly { city: City; county: County }[], units: readonly SyntheticUnit[]): Generator<SyntheticTeacher, void, undefined> {
  const phoneOffset = new Rng(seed, 'phones').int(100_000_000);
  const byCounty = new Map<string, SyntheticUnit[]>();
  for (const unit of units) {
    const list = byCounty.get(unit.countyCode) ?? [];
    list.push(unit);
    byCounty.set(unit.countyCode, list);
  }
  for (const { county } of counties) {
    const rng = new Rng(seed, 'teachers', county.code);
    const ids = new CountyIdAllocator(county.code);
    const ordinal = COUNTY_ORDINAL.get(county.code) ?? 0;
    let index = 0;
    for (const unit of byCounty.get(county.code) ?? []) {
      const vices = unit.kind === 'institution' ? 0 : leaderCount(unit.teacherCount);
      for (let j = 0; j < unit.teacherCount; j++) {
        const position: Position = unit.kind === 'institution' ? 'researcher' : j === 0 ? 'principal' : j <= vices ? 'vice-principal' : 'teacher';
        // Researchers cover every stage of their county in turn.
        const stage: Stage = unit.stage ?? (STAGES[j % STAGES.length] as Stage);
        const leader = position === 'principal' || position === 'vice-principal';
        const femaleShare = leader ? (stage === 'kindergarten' ? 0.95 : 0.35) : FEMALE_SHARE[stage];
        const male = !rng.chance(femaleShare);
        const lastYear = leader ? 1985 : position === 'researcher' ? 1992 : BIRTH_LAST_YEAR;
        const from = firstDayOfYear(1965);
        const day = from + rng.int(firstDayOfYear(lastYear + 1) - from);
        const name = randomName(rng, male);
        const { idNumber, birthDate } = ids.allocate(day, male, rng.int(500));
        const age = REFERENCE_YEAR - Number(birthDate.slice(0, 4));
        const title = leader || (position === 'researcher' && age >= 35) ? LEADER_TITLES.pick(rng) : titleByAge(age).pick(rng);
        const suffix = ((ordinal * PHONE_STRIDE + index) * PHONE_MULTIPLIER + phoneOffset) % 100_000_000;
        const phone = rng.pick(PHONE_PREFIXES) + String(suffix).padStart(8, '0');
        const teacher: SyntheticTeacher = {
          idNumber,
          name: name.name,
          namePinyin: name.pinyin,
          gender: male ? 'male' : 'female',
          birthDate,
          phone,
          stage,
          subject: stage === 'kindergarten' ? null : SUBJECT_TABLES[stage].pick(rng),
          title,
          position,
          status: 'in_service',
          unitCode: unit.code,
          orgPath: unit.path,
          countyCode: unit.countyCode,
          cityCode: unit.cityCode,
        };
        if (name.pinyinEdge) teacher.pinyinEdge = name.pinyinEdge;
        index++;
        yield teacher;
      }
    }
  }
}

function titleByAge(age: number): WeightedTable<Title> {
  for (const [maxAge, table] of TITLE_BY_AGE) if (age <= maxAge) return table;
  throw new Error('unreachable: the last age band is open-ended');
}

