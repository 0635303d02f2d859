import type { Sql } from '../sql.js';
import type { QuizAnswer, QuizDefinition, QuizQuestion } from './quiz-rules.js';

export interface StoredQuiz extends QuizDefinition {
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export interface StoredAttempt {
  quizId: string;
  teacherId: string;
  attempt: number;
  points: number;
  maxPoints: number;
  passed: boolean;
  submittedAt: Date;
}

interface QuizRow {
  quiz_id: string;
  course_id: string;
  title: string;
  questions: string;
  pass_points: number;
  max_attempts: number;
  version: number;
  updated_by: string;
  updated_at: Date;
}

interface AttemptRow {
  quiz_id: string;
  teacher_id: string;
  attempt: number;
  points: number;
  max_points: number;
  passed: number;
  submitted_at: Date;
}

const toQuiz = (r: QuizRow): StoredQuiz => ({
  id: r.quiz_id,
  courseId: r.course_id,
  title: r.title,
  questions: JSON.parse(r.questions) as QuizQuestion[],
  passPoints: r.pass_points,
  maxAttempts: r.max_attempts,
  version: r.version,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

const toAttempt = (r: AttemptRow): StoredAttempt => ({
  quizId: r.quiz_id,
  teacherId: r.teacher_id,
  attempt: r.attempt,
  points: r.points,
  maxPoints: r.max_points,
  passed: r.passed === 1,
  submittedAt: r.submitted_at,
});

export class QuizRepository {
  async find(sql: Sql, quizId: string, options: { lock?: boolean } = {}): Promise<StoredQuiz | null> {
    const rows: QuizRow[] = await sql.query(
      `SELECT quiz_id, course_id, title, questions, pass_points, max_attempts, version, updated_by, updated_at FROM quizzes WHERE quiz_id = ?${options.lock ? ' FOR UPDATE' : ''}`,
      [quizId],
    );
    return rows[0] ? toQuiz(rows[0]) : null;
  }

  async save(sql: Sql, quiz: QuizDefinition, version: number, by: string, at: Date): Promise<void> {
    await sql.query(
      `INSERT INTO quizzes (quiz_id, course_id, title, questions, pass_points, max_attempts, version, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE course_id = VALUES(course_id), title = VALUES(title), questions = VALUES(questions), pass_points = VALUES(pass_points),
         max_attempts = VALUES(max_attempts), version = VALUES(version), updated_by = VALUES(updated_by), updated_at = VALUES(updated_at)`,
      [quiz.id, quiz.courseId, quiz.title, JSON.stringify(quiz.questions), quiz.passPoints, quiz.maxAttempts, version, by, at],
    );
  }

  async attempts(sql: Sql, teacherId: string, quizId: string): Promise<StoredAttempt[]> {
    const rows: AttemptRow[] = await sql.query(
      'SELECT quiz_id, teacher_id, attempt, points, max_points, passed, submitted_at FROM quiz_attempts WHERE teacher_id = ? AND quiz_id = ? ORDER BY attempt',
      [teacherId, quizId],
    );
    return rows.map(toAttempt);
  }

  async insertAttempt(sql: Sql, attempt: StoredAttempt, answers: readonly QuizAnswer[]): Promise<void> {
    await sql.query('INSERT INTO quiz_attempts (teacher_id, quiz_id, attempt, points, max_points, passed, answers, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      attempt.teacherId,
      attempt.quizId,
      attempt.attempt,
      attempt.points,
      attempt.maxPoints,
      attempt.passed ? 1 : 0,
      JSON.stringify(answers),
      attempt.submittedAt,
    ]);
  }
}
