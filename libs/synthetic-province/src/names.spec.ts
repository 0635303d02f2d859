import { randomName, SURNAME_LIST } from './names.js';
import { Rng } from './prng.js';

describe('randomName', () => {
  const rng = new Rng('names-spec');
  const names = Array.from({ length: 50_000 }, (_, i) => randomName(rng, i % 2 === 0));

  it('gives 2–4 character names with a lowercase pinyin', () => {
    const bad = names.filter((n) => !/^[\u4e00-\u9fff]{2,4}$/.test(n.name) || !/^[a-zü]+$/.test(n.pinyin));
    expect(bad).toEqual([]);
  });

  it('uses common surnames most (王 李 张 刘 lead)', () => {
    const counts = new Map<string, number>();
    for (const n of names) {
      const surname = SURNAME_LIST.find((s) => s.length === 2 && n.name.startsWith(s)) ?? n.name.slice(0, 1);
      counts.set(surname, (counts.get(surname) ?? 0) + 1);
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([s]) => s);
    expect(new Set(top)).toEqual(new Set(['王', '李', '张', '刘']));
  });

  it('marks the readings a pinyin feature must get right', () => {
    const cases: [prefix: string, pinyin: string, tag: string][] = [
      ['吕', 'lü', 'u-umlaut'],
      ['单', 'shan', 'polyphonic-surname'],
      ['曾', 'zeng', 'polyphonic-surname'],
      ['乐', 'yue', 'polyphonic-surname'],
      ['欧阳', 'ouyang', 'compound-surname'],
    ];
    for (const [prefix, pinyin, tag] of cases) {
      const found = names.filter((n) => n.name.startsWith(prefix));
      expect(found.length).toBeGreaterThan(0);
      for (const n of found) {
        expect(n.pinyin.startsWith(pinyin)).toBe(true);
        expect(n.pinyinEdge).toContain(tag);
      }
    }
    expect(names.some((n) => n.pinyinEdge?.includes('syllable-boundary'))).toBe(true);
    // Names without tags are the plain majority.
    expect(names.filter((n) => n.pinyinEdge).length / names.length).toBeLessThan(0.2);
  });
});
