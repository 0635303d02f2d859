import type { EntityManager } from 'typeorm';
import type { CourseLevel } from '../policies/selection-policy.js';
import type { CountedStamp, SchoolChoiceRecord, TeacherSelectionRecord } from './selection.js';

interface ChoiceRow {
  project_id: string;
  org_id: string;
  org_path: string;
  package_code: string | null;
  topic_ids: string;
  imposed: number;
  chosen_by: string;
  revision: number;
  updated_at: Date;
}

interface SelectionRow {
  project_id: string;
  teacher_id: string;
  package_code: string | null;
  course_ids: string;
  revision: number;
  updated_at: Date;
}

const choice = (r: ChoiceRow): SchoolChoiceRecord => ({
  projectId: r.project_id,
  orgId: r.org_id,
  orgPath: r.org_path,
  packageCode: r.package_code,
  topicIds: JSON.parse(r.topic_ids) as string[],
  imposed: Boolean(r.imposed),
  chosenBy: r.chosen_by,
  revision: Number(r.revision),
  updatedAt: new Date(r.updated_at),
});

const selection = (r: SelectionRow): TeacherSelectionRecord => ({
  projectId: r.project_id,
  teacherId: r.teacher_id,
  packageCode: r.package_code,
  courseIds: JSON.parse(r.course_ids) as string[],
  revision: Number(r.revision),
  updatedAt: new Date(r.updated_at),
});

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Plain data access for school choices, teacher selections and group levels. */
export class SelectionRepository {
  /** Choices made at any of these org paths (a school and its ancestors). */
  async choicesAt(manager: EntityManager, projectId: string, paths: readonly string[]): Promise<SchoolChoiceRecord[]> {
    if (paths.length === 0) return [];
    const rows: ChoiceRow[] = await manager.query(`SELECT * FROM school_choices WHERE project_id = ? AND org_path IN (${placeholders(paths.length)})`, [projectId, ...paths]);
    return rows.map(choice);
  }

  /** Reads and locks one org's choice row (if any): concurrent choices for one org queue here. */
  async lockChoice(manager: EntityManager, projectId: string, orgId: string): Promise<SchoolChoiceRecord | null> {
    const rows: ChoiceRow[] = await manager.query('SELECT * FROM school_choices WHERE project_id = ? AND org_id = ? FOR UPDATE', [projectId, orgId]);
    return rows[0] ? choice(rows[0]) : null;
  }

  async saveChoice(manager: EntityManager, c: SchoolChoiceRecord): Promise<void> {
    await manager.query(
      `INSERT INTO school_choices (project_id, org_id, org_path, package_code, topic_ids, imposed, chosen_by, revision, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE org_path = VALUES(org_path), package_code = VALUES(package_code), topic_ids = VALUES(topic_ids), imposed = VALUES(imposed),
         chosen_by = VALUES(chosen_by), revision = VALUES(revision), updated_at = VALUES(updated_at)`,
      [c.projectId, c.orgId, c.orgPath, c.packageCode, JSON.stringify(c.topicIds), c.imposed, c.chosenBy, c.revision, c.updatedAt],
    );
  }

  async deleteChoice(manager: EntityManager, projectId: string, orgId: string): Promise<void> {
    await manager.query('DELETE FROM school_choices WHERE project_id = ? AND org_id = ?', [projectId, orgId]);
  }

  async lockSelection(manager: EntityManager, projectId: string, teacherId: string): Promise<TeacherSelectionRecord | null> {
    const rows: SelectionRow[] = await manager.query('SELECT * FROM teacher_selections WHERE project_id = ? AND teacher_id = ? FOR UPDATE', [projectId, teacherId]);
    return rows[0] ? selection(rows[0]) : null;
  }

  async selectionsOf(manager: EntityManager, projectId: string, teacherIds: readonly string[]): Promise<Map<string, TeacherSelectionRecord>> {
    if (teacherIds.length === 0) return new Map();
    const rows: SelectionRow[] = await manager.query(`SELECT * FROM teacher_selections WHERE project_id = ? AND teacher_id IN (${placeholders(teacherIds.length)})`, [
      projectId,
      ...teacherIds,
    ]);
    return new Map(rows.map((r) => [r.teacher_id, selection(r)]));
  }

  async saveSelection(manager: EntityManager, s: TeacherSelectionRecord): Promise<void> {
    await manager.query(
      `INSERT INTO teacher_selections (project_id, teacher_id, package_code, course_ids, revision, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE package_code = VALUES(package_code), course_ids = VALUES(course_ids), revision = VALUES(revision), updated_at = VALUES(updated_at)`,
      [s.projectId, s.teacherId, s.packageCode, JSON.stringify(s.courseIds), s.revision, s.updatedAt],
    );
  }

  /**
   * Takes the next version of each teacher's counted list: +1, and a time later than the last one's
   * (so it also orders consumers that compare times). The rows stay locked until commit, so concurrent
   * republications of one teacher queue here and get versions in commit order (in id order, like every
   * paged republication, so overlapping ones cannot deadlock).
   */
  async nextCountedVersions(manager: EntityManager, projectId: string, teacherIds: readonly string[], now: Date): Promise<Map<string, CountedStamp>> {
    const ids = [...new Set(teacherIds)].sort();
    if (ids.length === 0) return new Map();
    await manager.query(
      `INSERT INTO counted_versions (project_id, teacher_id, version, occurred_at) VALUES ${ids.map(() => '(?, ?, 1, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE version = version + 1, occurred_at = GREATEST(VALUES(occurred_at), occurred_at + INTERVAL 1000 MICROSECOND)`,
      ids.flatMap((t) => [projectId, t, now]),
    );
    const rows: { teacher_id: string; version: number; occurred_at: Date }[] = await manager.query(
      `SELECT teacher_id, version, occurred_at FROM counted_versions WHERE project_id = ? AND teacher_id IN (${placeholders(ids.length)})`,
      [projectId, ...ids],
    );
    return new Map(rows.map((r) => [r.teacher_id, { version: Number(r.version), occurredAt: new Date(r.occurred_at) }]));
  }

  /** Records that these teachers' final lists (study started) were published. */
  async markFinalPublished(manager: EntityManager, projectId: string, teacherIds: readonly string[]): Promise<void> {
    if (teacherIds.length === 0) return;
    await manager.query(`UPDATE counted_versions SET final_published = 1 WHERE project_id = ? AND teacher_id IN (${placeholders(teacherIds.length)})`, [projectId, ...teacherIds]);
  }

  /** Members of a study group, locked: read before identity's new membership replaces them. */
  async lockedGroupMembers(manager: EntityManager, groupId: string): Promise<string[]> {
    const rows: { teacher_id: string }[] = await manager.query('SELECT teacher_id FROM study_group_members WHERE group_id = ? ORDER BY teacher_id FOR UPDATE', [groupId]);
    return rows.map((r) => r.teacher_id);
  }

  /** A locking read: the consumer asks before it locks the project, and its snapshot must not start earlier. */
  async hasGroupLevel(manager: EntityManager, groupId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM group_levels WHERE group_id = ? LOCK IN SHARE MODE', [groupId]);
    return rows.length > 0;
  }

  async saveGroupLevel(manager: EntityManager, level: { groupId: string; projectId: string; level: CourseLevel; chosenBy: string; chosenAt: Date }): Promise<void> {
    await manager.query(
      `INSERT INTO group_levels (group_id, project_id, level, chosen_by, chosen_at) VALUES (?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE level = VALUES(level), chosen_by = VALUES(chosen_by), chosen_at = VALUES(chosen_at)`,
      [level.groupId, level.projectId, level.level, level.chosenBy, level.chosenAt],
    );
  }

  /** The level chosen for each teacher's (undissolved) study group in the project, if any. */
  async levelsOf(manager: EntityManager, projectId: string, teacherIds: readonly string[]): Promise<Map<string, CourseLevel>> {
    if (teacherIds.length === 0) return new Map();
    const rows: { teacher_id: string; level: CourseLevel }[] = await manager.query(
      `SELECT m.teacher_id, l.level FROM study_group_members m
         JOIN study_groups g ON g.group_id = m.group_id AND g.project_id = ? AND g.dissolved = 0
         JOIN group_levels l ON l.group_id = g.group_id
        WHERE m.teacher_id IN (${placeholders(teacherIds.length)})`,
      [projectId, ...teacherIds],
    );
    return new Map(rows.map((r) => [r.teacher_id, r.level]));
  }
}
