import { escapeLike } from '@yanxiu/auth';
import type { EntityManager } from 'typeorm';
import type { Stage } from '../policies/selection-policy.js';
import type { ProjectRecord } from './project.js';

export interface KnownOrg {
  id: string;
  path: string;
  name: string;
  level: string;
}

export type EnrollmentRole = 'trainee' | 'group_leader' | 'tutor' | 'course_expert' | 'workshop_host';

/** One participant of one project, as identity's enrollment events state it. */
export interface EnrollmentRecord {
  enrollmentId: string;
  projectId: string;
  teacherId: string;
  orgId: string;
  orgPath: string;
  subject: string;
  role: EnrollmentRole;
  status: 'enrolled' | 'withdrawn';
  version: number;
}

/** A study group (研修组) of a project: leader and members, from identity's study-group events. */
export interface StudyGroupRecord {
  groupId: string;
  projectId: string;
  orgPath: string;
  leaderTeacherId: string | null;
  memberTeacherIds: string[];
  dissolved: boolean;
  version: number;
}

interface ProjectRow {
  project_id: string;
  year: number;
  stage: Stage;
  name: string;
  required_hours: string | number;
  selection_start: string;
  selection_end: string;
  study_start: string;
  study_end: string;
  version: number;
  locked_at: Date | null;
}

interface EnrollmentRow {
  enrollment_id: string;
  project_id: string;
  teacher_id: string;
  org_id: string;
  org_path: string;
  subject: string;
  role: EnrollmentRole;
  status: 'enrolled' | 'withdrawn';
  version: number;
}

// DATE columns come back as strings (dateStrings is not set per column), so cast them in SQL.
const PROJECT_COLUMNS = `project_id, year, stage, name, required_hours, DATE_FORMAT(selection_start, '%Y-%m-%d') AS selection_start,
  DATE_FORMAT(selection_end, '%Y-%m-%d') AS selection_end, DATE_FORMAT(study_start, '%Y-%m-%d') AS study_start,
  DATE_FORMAT(study_end, '%Y-%m-%d') AS study_end, version, locked_at`;

const project = (r: ProjectRow): ProjectRecord => ({
  id: r.project_id,
  year: Number(r.year),
  stage: r.stage,
  name: r.name,
  requiredHours: Number(r.required_hours),
  selectionStart: r.selection_start,
  selectionEnd: r.selection_end,
  studyStart: r.study_start,
  studyEnd: r.study_end,
  version: Number(r.version),
  lockedAt: r.locked_at ? new Date(r.locked_at) : null,
});

const enrollment = (r: EnrollmentRow): EnrollmentRecord => ({
  enrollmentId: r.enrollment_id,
  projectId: r.project_id,
  teacherId: r.teacher_id,
  orgId: r.org_id,
  orgPath: r.org_path,
  subject: r.subject,
  role: r.role,
  status: r.status,
  version: Number(r.version),
});

/**
 * Catalog's copy of what identity publishes: orgs, projects, enrollments. Written only by the
 * consumer, each keeping the highest version seen, so redelivered and reordered events are no-ops.
 */
export class IdentityProjectionRepository {
  /** A path names one org; should identity ever register a path again, the latest registration is the org there. */
  async upsertOrg(manager: EntityManager, org: KnownOrg): Promise<void> {
    await manager.query(
      'INSERT INTO known_orgs (org_id, path, name, level) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE org_id = VALUES(org_id), path = VALUES(path), name = VALUES(name), level = VALUES(level)',
      [org.id, org.path, org.name, org.level],
    );
  }

  async findOrg(manager: EntityManager, id: string): Promise<KnownOrg | null> {
    const rows: { org_id: string; path: string; name: string; level: string }[] = await manager.query('SELECT org_id, path, name, level FROM known_orgs WHERE org_id = ?', [id]);
    const r = rows[0];
    return r ? { id: r.org_id, path: r.path, name: r.name, level: r.level } : null;
  }

  /** Schools, kindergartens and institutions strictly below `path`, by path, after `afterPath`. */
  async unitsBelow(manager: EntityManager, path: string, afterPath: string, limit: number): Promise<{ units: KnownOrg[]; total: number }> {
    const filter = "path LIKE ? AND level IN ('school', 'kindergarten', 'institution')";
    const like = `${escapeLike(path)}/%`;
    const counted: { total: string | number }[] = await manager.query(`SELECT COUNT(*) AS total FROM known_orgs WHERE ${filter}`, [like]);
    const rows: { org_id: string; path: string; name: string; level: string }[] = await manager.query(
      `SELECT org_id, path, name, level FROM known_orgs WHERE ${filter} AND path > ? ORDER BY path LIMIT ?`,
      [like, afterPath, limit],
    );
    return { units: rows.map((r) => ({ id: r.org_id, path: r.path, name: r.name, level: r.level })), total: Number(counted[0]?.total ?? 0) };
  }

  /** Inserts the project, or replaces it when `p.version` is newer; false when stale. */
  async applyProject(manager: EntityManager, p: Omit<ProjectRecord, 'lockedAt'>): Promise<boolean> {
    const values = [p.year, p.stage, p.name, p.requiredHours, p.selectionStart, p.selectionEnd, p.studyStart, p.studyEnd, p.version];
    const inserted: { affectedRows: number } = await manager.query(
      `INSERT IGNORE INTO projects (project_id, year, stage, name, required_hours, selection_start, selection_end, study_start, study_end, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [p.id, ...values],
    );
    if (inserted.affectedRows === 1) return true;
    const updated: { affectedRows: number } = await manager.query(
      `UPDATE projects SET year = ?, stage = ?, name = ?, required_hours = ?, selection_start = ?, selection_end = ?, study_start = ?, study_end = ?, version = ?
        WHERE project_id = ? AND version < ?`,
      [...values, p.id, p.version],
    );
    return updated.affectedRows === 1;
  }

  async findProject(manager: EntityManager, id: string): Promise<ProjectRecord | null> {
    const rows: ProjectRow[] = await manager.query(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE project_id = ?`, [id]);
    return rows[0] ? project(rows[0]) : null;
  }

  /**
   * Orders selection writes of one project: `shared` for a change of one teacher's counted list (many
   * run at once), `exclusive` for one that moves many (a policy, a school's or county's choice, a study
   * group) and, like the lock sweep, lets nothing else of the project in until it commits.
   */
  async lockProject(manager: EntityManager, id: string, mode: 'shared' | 'exclusive'): Promise<ProjectRecord | null> {
    const rows: ProjectRow[] = await manager.query(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE project_id = ? ${mode === 'shared' ? 'LOCK IN SHARE MODE' : 'FOR UPDATE'}`, [id]);
    return rows[0] ? project(rows[0]) : null;
  }

  async applyEnrollment(manager: EntityManager, e: EnrollmentRecord): Promise<boolean> {
    const values = [e.projectId, e.teacherId, e.orgId, e.orgPath, e.subject, e.role, e.status, e.version];
    const inserted: { affectedRows: number } = await manager.query(
      'INSERT IGNORE INTO enrollments (enrollment_id, project_id, teacher_id, org_id, org_path, subject, role, status, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [e.enrollmentId, ...values],
    );
    if (inserted.affectedRows === 1) return true;
    const updated: { affectedRows: number } = await manager.query(
      'UPDATE enrollments SET project_id = ?, teacher_id = ?, org_id = ?, org_path = ?, subject = ?, role = ?, status = ?, version = ? WHERE enrollment_id = ? AND version < ?',
      [...values, e.enrollmentId, e.version],
    );
    return updated.affectedRows === 1;
  }

  async findEnrollment(manager: EntityManager, projectId: string, teacherId: string): Promise<EnrollmentRecord | null> {
    const rows: EnrollmentRow[] = await manager.query("SELECT * FROM enrollments WHERE project_id = ? AND teacher_id = ? AND status = 'enrolled' LIMIT 1", [projectId, teacherId]);
    return rows[0] ? enrollment(rows[0]) : null;
  }

  /** Enrolled participants who choose courses (trainees and group leaders) at exactly these units. */
  async learnersAt(manager: EntityManager, projectId: string, orgPaths: readonly string[]): Promise<EnrollmentRecord[]> {
    if (orgPaths.length === 0) return [];
    const rows: EnrollmentRow[] = await manager.query(
      `SELECT * FROM enrollments WHERE project_id = ? AND org_path IN (${orgPaths.map(() => '?').join(', ')}) AND status = 'enrolled' AND role IN ('trainee', 'group_leader')
        ORDER BY org_path, teacher_id`,
      [projectId, ...orgPaths],
    );
    return rows.map(enrollment);
  }

  /**
   * Learners of a project after `afterTeacherId`, by teacher id (batches of the lock sweep and of
   * republications); with `underPath`, only those of that unit and the units below it.
   */
  async learnersAfter(manager: EntityManager, projectId: string, afterTeacherId: string, limit: number, underPath: string | null = null): Promise<EnrollmentRecord[]> {
    const unit = underPath === null ? '' : 'AND (org_path = ? OR org_path LIKE ?)';
    const rows: EnrollmentRow[] = await manager.query(
      `SELECT * FROM enrollments WHERE project_id = ? AND status = 'enrolled' AND role IN ('trainee', 'group_leader') ${unit} AND teacher_id > ? ORDER BY teacher_id LIMIT ?`,
      [projectId, ...(underPath === null ? [] : [underPath, `${escapeLike(underPath)}/%`]), afterTeacherId, limit],
    );
    return rows.map(enrollment);
  }

  /** The learner enrollments of these teachers in a project (tutors, experts and the withdrawn left out). */
  async learnersAmong(manager: EntityManager, projectId: string, teacherIds: readonly string[]): Promise<EnrollmentRecord[]> {
    if (teacherIds.length === 0) return [];
    const rows: EnrollmentRow[] = await manager.query(
      `SELECT * FROM enrollments WHERE project_id = ? AND teacher_id IN (${teacherIds.map(() => '?').join(', ')}) AND status = 'enrolled' AND role IN ('trainee', 'group_leader') ORDER BY teacher_id`,
      [projectId, ...teacherIds],
    );
    return rows.map(enrollment);
  }

  /**
   * The learner enrollments of these teachers that the lock sweep has passed (the project locked, or
   * their id at or before its cursor: it goes by teacher id) and whose final list was not published:
   * they reached catalog after the sweep's batch.
   */
  async learnersMissedBySweep(manager: EntityManager, projectId: string, teacherIds: readonly string[]): Promise<EnrollmentRecord[]> {
    if (teacherIds.length === 0) return [];
    const rows: EnrollmentRow[] = await manager.query(
      `SELECT e.* FROM enrollments e
         JOIN projects p ON p.project_id = e.project_id
         LEFT JOIN counted_versions v ON v.project_id = e.project_id AND v.teacher_id = e.teacher_id
        WHERE e.project_id = ? AND e.teacher_id IN (${teacherIds.map(() => '?').join(', ')}) AND e.status = 'enrolled' AND e.role IN ('trainee', 'group_leader')
          AND (p.locked_at IS NOT NULL OR e.teacher_id <= p.lock_cursor) AND COALESCE(v.final_published, 0) = 0
        ORDER BY e.teacher_id`,
      [projectId, ...teacherIds],
    );
    return rows.map(enrollment);
  }

  async applyStudyGroup(manager: EntityManager, g: StudyGroupRecord): Promise<boolean> {
    const values = [g.projectId, g.orgPath, g.leaderTeacherId, g.dissolved, g.version];
    const inserted: { affectedRows: number } = await manager.query(
      'INSERT IGNORE INTO study_groups (group_id, project_id, org_path, leader_teacher_id, dissolved, version) VALUES (?, ?, ?, ?, ?, ?)',
      [g.groupId, ...values],
    );
    if (inserted.affectedRows === 0) {
      const updated: { affectedRows: number } = await manager.query(
        'UPDATE study_groups SET project_id = ?, org_path = ?, leader_teacher_id = ?, dissolved = ?, version = ? WHERE group_id = ? AND version < ?',
        [...values, g.groupId, g.version],
      );
      if (updated.affectedRows === 0) return false;
    }
    await manager.query('DELETE FROM study_group_members WHERE group_id = ?', [g.groupId]);
    const members = g.dissolved ? [] : [...new Set(g.memberTeacherIds)];
    if (members.length > 0) {
      await manager.query(`INSERT INTO study_group_members (group_id, teacher_id) VALUES ${members.map(() => '(?, ?)').join(', ')}`, members.flatMap((t) => [g.groupId, t]));
    }
    return true;
  }

  async findStudyGroup(manager: EntityManager, groupId: string): Promise<StudyGroupRecord | null> {
    const rows: { group_id: string; project_id: string; org_path: string; leader_teacher_id: string | null; dissolved: number; version: number }[] = await manager.query(
      'SELECT * FROM study_groups WHERE group_id = ?',
      [groupId],
    );
    const r = rows[0];
    if (!r) return null;
    const members: { teacher_id: string }[] = await manager.query('SELECT teacher_id FROM study_group_members WHERE group_id = ? ORDER BY teacher_id', [groupId]);
    return {
      groupId: r.group_id,
      projectId: r.project_id,
      orgPath: r.org_path,
      leaderTeacherId: r.leader_teacher_id,
      memberTeacherIds: members.map((m) => m.teacher_id),
      dissolved: Boolean(r.dissolved),
      version: Number(r.version),
    };
  }

  /**
   * A project whose study has started (by China calendar date) and whose lock is not finished, locked
   * for this transaction; projects another sweeper holds (or a selection write is reading) are skipped.
   */
  async claimProjectToLock(manager: EntityManager, chinaToday: string): Promise<{ project: ProjectRecord; cursor: string } | null> {
    const rows: (ProjectRow & { lock_cursor: string | null })[] = await manager.query(
      `SELECT ${PROJECT_COLUMNS}, lock_cursor FROM projects WHERE locked_at IS NULL AND study_start <= ? ORDER BY study_start, project_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [chinaToday],
    );
    const r = rows[0];
    return r ? { project: project(r), cursor: r.lock_cursor ?? '' } : null;
  }

  async advanceLock(manager: EntityManager, projectId: string, step: { cursor: string } | { lockedAt: Date }): Promise<void> {
    if ('cursor' in step) await manager.query('UPDATE projects SET lock_cursor = ? WHERE project_id = ?', [step.cursor, projectId]);
    else await manager.query('UPDATE projects SET locked_at = ? WHERE project_id = ?', [step.lockedAt, projectId]);
  }
}
