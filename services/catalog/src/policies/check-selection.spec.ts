import fc from 'fast-check';
import { packageSelectionValid, validChapterSelections } from './brute-force.spec-helper.js';
import { checkSchoolChoice, checkSelection, countedCourses, type SelectionViolation } from './check-selection.js';
import { taian2024Courses as c, taian2024Policy as policy } from './fixtures/taian-2024.js';
import type { PackageRule, SelectionPolicy } from './selection-policy.js';

const A = { packageCode: 'A', topicIds: [] };
const B = { packageCode: 'B', topicIds: [] };
const packageOf = (code: string) => policy.packages.find((p) => p.code === code) as PackageRule;
const ids = (...courses: { courseId: string }[]) => courses.map((x) => x.courseId);
const kinds = (violations: SelectionViolation[]) => violations.map((v) => v.kind).sort();

// 2 + 4 + 12 + 18 = 36 学时.
const validA = ids(c.techPower, c.ai, c.bigData, c.stepOptimisation, c.introduction, c.lecturing, c.assessment, c.analysis, c.slides, c.whiteboard, c.audioVideo, c.subjectTools, c.mindMap, c.images);
const validB = ids(c.learningChange, c.edu20, c.flipped, c.microCourse, c.microEvaluation, c.pioneers, c.topicChoice, c.screenRecording, c.filming, c.postProduction, c.animation, c.voice, c.publishing);

describe('checkSelection on the 2024 packages of seed 003', () => {
  it('accepts a complete choice in A and in B', () => {
    expect(checkSelection(policy, A, validA)).toEqual([]);
    expect(checkSelection(policy, B, validB)).toEqual([]);
    // 二选一: either 理念篇 course completes B.
    expect(checkSelection(policy, B, [...validB.filter((id) => id !== c.learningChange.courseId), c.techPower.courseId])).toEqual([]);
  });

  it("names the missing required course of A's 理念篇 and the 2 hours it leaves short", () => {
    const violations = checkSelection(policy, A, validA.filter((id) => id !== c.techPower.courseId));
    expect(violations).toEqual([
      expect.objectContaining({ kind: 'required_missing', severity: 'incomplete', chapter: '理念篇', courseId: c.techPower.courseId, message: '理念篇缺少必选课程《教育变革中的技术力量》' }),
      expect.objectContaining({ kind: 'chapter_hours_short', chapter: '理念篇', selectedHours: 0, requiredHours: 2, shortHours: 2, message: '理念篇已选 0 学时，需要 2 学时，还差 2 学时' }),
    ]);
  });

  it('reports a missing required 方法篇 course even when the hours add up without it', () => {
    const without = [...validA.filter((id) => id !== c.stepOptimisation.courseId && id !== c.analysis.courseId), c.feedback.courseId, c.slidesDesign.courseId];
    expect(checkSelection(policy, A, without)).toEqual([
      expect.objectContaining({ kind: 'required_missing', chapter: '方法篇', message: '方法篇缺少必选课程《信息技术支持的教学环节优化》' }),
    ]);
  });

  it('says how many 技术篇 hours are short or over', () => {
    const short = checkSelection(policy, A, validA.filter((id) => id !== c.audioVideo.courseId));
    expect(short).toEqual([expect.objectContaining({ kind: 'chapter_hours_short', chapter: '技术篇', selectedHours: 14, shortHours: 4, message: '技术篇已选 14 学时，需要 18 学时，还差 4 学时' })]);
    const over = checkSelection(policy, A, [...validA, c.platform.courseId]);
    expect(over).toEqual([
      expect.objectContaining({ kind: 'chapter_hours_exceeded', severity: 'refused', chapter: '技术篇', selectedHours: 21, excessHours: 3, message: '技术篇已选 21 学时，套餐 A 规定本篇为 18 学时，多了 3 学时' }),
    ]);
  });

  it("refuses both 理念篇 courses in B (二选一) and reports neither as incomplete", () => {
    const both = checkSelection(policy, B, [...validB, c.techPower.courseId]);
    expect(kinds(both)).toEqual(['chapter_hours_exceeded', 'choice_exceeded']);
    expect(both.find((v) => v.kind === 'choice_exceeded')?.message).toBe('理念篇：《教育变革中的技术力量》、《信息化支持的学习方式变革思考》中只能选 1 门，现在选了 2 门');
    const neither = checkSelection(policy, B, validB.filter((id) => id !== c.learningChange.courseId));
    expect(kinds(neither)).toEqual(['chapter_hours_short', 'choice_missing']);
    expect(neither.every((v) => v.severity === 'incomplete')).toBe(true);
  });

  it("refuses a course of the other package, naming it and the school's package", () => {
    expect(checkSelection(policy, A, [...validA, c.microCourse.courseId])).toEqual([
      expect.objectContaining({ kind: 'not_offered', severity: 'refused', courseId: c.microCourse.courseId, message: '《微课程的设计与开发》不在本校所选的套餐 A 中' }),
    ]);
    expect(checkSelection(policy, A, [...validA, 'no-such-course'])).toEqual([expect.objectContaining({ kind: 'not_offered', courseId: 'no-such-course' })]);
  });

  it('refuses every choice while the school has not picked a package', () => {
    expect(kinds(checkSelection(policy, { packageCode: null, topicIds: [] }, validA))).toEqual(['school_choice_missing']);
    expect(kinds(checkSelection(policy, { packageCode: 'C', topicIds: [] }, validA))).toEqual(['school_choice_missing']);
  });
});

describe('checkSelection agrees with brute force over generated selections', () => {
  const allCourseIds = Object.values(c).map((x) => x.courseId);

  /** A valid selection for a package: one brute-forced valid filling per chapter. */
  const validSelection = (pkg: PackageRule) => fc.tuple(...pkg.chapters.map((ch) => fc.constantFrom(...validChapterSelections(ch)))).map((parts) => parts.flat());

  it.each(['A', 'B'])('accepts every valid selection of package %s', (code) => {
    fc.assert(
      fc.property(validSelection(packageOf(code)), (selection) => {
        expect(checkSelection(policy, { packageCode: code, topicIds: [] }, selection)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it.each(['A', 'B'])('finds a violation exactly when brute force says a selection of %s is invalid', (code) => {
    // Mostly courses of the package, so near-misses (one hour off, a set half done) are common.
    const pkgIds = packageOf(code).chapters.flatMap((ch) => ch.courses.map((x) => x.courseId));
    const selection = fc.oneof(fc.subarray(pkgIds), fc.subarray(allCourseIds), validSelection(packageOf(code)));
    fc.assert(
      fc.property(selection, (picked) => {
        const violations = checkSelection(policy, { packageCode: code, topicIds: [] }, picked);
        expect(violations.length === 0).toBe(packageSelectionValid(packageOf(code), picked));
      }),
      { numRuns: 3000 },
    );
  });

  it('reports each kind of mistake made to a valid selection, with the right chapter and hours', () => {
    const pkgA = packageOf('A');
    const chapterOf = (id: string) => pkgA.chapters.find((ch) => ch.courses.some((x) => x.courseId === id));
    fc.assert(
      fc.property(validSelection(pkgA), fc.nat(), (selection, seed) => {
        // Drop one chosen course: its chapter is short by its hours; a required one is also named.
        const dropped = selection[seed % selection.length] as string;
        const ch = chapterOf(dropped);
        const hours = ch?.courses.find((x) => x.courseId === dropped)?.hours;
        const afterDrop = checkSelection(policy, A, selection.filter((id) => id !== dropped));
        expect(afterDrop).toContainEqual(expect.objectContaining({ kind: 'chapter_hours_short', chapter: ch?.name, shortHours: hours }));
        expect(afterDrop.some((v) => v.kind === 'required_missing' && v.courseId === dropped)).toBe(ch?.requiredCourseIds.includes(dropped));
        expect(afterDrop.every((v) => v.severity === 'incomplete')).toBe(true);

        // Add one more course of an (exact) chapter: refused, over by its hours.
        const unpicked = pkgA.chapters.flatMap((x) => x.courses).filter((x) => !selection.includes(x.courseId));
        const extra = unpicked[seed % Math.max(unpicked.length, 1)];
        if (extra) {
          const afterAdd = checkSelection(policy, A, [...selection, extra.courseId]);
          expect(afterAdd).toContainEqual(expect.objectContaining({ kind: 'chapter_hours_exceeded', severity: 'refused', chapter: chapterOf(extra.courseId)?.name, excessHours: extra.hours }));
        }

        // Add a course package A does not offer: refused by name.
        const foreign = allCourseIds.filter((id) => !chapterOf(id));
        const outsider = foreign[seed % foreign.length] as string;
        expect(checkSelection(policy, A, [...selection, outsider])).toEqual([expect.objectContaining({ kind: 'not_offered', courseId: outsider })]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkSchoolChoice', () => {
  it('needs exactly one package the policy offers', () => {
    expect(checkSchoolChoice(policy, A)).toEqual([]);
    expect(checkSchoolChoice(policy, { packageCode: null, topicIds: [] }).map((p) => p.kind)).toEqual(['package_required']);
    expect(checkSchoolChoice(policy, { packageCode: 'C', topicIds: [] })).toEqual([expect.objectContaining({ kind: 'unknown_package', message: '本项目没有套餐 C（可选：A、B）' })]);
    expect(checkSchoolChoice(policy, { packageCode: 'A', topicIds: ['t'] }).map((p) => p.kind)).toEqual(['topics_not_chosen_by_school']);
  });

  // Tengzhou 2018 (seed 001): the school picks elective topics, teachers choose ≥ 14 h under them.
  const electivePolicy: SelectionPolicy = {
    packages: [],
    pushed: [],
    electives: {
      topics: [
        { topicId: 'class', name: '班级管理', courses: [{ courseId: 'c1', title: '班主任工作', hours: 8 }, { courseId: 'c2', title: '班级活动设计', hours: 6 }] },
        { topicId: 'micro', name: '微课程的设计与应用', courses: [{ courseId: 'm1', title: '微课设计', hours: 6 }] },
        { topicId: 'art', name: '教师艺术修养', courses: [{ courseId: 'a1', title: '书法', hours: 4 }] },
      ],
      groups: [{ name: '选修课', topicIds: ['class', 'micro', 'art'], minimumHours: 14 }],
      schoolChooses: { minTopics: 1, maxTopics: 2 },
    },
  };

  it('checks the number of topics and that the chosen ones can reach the minimum hours', () => {
    expect(checkSchoolChoice(electivePolicy, { packageCode: null, topicIds: ['class'] })).toEqual([]);
    expect(checkSchoolChoice(electivePolicy, { packageCode: null, topicIds: ['micro', 'art'] })).toEqual([
      expect.objectContaining({ kind: 'group_unreachable', offeredHours: 10, requiredHours: 14, message: '所选专题在「选修课」中只提供 10 学时，教师至少要选 14 学时' }),
    ]);
    expect(checkSchoolChoice(electivePolicy, { packageCode: null, topicIds: ['class', 'micro', 'art'] }).map((p) => p.kind)).toEqual(['topic_count']);
    expect(checkSchoolChoice(electivePolicy, { packageCode: 'A', topicIds: ['class', 'nope'] }).map((p) => p.kind).sort()).toEqual(['no_packages', 'unknown_topic']);
  });

  it("lets teachers choose only under the school's topics, and counts elective hours", () => {
    const school = { packageCode: null, topicIds: ['class', 'micro'] };
    expect(checkSelection(electivePolicy, school, ['c1', 'm1'])).toEqual([]);
    expect(checkSelection(electivePolicy, school, ['c1', 'a1'])).toEqual([
      expect.objectContaining({ kind: 'not_offered', courseId: 'a1' }),
      expect.objectContaining({ kind: 'elective_hours_short', group: '选修课', selectedHours: 8, shortHours: 6, message: '「选修课」已选 8 学时，至少需要 14 学时，还差 6 学时' }),
    ]);
  });
});

describe('countedCourses', () => {
  const withPushed: SelectionPolicy = {
    ...policy,
    pushed: [
      { stage: 'high', subject: null, level: null, courses: [{ courseId: 'law', title: '教育法', hours: 2 }] },
      { stage: 'high', subject: '数学', level: null, courses: [{ courseId: 'math-case', title: '数学课例', hours: 4 }] },
      { stage: 'kindergarten', subject: null, level: 'advanced', courses: [{ courseId: 'k-adv', title: '区域活动（提高）', hours: 6 }] },
    ],
  };

  it("counts pushed courses for the teacher's stage and subject, the package's required ones, and offered choices only", () => {
    const counted = countedCourses(withPushed, A, { stage: 'high', subject: '数学', level: null }, [c.ai.courseId, c.microCourse.courseId]);
    expect(counted.map((x) => [x.courseId, x.reason])).toEqual([
      ['law', 'pushed'],
      ['math-case', 'pushed'],
      [c.techPower.courseId, 'package_required'],
      [c.stepOptimisation.courseId, 'package_required'],
      [c.ai.courseId, 'chosen'],
    ]);
    expect(countedCourses(withPushed, A, { stage: 'high', subject: '语文', level: null }, []).map((x) => x.courseId)).not.toContain('math-case');
  });

  it("gives kindergarten teachers their group's level", () => {
    const none = { packageCode: null, topicIds: [] };
    expect(countedCourses(withPushed, none, { stage: 'kindergarten', subject: '', level: 'advanced' }, []).map((x) => x.courseId)).toEqual(['k-adv']);
    expect(countedCourses(withPushed, none, { stage: 'kindergarten', subject: '', level: 'basic' }, [])).toEqual([]);
  });
});
