import fc from 'fast-check';
import { gb11643Valid } from './gb11643.spec-helper.js';
import { generateProvince } from './province.js';
import { STAGE_SUBJECTS } from './stages.js';
import { type SyntheticTeacher, TITLES } from './teachers.js';
import type { SyntheticProvince } from './province.js';

function take<T>(iterable: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const item of iterable) {
    if (out.length >= n) break;
    out.push(item);
  }
  return out;
}

function isRealDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** Every rule a single teacher must satisfy; returns the first broken one. */
function teacherProblem(t: SyntheticTeacher, province: SyntheticProvince): string | null {
  const unit = province.units.find((u) => u.path === t.orgPath);
  if (!gb11643Valid(t.idNumber)) return `bad checksum ${t.idNumber}`;
  if (t.idNumber.slice(0, 6) !== t.countyCode) return `region ${t.idNumber} vs county ${t.countyCode}`;
  if (!t.orgPath.startsWith(`/37/${t.cityCode}/${t.countyCode}/`) || !t.countyCode.startsWith(t.cityCode)) return `path ${t.orgPath}`;
  if (Number(t.idNumber[16]) % 2 !== (t.gender === 'male' ? 1 : 0)) return `parity ${t.idNumber} ${t.gender}`;
  if (t.idNumber.slice(14, 17) === '000') return `sequence 000 ${t.idNumber}`;
  if (!isRealDate(t.birthDate) || t.birthDate < '1965-01-01' || t.birthDate > '2001-12-31') return `birth date ${t.birthDate}`;
  if (t.idNumber.slice(6, 14) !== t.birthDate.replaceAll('-', '')) return `birth date ${t.birthDate} vs ${t.idNumber}`;
  if (t.stage === 'kindergarten' ? t.subject !== null : t.subject === null || !STAGE_SUBJECTS[t.stage].includes(t.subject)) return `subject ${t.subject} for ${t.stage}`;
  if (!TITLES.includes(t.title)) return `title ${t.title}`;
  if (!/^1[3-9]\d{9}$/.test(t.phone)) return `phone ${t.phone}`;
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(t.name)) return `name ${t.name}`;
  if (t.status !== 'in_service') return `status ${String(t.status)}`;
  if (unit === undefined) return `no unit ${t.orgPath}`;
  if (unit.code !== t.unitCode) return `unit code ${t.unitCode}`;
  if ((unit.kind === 'institution') !== (t.position === 'researcher')) return `position ${t.position} in ${unit.kind}`;
  if (unit.stage !== null && unit.stage !== t.stage) return `stage ${t.stage} in ${unit.kind}`;
  return null;
}

describe('generateProvince', () => {
  describe('200k teachers', () => {
    const province = generateProvince({ seed: 'spec-200k', scale: 200_000 });
    const teachers = [...province.teachers()];

    it('yields exactly the requested number', () => {
      expect(province.teacherCount).toBe(200_000);
      expect(teachers).toHaveLength(200_000);
    });

    it('gives every teacher a valid, consistent record', () => {
      const units = new Map(province.units.map((u) => [u.path, u]));
      const lookup = { ...province, units: [] as typeof province.units };
      for (const t of teachers) {
        const unit = units.get(t.orgPath);
        lookup.units = unit ? [unit] : [];
        const problem = teacherProblem(t, lookup);
        if (problem !== null) throw new Error(`${problem}: ${JSON.stringify(t)}`);
      }
    });

    it('never repeats an ID number or a phone', () => {
      expect(new Set(teachers.map((t) => t.idNumber)).size).toBe(teachers.length);
      expect(new Set(teachers.map((t) => t.phone.slice(3))).size).toBe(teachers.length);
    });

    it('has principals in schools and kindergartens, researchers in institutions, and a spread of titles', () => {
      const count = (f: (t: SyntheticTeacher) => boolean) => teachers.filter(f).length;
      const schools = province.units.filter((u) => u.kind !== 'institution' && u.teacherCount > 0);
      expect(count((t) => t.position === 'principal')).toBe(schools.length);
      expect(count((t) => t.position === 'vice-principal')).toBeGreaterThan(schools.length);
      expect(count((t) => t.position === 'researcher')).toBe(province.units.filter((u) => u.kind === 'institution').reduce((s, u) => s + u.teacherCount, 0));
      for (const title of TITLES) expect(count((t) => t.title === title)).toBeGreaterThan(100);
      expect(count((t) => t.title === '正高级教师')).toBeLessThan(teachers.length * 0.02);
      const kindergarten = teachers.filter((t) => t.stage === 'kindergarten');
      expect(kindergarten.filter((t) => t.gender === 'female').length / kindergarten.length).toBeGreaterThan(0.9);
      expect(count((t) => t.pinyinEdge?.includes('u-umlaut') === true)).toBeGreaterThan(0);
    });
  });

  it('is deterministic: same seed, same orgs and teachers; another seed differs', () => {
    const a = generateProvince({ seed: 42, scale: 'city' });
    const b = generateProvince({ seed: 42, scale: 'city' });
    const c = generateProvince({ seed: 43, scale: 'city' });
    expect(b.orgs).toEqual(a.orgs);
    expect(take(b.teachers(), 5000)).toEqual(take(a.teachers(), 5000));
    expect(take(a.teachers(), 5000)).toEqual(take(a.teachers(), 5000));
    expect(take(c.teachers(), 100)).not.toEqual(take(a.teachers(), 100));
  });

  it('keeps a county identical whether or not other counties are generated', () => {
    const one = generateProvince({ seed: 5, scale: 'province', counties: 1 });
    const three = generateProvince({ seed: 5, scale: 'province', counties: 3 });
    expect(three.units.filter((u) => u.countyCode === '370102')).toEqual(one.units);
    expect(take(three.teachers(), one.teacherCount)).toEqual([...one.teachers()]);
  });

  it('lays out the whole province: 16 cities, 136 counties, ≈1.1 M teachers, a stream rather than an array', () => {
    const province = generateProvince({ seed: 1, scale: 'province' });
    expect(province.orgs.filter((o) => o.level === 'city')).toHaveLength(16);
    expect(province.orgs.filter((o) => o.level === 'county')).toHaveLength(136);
    expect(province.teacherCount).toBeGreaterThan(1_000_000);
    expect(province.teacherCount).toBeLessThan(1_200_000);
    const stream = province.teachers();
    expect(typeof stream.next).toBe('function');
    expect(take(stream, 3)).toHaveLength(3);
  });

  it('gives units codes and names unique per county, under real county paths, parents first', () => {
    const province = generateProvince({ seed: 9, scale: 'province', counties: 20 });
    const seen = new Set<string>();
    for (const org of province.orgs) {
      if (org.parentPath !== null) expect(seen.has(org.parentPath)).toBe(true);
      seen.add(org.path);
    }
    const byCounty = new Map<string, typeof province.units>();
    for (const u of province.units) byCounty.set(u.countyCode, [...(byCounty.get(u.countyCode) ?? []), u]);
    for (const [county, units] of byCounty) {
      expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
      expect(new Set(units.map((u) => u.name)).size).toBe(units.length);
      for (const u of units) {
        expect(u.code).toMatch(/^[SKI]\d{4,8}$/);
        expect(u.code[0]).toBe({ school: 'S', kindergarten: 'K', institution: 'I' }[u.level]);
        expect(u.path).toBe(`/37/${county.slice(0, 4)}/${county}/${u.code}`);
      }
      expect(units.filter((u) => u.kind === 'institution').map((u) => u.name)).toEqual([expect.stringMatching(/教学研究室$/)]);
    }
    const names = province.units.map((u) => u.name);
    expect(names).toContain('济南市历下区第一实验小学');
    expect(names).toContain('济南市历下区实验幼儿园');
    expect(names).toContain('济南市历下区第一中学');
  });

  it('keeps teachersPerSchool for preset scales', () => {
    const province = generateProvince({ seed: 3, scale: 'demo', counties: 3, teachersPerSchool: [7, 9] });
    expect(province.counties).toHaveLength(3);
    for (const u of province.units) if (u.kind !== 'institution') expect(u.teacherCount).toBeGreaterThanOrEqual(7);
    for (const u of province.units) if (u.kind !== 'institution') expect(u.teacherCount).toBeLessThanOrEqual(9);
  });

  it('makes only the units asked for per county, numbering each level from 1', () => {
    const province = generateProvince({ seed: 3, counties: 2, unitsPerCounty: { high: 0, middle: 0, primary: 3, kindergarten: 1, institution: 0 } });
    const lixia = province.units.filter((u) => u.countyCode === '370102');
    expect(lixia.map((u) => [u.code, u.kind])).toEqual([['S0001', 'primary'], ['S0002', 'primary'], ['S0003', 'primary'], ['K0001', 'kindergarten']]);
    expect(province.units).toHaveLength(8);
    const teachers = [...province.teachers()];
    expect(teachers).toHaveLength(province.teacherCount);
    for (const t of teachers) expect(teacherProblem(t, province)).toBeNull();
  });

  it('rejects nonsense options', () => {
    expect(() => generateProvince({ seed: 1, teachersPerSchool: [9, 3] })).toThrow(/teachersPerSchool/);
    expect(() => generateProvince({ seed: 1, counties: 0 })).toThrow(/counties/);
    expect(() => generateProvince({ seed: 1, scale: -5 })).toThrow(/scale/);
    expect(() => generateProvince({ seed: 1, unitsPerCounty: { primary: 1.5 } })).toThrow(/unitsPerCounty.primary/);
    expect(() => generateProvince({ seed: 1, unitsPerCounty: { high: 0, middle: 0, primary: 0, kindergarten: 0, institution: 0 } })).toThrow(/without any unit/);
  });

  it('holds every rule for any seed, size and county limit (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 3000 }), fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }), (seed, size, counties) => {
        const province = generateProvince(counties === undefined ? { seed, scale: size } : { seed, scale: size, counties });
        const teachers = [...province.teachers()];
        expect(teachers).toHaveLength(size);
        expect(new Set(teachers.map((t) => t.idNumber)).size).toBe(size);
        for (const t of teachers) expect(teacherProblem(t, province)).toBeNull();
      }),
      { numRuns: 40 },
    );
  });
});
