// A deliberately naive second statement of the package rules, for property tests: enumerate every
// subset and test each rule literally. Slow and obviously right; the real code must agree with it.
import type { ChapterRule, PackageRule } from './selection-policy.js';

export function subsets<T>(items: readonly T[]): T[][] {
  if (items.length > 14) throw new Error(`brute force over ${items.length} items is too slow`);
  const out: T[][] = [];
  for (let mask = 0; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => (mask & (1 << i)) !== 0));
  return out;
}

/** Hours in tenths, summed as integers so 1.5 + 1.5 is exactly 3. */
const tenths = (hours: number) => Math.round(hours * 10);

export function chapterSelectionValid(chapter: ChapterRule, picked: readonly string[]): boolean {
  const set = new Set(picked);
  if (!chapter.requiredCourseIds.every((id) => set.has(id))) return false;
  if (!chapter.chooseSets.every((s) => s.courseIds.filter((id) => set.has(id)).length === s.choose)) return false;
  const total = chapter.courses.filter((c) => set.has(c.courseId)).reduce((sum, c) => sum + tenths(c.hours), 0);
  return chapter.hours.mode === 'exact' ? total === tenths(chapter.hours.hours) : total >= tenths(chapter.hours.hours);
}

/** Every valid way to fill one chapter (course ids). */
export function validChapterSelections(chapter: ChapterRule): string[][] {
  return subsets(chapter.courses.map((c) => c.courseId)).filter((ids) => chapterSelectionValid(chapter, ids));
}

export function packageSelectionValid(pkg: PackageRule, picked: readonly string[]): boolean {
  const offered = new Set(pkg.chapters.flatMap((ch) => ch.courses.map((c) => c.courseId)));
  if (!picked.every((id) => offered.has(id))) return false;
  return pkg.chapters.every((ch) => {
    const inChapter = new Set(ch.courses.map((c) => c.courseId));
    return chapterSelectionValid(
      ch,
      picked.filter((id) => inChapter.has(id)),
    );
  });
}
