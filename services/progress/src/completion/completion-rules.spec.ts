import fc from 'fast-check';
import { courseCompletion, projectQualification, type CourseRequirements } from './completion-rules.js';

const rules: CourseRequirements = { requiredWatchSeconds: 1800, quizIds: ['q1', 'q2'], assignmentRequired: true };

describe('course completion', () => {
  it('needs the threshold, every quiz and the accepted assignment', () => {
    expect(courseCompletion(rules, { watchedSeconds: 1800, passedQuizIds: new Set(['q1', 'q2']), assignmentAccepted: true })).toEqual({ complete: true, missing: [] });
    expect(courseCompletion(rules, { watchedSeconds: 1799, passedQuizIds: new Set(['q2']), assignmentAccepted: false })).toEqual({
      complete: false,
      missing: ['watching', 'quizzes', 'assignment'],
    });
    expect(courseCompletion({ ...rules, assignmentRequired: false, quizIds: [] }, { watchedSeconds: 1800, passedQuizIds: new Set(), assignmentAccepted: false }).complete).toBe(true);
  });

  it('is monotone: more watching, more passes or an acceptance never un-complete a course', () => {
    const achievements = fc.record({
      watchedSeconds: fc.integer({ min: 0, max: 4000 }),
      passed: fc.subarray(['q1', 'q2', 'q3']),
      assignmentAccepted: fc.boolean(),
    });
    fc.assert(
      fc.property(achievements, achievements, (a, b) => {
        const lower = { watchedSeconds: a.watchedSeconds, passedQuizIds: new Set(a.passed), assignmentAccepted: a.assignmentAccepted };
        const higher = {
          watchedSeconds: Math.max(a.watchedSeconds, b.watchedSeconds),
          passedQuizIds: new Set([...a.passed, ...b.passed]),
          assignmentAccepted: a.assignmentAccepted || b.assignmentAccepted,
        };
        if (courseCompletion(rules, lower).complete) expect(courseCompletion(rules, higher).complete).toBe(true);
      }),
    );
  });
});

describe('project qualification', () => {
  const course = (courseId: string, complete: boolean) => ({ courseId, complete, requiredWatchSeconds: 3600 });

  it('needs every counted course complete and the capped project time to reach the thresholds', () => {
    expect(projectQualification([course('a', true), course('b', true)], 7200)).toEqual({ qualified: true, incompleteCourseIds: [], watchShortSeconds: 0 });
    expect(projectQualification([course('a', true), course('b', false)], 7200)).toMatchObject({ qualified: false, incompleteCourseIds: ['b'] });
    // both complete, but watched side by side on two devices: 3600 s of wall clock for 7200 s of courses
    expect(projectQualification([course('a', true), course('b', true)], 3600)).toEqual({ qualified: false, incompleteCourseIds: [], watchShortSeconds: 3600 });
  });

  it('never qualifies without counted courses', () => {
    expect(projectQualification([], 100_000).qualified).toBe(false);
  });
});
