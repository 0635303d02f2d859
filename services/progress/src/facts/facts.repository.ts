import { placeholders, type Sql, type WriteResult } from '../sql.js';
import type { WatchKey } from '../watching/heartbeat-decoding.js';

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

/** A study group that exists now: formed (its formed event arrived) and not dissolved by a new formation. */
export const LIVE_GROUP = 'g.dissolved = 0 AND g.version > 0';

/** A study group as identity's formed/changed events state it, at `version`. */
export interface StudyGroupFacts {
  groupId: string;
  projectId: string;
  regionPath: string;
  orgPath: string;
  name: string;
  subject: string;
  leaderTeacherId: string | null;
  tutorTeacherId: string | null;
  /** The leader included. */
  memberTeacherIds: readonly string[];
  dissolved: boolean;
  version: number;
}

/** A live study group as progress holds it. */
export type StudyGroup = Omit<StudyGroupFacts, 'memberTeacherIds' | 'dissolved' | 'version'>;

interface StudyGroupRow {
  group_id: string;
  project_id: string;
  region_path: string;
  org_path: string;
  name: string;
  subject: string;
  leader_teacher_id: string | null;
  tutor_teacher_id: string | null;
}

const GROUP_COLUMNS = 'g.group_id, g.project_id, g.region_path, g.org_path, g.name, g.subject, g.leader_teacher_id, g.tutor_teacher_id';
const toGroup = (r: StudyGroupRow): StudyGroup => ({
  groupId: r.group_id,
  projectId: r.project_id,
  regionPath: r.region_path,
  orgPath: r.org_path,
  name: r.name,
  subject: r.subject,
  leaderTeacherId: r.leader_teacher_id,
  tutorTeacherId: r.tutor_teacher_id,
});

export interface CountedCourseFacts {
  courseId: string;
  title: string;
  hours: number;
}

/** Catalog's stamp on a teacher's counted list: `version` 0 when the event had none. */
export interface CountedStamp {
  version: number;
  occurredAt: Date;
}

/**
 * Whether a counted list stamped `next` replaces the one `held` (ADR 0015): the higher version wins,
 * and a list without one never replaces a versioned list — only the versions say which change came
 * last. A held list without a version (its event had none, or it was held before progress kept
 * versions) gives way to a later occurred_at, which grows with catalog's versions.
 */
export function supersedes(next: CountedStamp, held: CountedStamp): boolean {
  if (held.version > 0) return next.version > held.version;
  return next.occurredAt.getTime() > held.occurredAt.getTime();
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
   * Replaces a teacher's counted courses of a project unless the list held is as new or newer (see
   * `supersedes`). Returns the course ids before and after, or null when this list was not newer.
   */
  async replaceCountedCourses(sql: Sql, teacherId: string, projectId: string, courses: readonly CountedCourseFacts[], stamp: CountedStamp): Promise<{ before: string[]; after: string[] } | null> {
    const held: Array<{ version: number; occurred_at: Date }> = await sql.query('SELECT version, occurred_at FROM counted_selections WHERE teacher_id = ? AND project_id = ? FOR UPDATE', [
      teacherId,
      projectId,
    ]);
    if (held[0] && !supersedes(stamp, { version: held[0].version, occurredAt: held[0].occurred_at })) return null;
    await sql.query(
      'INSERT INTO counted_selections (teacher_id, project_id, version, occurred_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE version = VALUES(version), occurred_at = VALUES(occurred_at)',
      [teacherId, projectId, stamp.version, stamp.occurredAt],
    );
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

  /** Community's acceptance of a teacher's assignment of a course; false when one was accepted before (the first counts). */
  async insertAcceptedAssignment(sql: Sql, a: WatchKey & { assignmentId: string; reviewerTeacherId: string | null; acceptedAt: Date }): Promise<boolean> {
    const result: WriteResult = await sql.query(
      'INSERT IGNORE INTO accepted_assignments (teacher_id, course_id, assignment_id, accepted_at, reviewer_teacher_id) VALUES (?, ?, ?, ?, ?)',
      [a.teacherId, a.courseId, a.assignmentId, a.acceptedAt, a.reviewerTeacherId],
    );
    return result.affectedRows === 1;
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

  /**
   * Keeps the newest version of a group and its members. Its tutor is taken only if no newer
   * tutor-assigned event was applied (that topic is not ordered with this one). Returns the leader
   * held before, or null when this version was not newer than the one held.
   */
  async applyStudyGroup(sql: Sql, g: StudyGroupFacts): Promise<{ previousLeaderId: string | null } | null> {
    const held: Array<{ leader_teacher_id: string | null; version: number }> = await sql.query('SELECT leader_teacher_id, version FROM study_groups WHERE group_id = ? FOR UPDATE', [g.groupId]);
    if (held[0] && held[0].version >= g.version) return null;
    await sql.query(
      `INSERT INTO study_groups (group_id, project_id, region_path, org_path, name, subject, leader_teacher_id, dissolved, version, tutor_teacher_id, tutor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE project_id = VALUES(project_id), region_path = VALUES(region_path), org_path = VALUES(org_path), name = VALUES(name), subject = VALUES(subject),
         leader_teacher_id = VALUES(leader_teacher_id), dissolved = VALUES(dissolved), version = VALUES(version),
         tutor_teacher_id = IF(VALUES(tutor_version) > tutor_version, VALUES(tutor_teacher_id), tutor_teacher_id),
         tutor_version = GREATEST(tutor_version, VALUES(tutor_version))`,
      [g.groupId, g.projectId, g.regionPath, g.orgPath, g.name.slice(0, 200), g.subject, g.leaderTeacherId, g.dissolved ? 1 : 0, g.version, g.tutorTeacherId, g.version],
    );
    await sql.query('DELETE FROM study_group_members WHERE group_id = ?', [g.groupId]);
    const members = g.dissolved ? [] : [...new Set(g.memberTeacherIds)];
    if (members.length > 0) {
      await sql.query(`INSERT INTO study_group_members (group_id, teacher_id) VALUES ${placeholders(members.length, 2)}`, members.flatMap((t) => [g.groupId, t]));
    }
    return { previousLeaderId: held[0]?.leader_teacher_id ?? null };
  }

  /**
   * The group's tutor as of group `version`, unless a newer one is held. A group not seen yet gets a
   * placeholder row (version 0: not live) that its formed event fills in.
   */
  async applyStudyGroupTutor(sql: Sql, t: { groupId: string; projectId: string; regionPath: string; subject: string; tutorTeacherId: string | null; version: number }): Promise<void> {
    await sql.query(
      `INSERT INTO study_groups (group_id, project_id, region_path, org_path, name, subject, leader_teacher_id, dissolved, version, tutor_teacher_id, tutor_version) VALUES (?, ?, ?, '', '', ?, NULL, 0, 0, ?, ?)
       ON DUPLICATE KEY UPDATE
         tutor_teacher_id = IF(VALUES(tutor_version) > tutor_version, VALUES(tutor_teacher_id), tutor_teacher_id),
         tutor_version = GREATEST(tutor_version, VALUES(tutor_version))`,
      [t.groupId, t.projectId, t.regionPath, t.subject, t.tutorTeacherId, t.version],
    );
  }

  /** A live study group, or null. */
  async findStudyGroup(sql: Sql, groupId: string): Promise<StudyGroup | null> {
    const rows: StudyGroupRow[] = await sql.query(`SELECT ${GROUP_COLUMNS} FROM study_groups g WHERE g.group_id = ? AND ${LIVE_GROUP}`, [groupId]);
    return rows[0] ? toGroup(rows[0]) : null;
  }

  /** The live groups of a project the teacher leads or tutors, by name. */
  async studyGroupsStaffedBy(sql: Sql, projectId: string, teacherId: string): Promise<StudyGroup[]> {
    const rows: StudyGroupRow[] = await sql.query(
      `SELECT ${GROUP_COLUMNS} FROM study_groups g WHERE g.project_id = ? AND (g.leader_teacher_id = ? OR g.tutor_teacher_id = ?) AND ${LIVE_GROUP} ORDER BY g.name, g.group_id`,
      [projectId, teacherId, teacherId],
    );
    return rows.map(toGroup);
  }

  /** The counties or cities of the live groups of a project the teacher leads, tutors or belongs to. */
  async studyGroupRegionsOf(sql: Sql, projectId: string, teacherId: string): Promise<string[]> {
    const rows: Array<{ region_path: string }> = await sql.query(
      `SELECT DISTINCT g.region_path FROM study_groups g
       WHERE g.project_id = ? AND ${LIVE_GROUP}
         AND (g.leader_teacher_id = ? OR g.tutor_teacher_id = ? OR EXISTS (SELECT 1 FROM study_group_members m WHERE m.group_id = g.group_id AND m.teacher_id = ?))
       ORDER BY g.region_path`,
      [projectId, teacherId, teacherId, teacherId],
    );
    return rows.map((r) => r.region_path);
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
