import fc from 'fast-check';
import { partition, planParts } from './partition.js';

interface Item {
  id: number;
  block: string | null;
  candidate: boolean;
}

const items = (blocks: (string | null)[], candidates: number[] = []): Item[] => blocks.map((block, id) => ({ id, block, candidate: candidates.includes(id) }));
const options = { blockOf: (i: Item) => i.block, isCandidate: (i: Item) => i.candidate, target: 15 };

describe('planParts', () => {
  it.each([
    [20, 1, 10, 20],
    [21, 2, 10, 20],
    [45, 3, 10, 20],
    [61, 4, 10, 20],
  ])('cuts %i members into %i parts of 10–20 around 15', (n, parts, min, max) => {
    expect(planParts(n, { min: 10, max: 20, target: 15 })).toEqual({ parts, min, max });
  });

  it('keeps parts under the maximum when no count fits both bounds (23 with 15–20)', () => {
    expect(planParts(23, { min: 15, max: 20, target: 15 })).toEqual({ parts: 2, min: 11, max: 12 });
  });

  it('always plans a count that fits its own bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (n, min, up, over) => {
        const plan = planParts(n, { min, target: min + up, max: min + up + over });
        expect(plan.parts * plan.min).toBeLessThanOrEqual(n);
        expect(plan.parts * plan.max).toBeGreaterThanOrEqual(n);
        expect(plan.max).toBeLessThanOrEqual(min + up + over);
      }),
    );
  });
});

describe('partition', () => {
  it('cuts between grade groups rather than inside them', () => {
    const grades = [...Array<string>(13).fill('高一'), ...Array<string>(14).fill('高二'), ...Array<string>(13).fill('高三')];
    const parts = partition(items(grades), planParts(40, { min: 10, max: 20, target: 15 }), options);
    expect(parts.map((p) => p.length)).toEqual([13, 14, 13]);
    expect(parts.map((p) => new Set(p.map((i) => i.block)).size)).toEqual([1, 1, 1]);
  });

  it('gives every part a leader candidate when it can', () => {
    const parts = partition(items(Array<null>(30).fill(null), [0, 29]), { parts: 2, min: 10, max: 20 }, options);
    expect(parts.every((p) => p.some((i) => i.candidate))).toBe(true);
  });

  it('keeps the order, loses nothing and respects the plan', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd')), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 15 }), (blocks, min, over) => {
        const plan = planParts(blocks.length, { min, target: min, max: min + over });
        const parts = partition(items(blocks), plan, options);
        expect(parts.flat().map((i) => i.id)).toEqual(blocks.map((_, i) => i));
        expect(parts).toHaveLength(plan.parts);
        for (const part of parts) expect(part.length >= plan.min && part.length <= plan.max).toBe(true);
      }),
    );
  });

  it('refuses a plan the items cannot fill', () => {
    expect(() => partition(items([null, null, null]), { parts: 2, min: 2, max: 2 }, options)).toThrow(RangeError);
  });
});
