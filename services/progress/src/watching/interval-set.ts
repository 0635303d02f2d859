/** Half-open `[start, end)` in whole seconds (media positions or epoch seconds). */
export type Interval = readonly [start: number, end: number];

/**
 * A set of seconds in canonical form: sorted, disjoint, non-empty and non-touching intervals.
 * Union over this form is commutative, associative and idempotent, which is what makes watched
 * time independent of the order and number of times heartbeats arrive.
 */
export type IntervalSet = readonly Interval[];

export const EMPTY: IntervalSet = [];

/** The canonical form of any intervals: empty ones dropped, overlapping and touching ones joined. */
export function normalize(intervals: Iterable<Interval>): IntervalSet {
  const sorted = [...intervals].filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const result: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = result[result.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else result.push([start, end]);
  }
  return result;
}

/** Union of two canonical sets, in one linear pass. */
export function union(a: IntervalSet, b: IntervalSet): IntervalSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const result: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]![0] <= b[j]![0]) ? a[i++]! : b[j++]!;
    const last = result[result.length - 1];
    if (last && next[0] <= last[1]) last[1] = Math.max(last[1], next[1]);
    else result.push([next[0], next[1]]);
  }
  return result;
}

/** Seconds covered. */
export function measure(set: IntervalSet): number {
  let total = 0;
  for (const [start, end] of set) total += end - start;
  return total;
}

export function sameIntervals(a: IntervalSet, b: IntervalSet): boolean {
  return a.length === b.length && a.every(([start, end], i) => start === b[i]![0] && end === b[i]![1]);
}

/** True when every second of `inner` is in `outer`. */
export function covers(outer: IntervalSet, inner: IntervalSet): boolean {
  return sameIntervals(union(outer, inner), outer);
}
