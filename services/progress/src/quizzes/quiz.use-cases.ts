import type { Principal } from '@yanxiu/auth';
import type { progress, progressEntities } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { ownTeacherId, requireRole } from '../access.js';
import type { ProgressEvaluator } from '../completion/progress-evaluator.js';
import type { FactsRepository } from '../facts/facts.repository.js';
import { ProgressError } from '../progress.error.js';
import { sqlOf } from '../sql.js';
import type { WatchStateRepository } from '../watching/watch-state.repository.js';
import { attemptsLeft, decideAttempt, quizProblems, scoreAnswers } from './quiz-rules.js';
import { attemptMessage, quizFromMessage, quizMessage } from './quiz.mapper.js';
import type { QuizRepository, StoredAttempt } from './quiz.repository.js';

const AUTHORS = ['expert', 'province-admin'] as const;

/** Creates or replaces a quiz (course experts, the province admin); optimistic on the version read. */
export class SaveQuizUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly quizzes: QuizRepository,
    private readonly facts: FactsRepository,
  ) {}

  async execute(principal: Principal, request: progress.SaveQuizRequest): Promise<progressEntities.Quiz> {
    requireRole(principal, AUTHORS, 'writing quizzes');
    if (!request.quiz) throw new ProgressError('invalid_argument', 'quiz is required');
    const quiz = quizFromMessage(request.quiz);
    const problems = quizProblems(quiz);
    if (problems.length > 0) throw new ProgressError('invalid_argument', problems.join('; '));
    return this.dataSource.transaction(async (manager) => {
      const sql = sqlOf(manager);
      const held = await this.quizzes.find(sql, quiz.id, { lock: true });
      if ((held?.version ?? 0) !== request.expectedVersion) {
        throw new ProgressError('version_conflict', `quiz ${quiz.id} is at version ${held?.version ?? 0}, not ${request.expectedVersion}: read it again`);
      }
      await this.quizzes.save(sql, quiz, request.expectedVersion + 1, principal.username, new Date());
      // Attempts keep the score they got; a new pass mark can only matter through re-evaluation of the course.
      await this.facts.queueEvaluations(sql, { courseId: quiz.courseId });
      return quizMessage((await this.quizzes.find(sql, quiz.id))!, true);
    });
  }
}

/** A quiz to take (teachers: no answer key, with their own attempts) or to edit (experts, province admin). */
export class GetQuizUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly quizzes: QuizRepository,
  ) {}

  async execute(principal: Principal, quizId: string): Promise<progress.GetQuizResponse> {
    const sql = sqlOf(this.dataSource.manager);
    const quiz = await this.quizzes.find(sql, quizId);
    if (!quiz) throw new ProgressError('quiz_not_found', `quiz ${quizId} not found`);
    const author = AUTHORS.some((role) => principal.roles.includes(role));
    const attempts = principal.teacherId ? await this.quizzes.attempts(sql, principal.teacherId, quizId) : [];
    return { quiz: quizMessage(quiz, author), attempts: attempts.map((a) => attemptMessage(a, attemptsLeft(quiz, attempts.length))) };
  }
}

/**
 * A teacher's attempt, scored on the server. Under the teacher's lock, so two simultaneous submissions
 * cannot both be "attempt 3" (the primary key would refuse the second anyway). A pass re-evaluates the
 * course at once: it may complete the course, qualify the project and register its hours.
 */
export class SubmitQuizAttemptUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly quizzes: QuizRepository,
    private readonly learners: WatchStateRepository,
    private readonly evaluator: ProgressEvaluator,
  ) {}

  async execute(principal: Principal, request: progress.SubmitQuizAttemptRequest): Promise<progressEntities.QuizAttempt> {
    const teacherId = ownTeacherId(principal);
    return this.dataSource.transaction(async (manager) => {
      const sql = sqlOf(manager);
      await this.learners.lockLearners(sql, [teacherId]);
      const quiz = await this.quizzes.find(sql, request.quizId);
      if (!quiz) throw new ProgressError('quiz_not_found', `quiz ${request.quizId} not found`);
      const previous = await this.quizzes.attempts(sql, teacherId, quiz.id);
      const decision = decideAttempt(quiz, { attempts: previous.length, passed: previous.some((a) => a.passed) });
      if (!decision.allowed) throw new ProgressError(decision.code, decision.message);
      const scored = scoreAnswers(
        quiz,
        request.answers.map((a) => ({ questionId: a.questionId, optionIds: a.optionIds })),
      );
      if (!scored.ok) throw new ProgressError('invalid_argument', scored.problems.join('; '));
      const attempt: StoredAttempt = { quizId: quiz.id, teacherId, attempt: decision.attempt, points: scored.points, maxPoints: scored.maxPoints, passed: scored.passed, submittedAt: new Date() };
      await this.quizzes.insertAttempt(sql, attempt, request.answers);
      if (attempt.passed) await this.evaluator.reevaluate(sql, [{ teacherId, courseId: quiz.courseId }]);
      return attemptMessage(attempt, attemptsLeft(quiz, decision.attempt));
    });
  }
}
