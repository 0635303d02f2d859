import fc from 'fast-check';
import { decideAttempt, quizProblems, scoreAnswers, type QuizDefinition } from './quiz-rules.js';

const quiz: QuizDefinition = {
  id: 'q1',
  courseId: 'c1',
  title: '理念篇 测验',
  passPoints: 6,
  maxAttempts: 3,
  questions: [
    { id: 'a', prompt: '单选', options: [{ id: '1', text: 'x' }, { id: '2', text: 'y' }], correctOptionIds: ['2'], points: 4 },
    { id: 'b', prompt: '多选', options: [{ id: '1', text: 'x' }, { id: '2', text: 'y' }, { id: '3', text: 'z' }], correctOptionIds: ['1', '3'], points: 6 },
  ],
};

describe('quiz definitions', () => {
  it('accepts a sound quiz', () => {
    expect(quizProblems(quiz)).toEqual([]);
  });

  it('names every problem', () => {
    const broken: QuizDefinition = {
      ...quiz,
      passPoints: 11,
      maxAttempts: -1,
      questions: [quiz.questions[0]!, { ...quiz.questions[0]!, options: [{ id: '1', text: 'x' }], correctOptionIds: ['9'], points: 0 }],
    };
    expect(quizProblems(broken)).toEqual([
      'questions[1].id: "a" is used twice',
      'questions[1].options: at least 2, with distinct ids',
      "questions[1].correctOptionIds: 1 or more of the question's own option ids",
      'questions[1].points: a whole number from 1 to 100',
      "passPoints: from 1 to the quiz's 4 points",
      'maxAttempts: 0 (unlimited) to 100',
    ]);
  });
});

describe('scoring', () => {
  it('gives a question its points only for exactly its correct options', () => {
    expect(scoreAnswers(quiz, [{ questionId: 'a', optionIds: ['2'] }, { questionId: 'b', optionIds: ['1', '3'] }])).toEqual({ ok: true, points: 10, maxPoints: 10, passed: true });
    expect(scoreAnswers(quiz, [{ questionId: 'b', optionIds: ['3', '1'] }])).toEqual({ ok: true, points: 6, maxPoints: 10, passed: true });
    expect(scoreAnswers(quiz, [{ questionId: 'a', optionIds: ['2'] }, { questionId: 'b', optionIds: ['1', '2', '3'] }])).toEqual({ ok: true, points: 4, maxPoints: 10, passed: false });
  });

  it('refuses answers to questions or options that do not exist, and doubled answers', () => {
    expect(scoreAnswers(quiz, [{ questionId: 'z', optionIds: [] }, { questionId: 'a', optionIds: ['7'] }, { questionId: 'a', optionIds: ['2'] }])).toEqual({
      ok: false,
      problems: ['answers[0].questionId: "z" is not a question of quiz q1', 'answers[1].optionIds: not all are options of question "a"', 'answers[2].questionId: "a" is answered twice'],
    });
  });

  it('never scores above the maximum, and the order of answers does not matter', () => {
    const answer = fc.record({ questionId: fc.constantFrom('a', 'b'), optionIds: fc.subarray(['1', '2', '3']) });
    fc.assert(
      fc.property(fc.uniqueArray(answer, { selector: (a) => a.questionId }), (answers) => {
        const scored = scoreAnswers(quiz, answers);
        if (!scored.ok) return;
        expect(scored.points).toBeLessThanOrEqual(scored.maxPoints);
        expect(scoreAnswers(quiz, [...answers].reverse())).toEqual(scored);
      }),
    );
  });
});

describe('attempts policy', () => {
  it('allows attempts up to the limit, none after a pass, any number when unlimited', () => {
    expect(decideAttempt(quiz, { attempts: 2, passed: false })).toEqual({ allowed: true, attempt: 3 });
    expect(decideAttempt(quiz, { attempts: 3, passed: false })).toMatchObject({ allowed: false, code: 'attempts_exhausted' });
    expect(decideAttempt(quiz, { attempts: 1, passed: true })).toMatchObject({ allowed: false, code: 'already_passed' });
    expect(decideAttempt({ ...quiz, maxAttempts: 0 }, { attempts: 99, passed: false })).toEqual({ allowed: true, attempt: 100 });
  });
});
