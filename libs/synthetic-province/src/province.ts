import { cityOrg, countyOrg, countyUnits, provinceOrg, type CountyProfile, type SizeRange, type SyntheticOrg, type SyntheticUnit, type UnitKind } from './orgs.js';
import { Rng } from './prng.js';
import { type City, type County, SHANDONG_CITIES } from './shandong-regions.js';
import { generateTeachers, type SyntheticTeacher } from './teachers.js';

export type Scale = 'demo' | 'city' | 'province' | number;

export interface ProvinceOptions {
  /** Same seed → same province, byte for byte. */
  seed: number | string;
  /** Use only the first N counties of the scale's selection (table order: 历下区, 市中区, …). */
  counties?: number;
  /** Teachers per school and kindergarten, inclusive; institutions keep their own size. */
  teachersPerSchool?: SizeRange;
  /**
   * Units of each kind per county instead of the scale's (real-density scales still vary them by
   * county); 0 = none of that kind. Codes follow UNIT_KINDS order, so a county without high and middle
   * schools numbers its primary schools from S0001.
   */
  unitsPerCounty?: Partial<Record<UnitKind, number>>;
  /**
   * `demo`: 2 counties of a few small units (~350 teachers). `city`: 济南's 12 counties at real
   * density (~100k). `province`: all 136 counties (~1.1 M). A number: exactly that many teachers,
   * over as many counties as real density needs (or `counties`). Default `demo`.
   */
  scale?: Scale;
}

export interface SyntheticProvince {
  readonly seed: string;
  readonly counties: readonly { city: City; county: County }[];
  /** Province, cities, counties, then every unit: parents always before children. */
  readonly orgs: readonly SyntheticOrg[];
  readonly units: readonly SyntheticUnit[];
  /** Exactly how many teachers `teachers()` yields. */
  readonly teacherCount: number;
  /** A fresh stream each call, identical every time; holds one county's ID bookkeeping at a time. */
  teachers(): Generator<SyntheticTeacher, void, undefined>;
}

/** Real-density county: ≈ 8,130 teachers, so 136 counties ≈ 1.1 M (Shandong's full-time K-12 + kindergarten teachers). */
const REAL: CountyProfile = {
  counts: { high: 5, middle: 24, primary: 75, kindergarten: 145, institution: 1 },
  sizes: { high: [120, 340], middle: [30, 140], primary: [12, 80], kindergarten: [5, 17], institution: [10, 40] },
};
const DEMO: CountyProfile = {
  counts: { high: 2, middle: 2, primary: 3, kindergarten: 3, institution: 1 },
  sizes: { high: [15, 30], middle: [15, 30], primary: [12, 25], kindergarten: [6, 12], institution: [4, 8] },
};
const SCHOOL_KINDS: readonly UnitKind[] = ['high', 'middle', 'primary', 'kindergarten'];

function expectedPerCounty(profile: CountyProfile): number {
  return (Object.keys(profile.counts) as UnitKind[]).reduce((sum, k) => sum + (profile.counts[k] * (profile.sizes[k][0] + profile.sizes[k][1])) / 2, 0);
}

const ALL_COUNTIES: readonly { city: City; county: County }[] = SHANDONG_CITIES.flatMap((city) => city.counties.map((county) => ({ city, county })));

export function generateProvince(options: ProvinceOptions): SyntheticProvince {
  const seed = String(options.seed);
  const scale = options.scale ?? 'demo';
  const range = options.teachersPerSchool;
  if (range && !(Number.isInteger(range[0]) && Number.isInteger(range[1]) && range[0] >= 1 && range[0] <= range[1])) {
    throw new Error(`teachersPerSchool must be [min, max] with 1 ≤ min ≤ max, got [${range.join(', ')}]`);
  }
  if (options.counties !== undefined && !(Number.isInteger(options.counties) && options.counties >= 1)) {
    throw new Error(`counties must be a positive integer, got ${options.counties}`);
  }
  if (typeof scale === 'number' && !(Number.isInteger(scale) && scale >= 0)) throw new Error(`scale must be a non-negative integer, got ${scale}`);

  const base = scale === 'demo' ? DEMO : REAL;
  const counts = { ...base.counts, ...options.unitsPerCounty };
  for (const [kind, n] of Object.entries(counts)) {
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`unitsPerCounty.${kind} must be a non-negative integer, got ${n}`);
  }
  if (Object.values(counts).every((n) => n === 0)) throw new Error('unitsPerCounty leaves a county without any unit');
  const profile: CountyProfile = { counts, sizes: range ? { ...base.sizes, ...Object.fromEntries(SCHOOL_KINDS.map((k) => [k, range])) } : base.sizes };
  const perCounty = expectedPerCounty(profile);

  let selection: readonly { city: City; county: County }[];
  switch (scale) {
    case 'demo':
      selection = ALL_COUNTIES.slice(0, options.counties ?? 2);
      break;
    case 'city':
      selection = ALL_COUNTIES.filter((c) => c.city.code === '3701');
      break;
    case 'province':
      selection = ALL_COUNTIES;
      break;
    default:
      selection = ALL_COUNTIES.slice(0, options.counties ?? Math.min(ALL_COUNTIES.length, Math.max(1, Math.ceil(scale / perCounty))));
  }
  if (options.counties !== undefined) selection = selection.slice(0, options.counties);

  // A numeric scale sets the density of units; the exact total is then shared out below.
  const density = typeof scale === 'number' ? scale / (selection.length * perCounty) : 1;
  const units = selection.flatMap(({ city, county }) => {
    // Districts and counties differ in size; the factor is per county so limiting counties changes nothing else.
    const factor = scale === 'demo' ? 1 : 0.7 + 0.6 * new Rng(seed, 'county-factor', county.code).next();
    return countyUnits(seed, city, county, profile, factor * density);
  });
  if (typeof scale === 'number') shareOut(units, scale);

  const cities = [...new Map(selection.map(({ city }) => [city.code, city])).values()];
  const orgs: SyntheticOrg[] = [provinceOrg(), ...cities.map(cityOrg), ...selection.map(({ city, county }) => countyOrg(city, county)), ...units];
  const teacherCount = units.reduce((sum, u) => sum + u.teacherCount, 0);
  return {
    seed,
    counties: selection,
    orgs,
    units,
    teacherCount,
    teachers: () => generateTeachers(seed, selection, units),
  };
}

/** Rescales the units' sizes so they sum to exactly `total`, keeping their proportions (cumulative rounding). */
function shareOut(units: SyntheticUnit[], total: number): void {
  const raw = units.reduce((sum, u) => sum + u.teacherCount, 0);
  let cumulative = 0;
  let given = 0;
  for (const unit of units) {
    cumulative += unit.teacherCount;
    const upTo = Math.round((total * cumulative) / raw);
    unit.teacherCount = upTo - given;
    given = upTo;
  }
}
