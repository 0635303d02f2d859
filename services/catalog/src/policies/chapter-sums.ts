import { toHalfHours, type ChapterRule, type OfferedCourse } from './selection-policy.js';

/** Sets of reachable totals in half hours, as sorted arrays (chapters are small: tens of courses). */
type Sums = Set<number>;

function combine(a: Sums, b: Sums): Sums {
  const out: Sums = new Set();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/** Totals of every subset of exactly `k` of `courses`. */
function exactlyK(courses: readonly OfferedCourse[], k: number): Sums {
  // byCount[j] = totals reachable with j courses picked so far.
  let byCount: Sums[] = [new Set([0])];
  for (const course of courses) {
    const halves = toHalfHours(course.hours);
    const next = byCount.map((s) => new Set(s));
    for (let j = 0; j < byCount.length && j < k; j++) {
      const target = (next[j + 1] ??= new Set());
      for (const s of byCount[j] ?? []) target.add(s + halves);
    }
    byCount = next;
  }
  return byCount[k] ?? new Set();
}

/** Totals of every subset of `courses`. */
function anySubset(courses: readonly OfferedCourse[]): Sums {
  let sums: Sums = new Set([0]);
  for (const course of courses) sums = combine(sums, new Set([0, toHalfHours(course.hours)]));
  return sums;
}

/**
 * Every total (in half hours) a chapter can be filled with while obeying its rules: all required
 * courses, exactly k of each choose set, any subset of the rest. Assumes a well-formed chapter
 * (required and set courses offered, sets disjoint and apart from the required ones).
 */
export function reachableChapterTotals(chapter: ChapterRule): number[] {
  const byId = new Map(chapter.courses.map((c) => [c.courseId, c]));
  const pick = (ids: readonly string[]) => ids.map((id) => byId.get(id)).filter((c): c is OfferedCourse => c !== undefined);
  const inSets = new Set(chapter.chooseSets.flatMap((s) => s.courseIds));
  const required = new Set(chapter.requiredCourseIds);
  let sums: Sums = new Set([pick(chapter.requiredCourseIds).reduce((sum, c) => sum + toHalfHours(c.hours), 0)]);
  for (const set of chapter.chooseSets) sums = combine(sums, exactlyK(pick(set.courseIds), set.choose));
  sums = combine(sums, anySubset(chapter.courses.filter((c) => !inSets.has(c.courseId) && !required.has(c.courseId))));
  return [...sums].sort((a, b) => a - b);
}
