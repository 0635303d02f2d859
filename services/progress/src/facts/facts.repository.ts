import { placeholders, type Sql, type WriteResult } from '../sql.js';

export interface ProjectFacts {
  projectId: string;
  year: number;
  name: string;
  requiredHours: number;
  studyStart: string;
  studyEnd: string;
  creditDeadline: string;
  version: number;
}

export interface ParticipantFacts {
  enrollmentId: string;
  projectId: string;
  teacherId: string;
  orgPath: string;
  role: string;
  enrolled: boolean;
  version: number;
}

export interface CountedCourseFacts {
  courseId: string;
  title: string;
  hours: number;
}

/**
 * Other services' facts as progress needs them. Each is stored with the version it came with and
 * replaced only by a newer one, so redelivered and out-of-order events change nothing.
 */
export class FactsRepository {
  async findProject(sql: Sql, projectId: string, options: { lock?: boolean } = {}): Promise<ProjectFacts | null> {
    const rows: Array<{ project_id: string; year: number; name: string; required_hours: string; study_start: string; study_end: string; credit_deadline: string; version: number }> =
      await sql.query(
        `SELECT project_id, year, name, required_hours, study_start, study_end, credit_deadline, version FROM projects WHERE project_id = ?${options.lock ? ' FOR UPDATE' : ''}`,
        [projectId],
      );
    const r = rows[0];
    return r
      ? { projectId: r.project_id, year: r.year, name: r.name, requiredHours: Number(r.required_hours), studyStart: r.study_start, studyEnd: r.study_end, creditDeadline: r.credit_deadline, version: r.version }
      : null;
  }

  async upsertProject(sql: Sql, p: ProjectFacts): Promise<void> {
    await sql.query(
      `INSERT INTO projects (project_id, year, name, required_hours, study_start, study_end, credit_deadline, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE year = VALUES(year), name = VALUES(name), required_hours = VALUES(required_hours), study_start = VALUES(study_start),
         study_end = VALUES(study_end), credit_deadline = VALUES(credit_deadline), version = VALUES(version)`,
      [p.projectId, p.year, p.name, p.requiredHours, p.studyStart, p.studyEnd, p.creditDeadline, p.version],
    );
  }

  /** Keeps the newest version of an enrollment. */
  async upsertParticipant(sql: Sql, p: ParticipantFacts): Promise<void> {
    await sql.query(
      `INSERT INTO participants (enrollment_id, project_id, teacher_id, org_path, role, enrolled, version) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE
         org_path = IF(VALUES(version) > version, VALUES(org_path), org_path),
         role = IF(VALUES(version) > version, VALUES(role), role),
         enrolled = IF(VALUES(version) > version, VALUES(enrolled), enrolled),
         version = GREATEST(version, VALUES(version))`,
      [p.enrollmentId, p.projectId, p.teacherId, p.orgPath, p.role, p.enrolled ? 1 : 0, p.version],
    );
  }

  /** A teacher's unit as of identity status_version `version`; an older state than the one held is ignored. */
  async upsertTeacherUnit(sql: Sql, teacherId: string, unit: { orgPath: string; inService: boolean; version: number }): Promise<void> {
    await sql.query(
      `INSERT INTO teacher_units (teacher_id, org_path, in_service, status_version) VALUES (?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE
         org_path = IF(VALUES(status_version) > status_version, VALUES(org_path), org_path),
         in_service = IF(VALUES(status_version) > status_version, VALUES(in_service), in_service),
         status_version = GREATEST(status_version, VALUES(status_version))`,
      [teacherId, unit.orgPath, unit.inService ? 1 : 0, unit.version],
    );
  }

  /**
   * Replaces a teacher's counted courses of a project unless a newer list is held. Returns the course
   * ids before and after, or null when this list was older than the one held.
   */
  async replaceCountedCourses(sql: Sql, teacherId: string, projectId: string, courses: readonly CountedCourseFacts[], occurredAt: Date): Promise<{ before: string[]; after: string[] } | null> {
    const held: Array<{ occurred_at: Date }> = await sql.query('SELECT occurred_at FROM counted_selections WHERE teacher_id = ? AND project_id = ? FOR UPDATE', [teacherId, projectId]);
    if (held[0] && held[0].occurred_at.getTime() > occurredAt.getTime()) return null;
    await sql.query('INSERT INTO counted_selections (teacher_id, project_id, occurred_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE occurred_at = VALUES(occurred_at)', [
      teacherId,
      projectId,
      occurredAt,
    ]);
    const before: Array<{ course_id: string }> = await sql.query('SELECT course_id FROM counted_courses WHERE teacher_id = ? AND project_id = ?', [teacherId, projectId]);
    await sql.query('DELETE FROM counted_courses WHERE teacher_id = ? AND project_id = ?', [teacherId, projectId]);
    if (courses.length > 0) {
      await sql.query(
        `INSERT INTO counted_courses (teacher_id, project_id, course_id, title, hours) VALUES ${placeholders(courses.length, 5)}`,
        courses.flatMap((c) => [teacherId, projectId, c.courseId, c.title.slice(0, 200), c.hours]),
      );
    }
    const after = courses.map((c) => c.courseId);
    const dropped = before.map((b) => b.course_id).filter((id) => !after.includes(id));
    // A course that no longer counts leaves the progress lists (its completion event, a past fact, stays).
    if (dropped.length > 0) {
      await sql.query(`DELETE FROM course_progress WHERE teacher_id = ? AND project_id = ? AND course_id IN (${placeholders(dropped.length, 1)})`, [teacherId, projectId, ...dropped]);
    }
    return { before: before.map((b) => b.course_id), after };
  }

  /** Keeps the newest revision of a course's quiz list; true when it changed. */
  async upsertCourseQuizzes(sql: Sql, courseId: string, quizIds: readonly string[], revision: number): Promise<boolean> {
    const rows: Array<{ quiz_ids: string; revision: number }> = await sql.query('SELECT quiz_ids, revision FROM courses WHERE course_id = ? FOR UPDATE', [courseId]);
    const held = rows[0];
    if (held && held.revision >= revision) return false;
    const encoded = JSON.stringify(quizIds);
    await sql.query('INSERT INTO courses (course_id, quiz_ids, revision) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE quiz_ids = VALUES(quiz_ids), revision = VALUES(revision)', [
      courseId,
      encoded,
      revision,
    ]);
    return held?.quiz_ids !== encoded;
  }

  /** Queues every teacher × course counted in a project (or for a course) for re-evaluation: one set-based statement. */
  async queueEvaluations(sql: Sql, scope: { projectId: string } | { courseId: string }): Promise<number> {
    const [column, value] = 'projectId' in scope ? ['project_id', scope.projectId] : ['course_id', scope.courseId];
    const result: WriteResult = await sql.query(`INSERT IGNORE INTO pending_evaluations (teacher_id, course_id) SELECT DISTINCT teacher_id, course_id FROM counted_courses WHERE ${column} = ?`, [
      value,
    ]);
    return result.affectedRows;
  }
}
