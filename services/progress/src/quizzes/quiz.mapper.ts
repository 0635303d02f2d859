import type { progressEntities } from '@yanxiu/contracts';
import type { QuizDefinition } from './quiz-rules.js';
import type { StoredAttempt, StoredQuiz } from './quiz.repository.js';

export function quizFromMessage(quiz: progressEntities.Quiz): QuizDefinition {
  return {
    id: quiz.id,
    courseId: quiz.courseId,
    title: quiz.title,
    passPoints: quiz.passPoints,
    maxAttempts: quiz.maxAttempts,
    questions: quiz.questions.map((q) => ({ id: q.id, prompt: q.prompt, options: q.options.map((o) => ({ id: o.id, text: o.text })), correctOptionIds: q.correctOptionIds, points: q.points })),
  };
}

/** With the answer key for experts and admins; without it (empty correct_option_ids) for teachers. */
export function quizMessage(quiz: StoredQuiz, withAnswers: boolean): progressEntities.Quiz {
  return {
    id: quiz.id,
    courseId: quiz.courseId,
    title: quiz.title,
    questions: quiz.questions.map((q) => ({ id: q.id, prompt: q.prompt, options: q.options, correctOptionIds: withAnswers ? q.correctOptionIds : [], points: q.points })),
    passPoints: quiz.passPoints,
    maxAttempts: quiz.maxAttempts,
    version: quiz.version,
    updatedBy: quiz.updatedBy,
    updatedAt: quiz.updatedAt.toISOString(),
  };
}

export function attemptMessage(attempt: StoredAttempt, attemptsLeft: number): progressEntities.QuizAttempt {
  return {
    quizId: attempt.quizId,
    teacherId: attempt.teacherId,
    attempt: attempt.attempt,
    points: attempt.points,
    maxPoints: attempt.maxPoints,
    passed: attempt.passed,
    attemptsLeft,
    submittedAt: attempt.submittedAt.toISOString(),
  };
}
