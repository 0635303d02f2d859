/** A quiz as progress keeps it; the answer key never leaves the service for teachers. */
export interface QuizDefinition {
  id: string;
  courseId: string;
  title: string;
  questions: QuizQuestion[];
  /** Points needed to pass (data: each quiz its own). */
  passPoints: number;
  /** Attempts per teacher; 0 = unlimited (data: the attempts policy of this quiz). */
  maxAttempts: number;
}

export interface QuizQuestion {
  id: string;
  prompt: string;
  options: Array<{ id: string; text: string }>;
  correctOptionIds: string[];
  points: number;
}

export interface QuizAnswer {
  questionId: string;
  optionIds: string[];
}

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Every problem of a definition, each naming where it is; empty when the quiz can be saved. */
export function quizProblems(quiz: QuizDefinition): string[] {
  const problems: string[] = [];
  if (!ID.test(quiz.id)) problems.push('id: must be 1-64 letters, digits or . _ : -');
  if (!ID.test(quiz.courseId)) problems.push('courseId: must be 1-64 letters, digits or . _ : -');
  if (!quiz.title.trim() || quiz.title.length > 200) problems.push('title: must be 1-200 characters');
  if (quiz.questions.length === 0 || quiz.questions.length > 100) problems.push('questions: a quiz has 1 to 100 questions');
  const questionIds = new Set<string>();
  quiz.questions.forEach((q, i) => {
    const at = `questions[${i}]`;
    if (!ID.test(q.id)) problems.push(`${at}.id: must be 1-64 letters, digits or . _ : -`);
    if (questionIds.has(q.id)) problems.push(`${at}.id: "${q.id}" is used twice`);
    questionIds.add(q.id);
    if (!q.prompt.trim()) problems.push(`${at}.prompt: must not be empty`);
    const optionIds = new Set(q.options.map((o) => o.id));
    if (q.options.length < 2 || optionIds.size !== q.options.length) problems.push(`${at}.options: at least 2, with distinct ids`);
    if (q.correctOptionIds.length === 0 || !q.correctOptionIds.every((id) => optionIds.has(id))) problems.push(`${at}.correctOptionIds: 1 or more of the question's own option ids`);
    if (!Number.isInteger(q.points) || q.points < 1 || q.points > 100) problems.push(`${at}.points: a whole number from 1 to 100`);
  });
  const total = maxPoints(quiz);
  if (!Number.isInteger(quiz.passPoints) || quiz.passPoints < 1 || quiz.passPoints > total) problems.push(`passPoints: from 1 to the quiz's ${total} points`);
  if (!Number.isInteger(quiz.maxAttempts) || quiz.maxAttempts < 0 || quiz.maxAttempts > 100) problems.push('maxAttempts: 0 (unlimited) to 100');
  return problems;
}

export function maxPoints(quiz: Pick<QuizDefinition, 'questions'>): number {
  return quiz.questions.reduce((sum, q) => sum + q.points, 0);
}

export type Scored = { ok: true; points: number; maxPoints: number; passed: boolean } | { ok: false; problems: string[] };

/**
 * Scores on the server: a question earns its points only when exactly its correct options are chosen.
 * Unanswered questions earn nothing; answers to unknown questions or options are refused.
 */
export function scoreAnswers(quiz: QuizDefinition, answers: readonly QuizAnswer[]): Scored {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, a] of answers.entries()) {
    const question = byId.get(a.questionId);
    if (!question) problems.push(`answers[${i}].questionId: "${a.questionId}" is not a question of quiz ${quiz.id}`);
    else if (seen.has(a.questionId)) problems.push(`answers[${i}].questionId: "${a.questionId}" is answered twice`);
    else if (!a.optionIds.every((id) => question.options.some((o) => o.id === id))) problems.push(`answers[${i}].optionIds: not all are options of question "${a.questionId}"`);
    seen.add(a.questionId);
  }
  if (problems.length > 0) return { ok: false, problems };
  const chosen = new Map(answers.map((a) => [a.questionId, new Set(a.optionIds)]));
  let points = 0;
  for (const q of quiz.questions) {
    const picked = chosen.get(q.id);
    if (picked && picked.size === q.correctOptionIds.length && q.correctOptionIds.every((id) => picked.has(id))) points += q.points;
  }
  return { ok: true, points, maxPoints: maxPoints(quiz), passed: points >= quiz.passPoints };
}

export type AttemptDecision = { allowed: true; attempt: number } | { allowed: false; code: 'attempts_exhausted' | 'already_passed'; message: string };

/** The attempts policy: once passed, the quiz is done; otherwise at most maxAttempts (0 = no limit). */
export function decideAttempt(quiz: Pick<QuizDefinition, 'id' | 'maxAttempts'>, previous: { attempts: number; passed: boolean }): AttemptDecision {
  if (previous.passed) return { allowed: false, code: 'already_passed', message: `quiz ${quiz.id} is already passed` };
  if (quiz.maxAttempts > 0 && previous.attempts >= quiz.maxAttempts) {
    return { allowed: false, code: 'attempts_exhausted', message: `quiz ${quiz.id} allows ${quiz.maxAttempts} attempts and all are used` };
  }
  return { allowed: true, attempt: previous.attempts + 1 };
}

export function attemptsLeft(quiz: Pick<QuizDefinition, 'maxAttempts'>, used: number): number {
  return quiz.maxAttempts === 0 ? 0 : Math.max(0, quiz.maxAttempts - used);
}
