import { LIVE_GROUP } from '../facts/facts.repository.js';
import { placeholders, type Sql, type WriteResult } from '../sql.js';
import type { WatchKey } from '../watching/heartbeat-decoding.js';
import type { DayRange } from '../watching/watch-state.js';
import type { RoleStandard } from '../qualification/role-qualification.js';
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

/** What a participant's qualification depends on besides their courses. */
export interface Standing {
  enrolledRole: string;
  /** The unit enrolled through. */
  orgPath: string;
  project: { name: string; year: number; requiredHours: number; creditDeadline: string };
  /** Leads a live study group of the project (qualification/role-qualification.ts). */
  leadsGroup: boolean;
  dutyConfirmed: boolean;
}

export interface StoredStandard extends RoleStandard {
  /** '' for the default. */
  projectId: string;
  role: string;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export interface DutyConfirmation {
  teacherId: string;
  projectId: string;
  role: string;
  regionPath: string;
  confirmedBy: string;
  confirmedAt: Date;
}

interface StandardRow {
  project_id: string;
  role: string;
  courses_required: number;
  duty_confirmation_required: number;
  version: number;
  updated_by: string;
  updated_at: Date;
}

const STANDARD_COLUMNS = 'project_id, role, courses_required, duty_confirmation_required, version, updated_by, updated_at';
const toStandard = (r: StandardRow): StoredStandard => ({
  projectId: r.project_id,
  role: r.role,
  coursesRequired: r.courses_required === 1,
  dutyConfirmationRequired: r.duty_confirmation_required === 1,
  version: r.version,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

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

  /** The teacher's enrollment in a known project, or null while identity has not told us of both. */
  async standing(sql: Sql, teacherId: string, projectId: string): Promise<Standing | null> {
    const rows: Array<{
      role: string;
      org_path: string;
      name: string;
      year: number;
      required_hours: string;
      credit_deadline: string;
      leads_group: string | number;
      duty_confirmed: string | number;
    }> = await sql.query(
      `SELECT p.role, p.org_path, pr.name, pr.year, pr.required_hours, pr.credit_deadline,
         EXISTS (SELECT 1 FROM study_groups g WHERE g.project_id = p.project_id AND g.leader_teacher_id = p.teacher_id AND ${LIVE_GROUP}) AS leads_group,
         EXISTS (SELECT 1 FROM role_duty_confirmations d WHERE d.teacher_id = p.teacher_id AND d.project_id = p.project_id) AS duty_confirmed
       FROM participants p JOIN projects pr ON pr.project_id = p.project_id
       WHERE p.teacher_id = ? AND p.project_id = ? AND p.enrolled = 1 LIMIT 1`,
      [teacherId, projectId],
    );
    const r = rows[0];
    return r
      ? {
          enrolledRole: r.role,
          orgPath: r.org_path,
          project: { name: r.name, year: r.year, requiredHours: Number(r.required_hours), creditDeadline: r.credit_deadline },
          leadsGroup: Number(r.leads_group) === 1,
          dutyConfirmed: Number(r.duty_confirmed) === 1,
        }
      : null;
  }

  /** Each role's standard for the project: its own where saved, else the default; by role. */
  async standards(sql: Sql, projectId: string): Promise<StoredStandard[]> {
    const rows: StandardRow[] = await sql.query(`SELECT ${STANDARD_COLUMNS} FROM qualification_standards WHERE project_id IN (?, '') ORDER BY role, project_id DESC`, [projectId]);
    const byRole = new Map<string, StoredStandard>();
    for (const row of rows) if (!byRole.has(row.role)) byRole.set(row.role, toStandard(row));
    return [...byRole.values()];
  }

  async standardFor(sql: Sql, projectId: string, role: string): Promise<StoredStandard | null> {
    const rows: StandardRow[] = await sql.query(`SELECT ${STANDARD_COLUMNS} FROM qualification_standards WHERE project_id IN (?, '') AND role = ? ORDER BY project_id DESC LIMIT 1`, [projectId, role]);
    return rows[0] ? toStandard(rows[0]) : null;
  }

  /** The project's own standard of a role, locked for a change; null while it uses the default. */
  async lockOwnStandard(sql: Sql, projectId: string, role: string): Promise<StoredStandard | null> {
    const rows: StandardRow[] = await sql.query(`SELECT ${STANDARD_COLUMNS} FROM qualification_standards WHERE project_id = ? AND role = ? FOR UPDATE`, [projectId, role]);
    return rows[0] ? toStandard(rows[0]) : null;
  }

  async saveStandard(sql: Sql, s: StoredStandard): Promise<void> {
    await sql.query(
      `INSERT INTO qualification_standards (project_id, role, courses_required, duty_confirmation_required, version, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE courses_required = VALUES(courses_required), duty_confirmation_required = VALUES(duty_confirmation_required), version = VALUES(version),
         updated_by = VALUES(updated_by), updated_at = VALUES(updated_at)`,
      [s.projectId, s.role, s.coursesRequired ? 1 : 0, s.dutyConfirmationRequired ? 1 : 0, s.version, s.updatedBy, s.updatedAt],
    );
  }

  /** False when the teacher's duty in the project was confirmed before (the primary key allows one). */
  async insertDutyConfirmation(sql: Sql, c: DutyConfirmation): Promise<boolean> {
    const result: WriteResult = await sql.query(
      'INSERT IGNORE INTO role_duty_confirmations (teacher_id, project_id, role, region_path, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?, ?)',
      [c.teacherId, c.projectId, c.role, c.regionPath, c.confirmedBy, c.confirmedAt],
    );
    return result.affectedRows === 1;
  }

  async dutyConfirmation(sql: Sql, teacherId: string, projectId: string): Promise<DutyConfirmation | null> {
    const rows: Array<{ role: string; region_path: string; confirmed_by: string; confirmed_at: Date }> = await sql.query(
      'SELECT role, region_path, confirmed_by, confirmed_at FROM role_duty_confirmations WHERE teacher_id = ? AND project_id = ?',
      [teacherId, projectId],
    );
    const r = rows[0];
    return r ? { teacherId, projectId, role: r.role, regionPath: r.region_path, confirmedBy: r.confirmed_by, confirmedAt: r.confirmed_at } : null;
  }
}
