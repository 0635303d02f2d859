import fc from 'fast-check';
import { validChapterSelections } from './brute-force.spec-helper.js';
import { taian2024Courses as c, taian2024Policy } from './fixtures/taian-2024.js';
import type { ChapterRule, OfferedCourse, SelectionPolicy } from './selection-policy.js';
import { validatePolicy, type PolicyProblemCode } from './validate-policy.js';

const course = (courseId: string, hours: number): OfferedCourse => ({ courseId, title: courseId, hours });
const onePackage = (chapter: Partial<ChapterRule>): SelectionPolicy => ({
  packages: [{ code: 'A', name: '测试套餐', chapters: [{ chapterId: 'ch', name: '方法篇', hours: { mode: 'exact', hours: 4 }, courses: [], requiredCourseIds: [], chooseSets: [], ...chapter }] }],
  electives: null,
  pushed: [],
});
const codes = (policy: SelectionPolicy) => validatePolicy(policy).map((p) => p.code);

describe('validatePolicy', () => {
  it('accepts the 2024 packages of seed 003', () => {
    expect(validatePolicy(taian2024Policy)).toEqual([]);
  });

  it('refuses required courses that exceed the chapter hours, saying by how much', () => {
    const problems = validatePolicy(onePackage({ hours: { mode: 'exact', hours: 2 }, courses: [course('r', 4), course('x', 2)], requiredCourseIds: ['r'] }));
    expect(problems).toEqual([{ code: 'required_exceeds_hours', where: '套餐 A · 方法篇', message: '必选课程共 4 学时，超过本篇要求的 2 学时' }]);
  });

  it('refuses a chapter whose "choose k" courses alone overshoot', () => {
    const problems = validatePolicy(onePackage({ hours: { mode: 'exact', hours: 2 }, courses: [course('a', 3), course('b', 4)], chooseSets: [{ courseIds: ['a', 'b'], choose: 1 }] }));
    expect(problems).toEqual([expect.objectContaining({ code: 'required_exceeds_hours', message: '必选课程和“选几门”课程至少共 3 学时，超过本篇要求的 2 学时' })]);
  });

  it('refuses fewer offered hours than required', () => {
    expect(validatePolicy(onePackage({ hours: { mode: 'minimum', hours: 12 }, courses: [course('a', 4), course('b', 4)] }))).toEqual([
      expect.objectContaining({ code: 'offered_below_hours', message: '本篇按规则最多只能选出 8 学时，少于要求的 12 学时' }),
    ]);
    // "Choose 1 of 2" caps what a set contributes even if its courses add up to more.
    expect(codes(onePackage({ hours: { mode: 'minimum', hours: 6 }, courses: [course('a', 4), course('b', 4)], chooseSets: [{ courseIds: ['a', 'b'], choose: 1 }] }))).toEqual(['offered_below_hours']);
  });

  it('refuses exact hours no combination reaches, naming the nearest totals', () => {
    expect(validatePolicy(onePackage({ hours: { mode: 'exact', hours: 4 }, courses: [course('a', 3), course('b', 3)] }))).toEqual([
      expect.objectContaining({ code: 'exact_hours_unreachable', message: '没有任何符合规则的课程组合恰好是 4 学时（最接近的是 3 学时 或 6 学时）' }),
    ]);
  });

  it('refuses "choose k of n" with k > n or k < 1', () => {
    expect(validatePolicy(onePackage({ courses: [course('a', 2), course('b', 2)], chooseSets: [{ courseIds: ['a', 'b'], choose: 3 }] }))).toEqual([
      expect.objectContaining({ code: 'choose_more_than_offered', message: '“2 选 3” 要求选 3 门，但只列出了 2 门' }),
    ]);
    expect(codes(onePackage({ courses: [course('a', 2), course('b', 2)], chooseSets: [{ courseIds: ['a', 'b'], choose: 0 }] }))).toEqual(['bad_choose_count']);
  });

  it.each<[string, Partial<ChapterRule>, PolicyProblemCode[]]>([
    ['required course not offered', { courses: [course('a', 4)], requiredCourseIds: ['zz'] }, ['required_not_offered']],
    ['set course not offered', { courses: [course('a', 4)], chooseSets: [{ courseIds: ['a', 'zz'], choose: 1 }] }, ['choice_not_offered']],
    ['required course inside a set', { courses: [course('a', 2), course('b', 2)], requiredCourseIds: ['a'], chooseSets: [{ courseIds: ['a', 'b'], choose: 1 }] }, ['choice_overlaps']],
    ['no courses', { courses: [] }, ['no_courses', 'offered_below_hours']],
    ['third of an hour', { courses: [course('a', 4), course('b', 1.3)] }, ['bad_hours']],
    ['course listed twice', { courses: [course('a', 4), course('a', 4)] }, ['duplicate_course']],
    ['zero chapter hours', { hours: { mode: 'exact', hours: 0 }, courses: [course('a', 4)] }, ['bad_hours']],
  ])('refuses a chapter with %s', (_name, chapter, expected) => {
    expect(codes(onePackage(chapter))).toEqual(expected);
  });

  it('refuses duplicate packages, a course in two chapters, and a course both pushed and chosen', () => {
    const pkg = taian2024Policy.packages[0]!;
    expect(codes({ ...taian2024Policy, packages: [pkg, pkg] })).toEqual(['duplicate_package']);
    const twice = { ...pkg, chapters: pkg.chapters.map((ch) => (ch.name === '热点篇' ? { ...ch, courses: [...ch.courses, c.techPower] } : ch)) };
    expect(validatePolicy({ ...taian2024Policy, packages: [twice] })).toContainEqual(expect.objectContaining({ code: 'course_in_two_places', message: '《教育变革中的技术力量》 同时出现在理念篇和热点篇中' }));
    const pushed = { stage: 'high' as const, subject: null, level: null, courses: [c.ai] };
    expect(codes({ ...taian2024Policy, pushed: [pushed] })).toContain('course_in_two_places');
  });

  it('refuses the same course with different hours in two places', () => {
    const pkgB = taian2024Policy.packages[1]!;
    const changed = { ...pkgB, chapters: pkgB.chapters.map((ch) => ({ ...ch, courses: ch.courses.map((x) => (x.courseId === c.ai.courseId ? { ...x, hours: 3 } : x)) })) };
    expect(codes({ ...taian2024Policy, packages: [taian2024Policy.packages[0]!, changed] })).toContain('inconsistent_course');
  });

  describe('electives and pushed courses', () => {
    const topic = (topicId: string, hours: number[]) => ({ topicId, name: topicId, courses: hours.map((x, i) => course(`${topicId}-${i}`, x)) });
    const electives = (groups: { name: string; topicIds: string[]; minimumHours: number }[], schoolChooses: { minTopics: number; maxTopics: number } | null = null): SelectionPolicy => ({
      packages: [],
      pushed: [],
      electives: { topics: [topic('ethics', [4, 4, 2]), topic('class', [2, 2]), topic('law', [2])], groups, schoolChooses },
    });

    it('accepts Shandong 2018: 师德 ≥ 8 h, other topics ≥ 6 h', () => {
      expect(validatePolicy(electives([{ name: '师德', topicIds: ['ethics'], minimumHours: 8 }, { name: '通识', topicIds: ['class', 'law'], minimumHours: 6 }]))).toEqual([]);
    });

    it('refuses a group whose topics offer too few hours, or an unknown topic, or overlapping groups', () => {
      expect(validatePolicy(electives([{ name: '师德', topicIds: ['ethics'], minimumHours: 12 }]))).toEqual([
        expect.objectContaining({ code: 'group_below_hours', where: '选修要求「师德」', message: '这些专题一共只提供 10 学时，少于要求的 12 学时' }),
      ]);
      expect(codes(electives([{ name: 'x', topicIds: ['nope'], minimumHours: 1 }]))).toEqual(['unknown_topic', 'group_below_hours']);
      expect(codes(electives([{ name: 'x', topicIds: ['law'], minimumHours: 1 }, { name: 'y', topicIds: ['law'], minimumHours: 1 }]))).toEqual(['topic_in_two_groups']);
    });

    it('refuses a school topic range that cannot satisfy the groups', () => {
      const groups = [{ name: '通识', topicIds: ['ethics', 'class', 'law'], minimumHours: 13 }];
      expect(validatePolicy(electives(groups, { minTopics: 1, maxTopics: 1 }))).toEqual([
        expect.objectContaining({ code: 'topic_range_too_small', message: '要满足各项选修学时，学校至少要选 2 个专题，但最多只允许选 1 个' }),
      ]);
      expect(validatePolicy(electives(groups, { minTopics: 1, maxTopics: 2 }))).toEqual([]);
      expect(codes(electives(groups, { minTopics: 3, maxTopics: 2 }))).toEqual(['bad_topic_range']);
    });

    it('refuses levels outside kindergartens and duplicate pushes', () => {
      const push = (stage: 'high' | 'kindergarten', level: 'basic' | null) => ({ stage, subject: null, level, courses: [course(`p-${stage}-${level}`, 2)] });
      expect(codes({ packages: [], electives: null, pushed: [push('kindergarten', 'basic'), push('high', null)] })).toEqual([]);
      expect(codes({ packages: [], electives: null, pushed: [push('high', 'basic')] })).toEqual(['bad_pushed_rule']);
      expect(codes({ packages: [], electives: null, pushed: [push('high', null), { ...push('high', null), courses: [course('other', 1)] }] })).toEqual(['duplicate_pushed_rule']);
      expect(codes({ packages: [], electives: null, pushed: [] })).toEqual(['empty_policy']);
    });
  });

  it('accepts a generated chapter exactly when some selection satisfies it (brute force)', () => {
    const hours = fc.constantFrom(1, 1.5, 2, 3, 4);
    const chapter = fc
      .record({
        hours: fc.array(hours, { minLength: 1, maxLength: 8 }),
        mode: fc.constantFrom<'exact' | 'minimum'>('exact', 'minimum'),
        target: fc.integer({ min: 1, max: 40 }).map((halves) => halves / 2),
        roles: fc.array(fc.constantFrom('free', 'required', 'set0', 'set1'), { minLength: 8, maxLength: 8 }),
        choose: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      })
      .map(({ hours: hs, mode, target, roles, choose }): ChapterRule => {
        const courses = hs.map((x, i) => course(`c${i}`, x));
        const withRole = (role: string) => courses.filter((_, i) => roles[i] === role).map((x) => x.courseId);
        const sets = [
          { courseIds: withRole('set0'), choose: choose[0] },
          { courseIds: withRole('set1'), choose: choose[1] },
        ].filter((s) => s.courseIds.length > 0 && s.choose <= s.courseIds.length);
        return { chapterId: 'ch', name: '技术篇', hours: { mode, hours: target }, courses, requiredCourseIds: withRole('required'), chooseSets: sets };
      });
    fc.assert(
      fc.property(chapter, (ch) => {
        const problems = validatePolicy({ packages: [{ code: 'A', name: 'A', chapters: [ch] }], electives: null, pushed: [] });
        expect(problems.length === 0).toBe(validChapterSelections(ch).length > 0);
        for (const p of problems) expect(p.where).toBe('套餐 A · 技术篇');
      }),
      { numRuns: 2000 },
    );
  });
});
