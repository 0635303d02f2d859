import fc from 'fast-check';
import { covers, measure, normalize, union, type Interval } from './interval-set.js';

const interval = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 })).map(([start, length]): Interval => [start, start + length]);
const intervals = fc.array(interval, { maxLength: 12 });

/** The model: a set of seconds. */
const seconds = (list: readonly Interval[]) => {
  const set = new Set<number>();
  for (const [start, end] of list) for (let s = start; s < end; s++) set.add(s);
  return set;
};

describe('interval sets', () => {
  it('normalize keeps exactly the seconds of its input, in canonical form', () => {
    fc.assert(
      fc.property(intervals, (list) => {
        const set = normalize(list);
        expect(seconds(set)).toEqual(seconds(list));
        expect(measure(set)).toBe(seconds(list).size);
        // sorted, non-empty, neither overlapping nor touching
        set.forEach(([start, end], i) => {
          expect(end).toBeGreaterThan(start);
          if (i > 0) expect(start).toBeGreaterThan(set[i - 1]![1]);
        });
      }),
    );
  });

  it('union is the set union, commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(intervals, intervals, intervals, (x, y, z) => {
        const [a, b, c] = [normalize(x), normalize(y), normalize(z)];
        expect(seconds(union(a, b))).toEqual(seconds([...x, ...y]));
        expect(union(a, b)).toEqual(union(b, a));
        expect(union(union(a, b), c)).toEqual(union(a, union(b, c)));
        expect(union(a, a)).toEqual(a);
        expect(union(a, b)).toEqual(normalize([...x, ...y]));
        expect(covers(union(a, b), a)).toBe(true);
      }),
    );
  });

  it('joins touching intervals: back-to-back heartbeats make one interval', () => {
    expect(normalize([[30, 60], [0, 30], [60, 90]])).toEqual([[0, 90]]);
    expect(union([[0, 30]], [[30, 45], [50, 60]])).toEqual([[0, 45], [50, 60]]);
  });
});
