import { placeholders, type Sql, type WriteResult } from '../sql.js';
import type { WatchKey } from '../watching/heartbeat-decoding.js';
import type { DayRange } from '../watching/watch-state.js';
import type { CourseRequirements } from './completion-rules.js';

/** A course counted for a teacher in a project, with everything its completion depends on. */
export interface CountedCourse extends WatchKey {
  projectId: string;
  title: string;
  hours: number;
  project: { name: string; year: number; requiredHours: number; window: DayRange; creditDeadline: string };
  /** Null while no rules are defined for the course: it cannot complete yet. */
  rules: Omit<CourseRequirements, 'quizIds'> | null;
  quizIds: string[];
  completedAt: Date | null;
}

interface CountedRow {
  teacher_id: string;
  project_id: string;
  course_id: string;
  title: string;
  hours: string;
  name: string;
  year: number;
  required_hours: string;
  study_start: string;
  study_end: string;
  credit_deadline: string;
  required_watch_seconds: number | null;
  assignment_required: number | null;
  quiz_ids: string | null;
  completed_at: Date | null;
}

const COUNTED = `
  SELECT cc.teacher_id, cc.project_id, cc.course_id, cc.title, cc.hours, p.name, p.year, p.required_hours, p.study_start, p.study_end, p.credit_deadline,
         r.required_watch_seconds, r.assignment_required, c.quiz_ids, cp.completed_at
  FROM counted_courses cc
  JOIN projects p ON p.project_id = cc.project_id
  LEFT JOIN course_rules r ON r.course_id = cc.course_id
  LEFT JOIN courses c ON c.course_id = cc.course_id
  LEFT JOIN course_progress cp ON cp.teacher_id = cc.teacher_id AND cp.project_id = cc.project_id AND cp.course_id = cc.course_id`;

const toCounted = (r: CountedRow): CountedCourse => ({
  teacherId: r.teacher_id,
  projectId: r.project_id,
  courseId: r.course_id,
  title: r.title,
  hours: Number(r.hours),
  project: { name: r.name, year: r.year, requiredHours: Number(r.required_hours), window: { from: r.study_start, to: r.study_end }, creditDeadline: r.credit_deadline },
  rules: r.required_watch_seconds === null ? null : { requiredWatchSeconds: r.required_watch_seconds, assignmentRequired: r.assignment_required === 1 },
  quizIds: r.quiz_ids ? (JSON.parse(r.quiz_ids) as string[]) : [],
  completedAt: r.completed_at,
});

const pairKey = (a: string, b: string) => `${a}/${b}`;

/** Course progress, completions and qualifications: plain data access, the rules are in completion-rules.ts. */
export class ProgressRepository {
  /** The counted courses (in any project with a known window) among these teacher × course pairs. */
  async countedAmong(sql: Sql, keys: readonly WatchKey[]): Promise<CountedCourse[]> {
    if (keys.length === 0) return [];
    const rows: CountedRow[] = await sql.query(
      `${COUNTED} WHERE (cc.teacher_id, cc.course_id) IN (${placeholders(keys.length, 2)})`,
      keys.flatMap((k) => [k.teacherId, k.courseId]),
    );
    return rows.map(toCounted);
  }

  /** Every course that counts for a teacher in a project. */
  async countedInProject(sql: Sql, teacherId: string, projectId: string): Promise<CountedCourse[]> {
    const rows: CountedRow[] = await sql.query(`${COUNTED} WHERE cc.teacher_id = ? AND cc.project_id = ? ORDER BY cc.course_id`, [teacherId, projectId]);
    return rows.map(toCounted);
  }

  async saveWatched(sql: Sql, rows: ReadonlyArray<CountedCourse & { watchedSeconds: number }>, now: Date): Promise<void> {
    if (rows.length === 0) return;
    await sql.query(
      `INSERT INTO course_progress (teacher_id, project_id, course_id, watched_seconds, required_watch_seconds, updated_at) VALUES ${placeholders(rows.length, 6)}
       ON DUPLICATE KEY UPDATE watched_seconds = VALUES(watched_seconds), required_watch_seconds = VALUES(required_watch_seconds), updated_at = VALUES(updated_at)`,
      rows.flatMap((r) => [r.teacherId, r.projectId, r.courseId, r.watchedSeconds, r.rules?.requiredWatchSeconds ?? null, now]),
    );
  }

  /** "teacher/quiz" of every passed quiz of these teachers. */
  async passedQuizzes(sql: Sql, teacherIds: readonly string[]): Promise<Set<string>> {
    if (teacherIds.length === 0) return new Set();
    const rows: Array<{ teacher_id: string; quiz_id: string }> = await sql.query(
      `SELECT DISTINCT teacher_id, quiz_id FROM quiz_attempts WHERE passed = 1 AND teacher_id IN (${placeholders(teacherIds.length, 1)})`,
      [...teacherIds],
    );
    return new Set(rows.map((r) => pairKey(r.teacher_id, r.quiz_id)));
  }

  /** "teacher/course" of every accepted assignment among these pairs. */
  async acceptedAssignments(sql: Sql, keys: readonly WatchKey[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: Array<{ teacher_id: string; course_id: string }> = await sql.query(
      `SELECT teacher_id, course_id FROM accepted_assignments WHERE (teacher_id, course_id) IN (${placeholders(keys.length, 2)})`,
      keys.flatMap((k) => [k.teacherId, k.courseId]),
    );
    return new Set(rows.map((r) => pairKey(r.teacher_id, r.course_id)));
  }

  /** Sets completed_at once; false if the course was already complete (so its event is not sent twice). */
  async markCompleted(sql: Sql, course: Pick<CountedCourse, 'teacherId' | 'projectId' | 'courseId'>, at: Date): Promise<boolean> {
    const result: WriteResult = await sql.query(
      'UPDATE course_progress SET completed_at = ? WHERE teacher_id = ? AND project_id = ? AND course_id = ? AND completed_at IS NULL',
      [at, course.teacherId, course.projectId, course.courseId],
    );
    return result.affectedRows === 1;
  }

  /** False if the teacher had qualified already (the primary key allows one qualification). */
  async insertQualification(sql: Sql, teacherId: string, projectId: string, watchedSeconds: number, at: Date): Promise<boolean> {
    const result: WriteResult = await sql.query('INSERT IGNORE INTO project_qualifications (teacher_id, project_id, watched_seconds, qualified_at) VALUES (?, ?, ?, ?)', [
      teacherId,
      projectId,
      watchedSeconds,
      at,
    ]);
    return result.affectedRows === 1;
  }

  async qualification(sql: Sql, teacherId: string, projectId: string): Promise<{ qualifiedAt: Date } | null> {
    const rows: Array<{ qualified_at: Date }> = await sql.query('SELECT qualified_at FROM project_qualifications WHERE teacher_id = ? AND project_id = ?', [teacherId, projectId]);
    return rows[0] ? { qualifiedAt: rows[0].qualified_at } : null;
  }

  /** The unit a teacher was enrolled through in a project, if identity told us. */
  async enrolledOrgPath(sql: Sql, teacherId: string, projectId: string): Promise<string | null> {
    const rows: Array<{ org_path: string }> = await sql.query('SELECT org_path FROM participants WHERE teacher_id = ? AND project_id = ? AND enrolled = 1 LIMIT 1', [teacherId, projectId]);
    return rows[0]?.org_path ?? null;
  }
}
