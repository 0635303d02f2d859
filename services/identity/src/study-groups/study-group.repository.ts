import { jurisdictionFilter } from '@yanxiu/auth';
import type { EntityManager } from 'typeorm';
import type { EnrollmentRole } from '../enrollment/enrollment.js';
import { fetchPage, type Page, type PageQuery, type SortColumn } from '../listing/page.js';
import { WhereClause } from '../listing/where-clause.js';
import type { LeaderSource, StudyGroupMember, StudyGroupRecord, StudyGroupView } from './study-group.js';

interface GroupRow {
  id: string;
  project_id: string;
  region_path: string;
  org_path: string;
  name: string;
  subject: string;
  leader_teacher_id: string;
  leader_source: LeaderSource;
  tutor_teacher_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  member_count?: number | string;
  leader_name?: string | null;
  tutor_name?: string | null;
}

interface MemberRow {
  group_id: string;
  teacher_id: string;
  enrollment_id: string;
  name: string;
  org_path: string;
  subject: string;
  role: EnrollmentRole;
}

const GROUP_COLUMNS = [
  'id', 'project_id', 'region_path', 'org_path', 'name', 'subject', 'leader_teacher_id', 'leader_source', 'tutor_teacher_id', 'version', 'created_at', 'updated_at',
] as const;
const SELECT_GROUPS = `SELECT ${GROUP_COLUMNS.map((c) => `g.${c}`).join(', ')} FROM study_groups g`;
// Members whose enrollment was withdrawn since formation stay in the table but count nowhere.
const ENROLLED_MEMBERS = `study_group_members m JOIN enrollments e ON e.id = m.enrollment_id AND e.status = 'enrolled' JOIN teachers t ON t.id = m.teacher_id`;
const VIEW_COLUMNS = `${GROUP_COLUMNS.map((c) => `g.${c}`).join(', ')},
  (SELECT COUNT(*) FROM ${ENROLLED_MEMBERS} WHERE m.group_id = g.id) AS member_count,
  (SELECT name FROM teachers WHERE id = g.leader_teacher_id) AS leader_name,
  (SELECT name FROM teachers WHERE id = g.tutor_teacher_id) AS tutor_name`;
/** Lists run by org path, then name; the id makes the order total. */
export const GROUP_ORDER: SortColumn[] = [{ sql: 'g.org_path' }, { sql: 'g.name' }, { sql: 'g.id' }];

const toRecord = (r: GroupRow): StudyGroupRecord => ({
  id: r.id,
  projectId: r.project_id,
  regionPath: r.region_path,
  orgPath: r.org_path,
  name: r.name,
  subject: r.subject,
  leaderTeacherId: r.leader_teacher_id,
  leaderSource: r.leader_source,
  tutorTeacherId: r.tutor_teacher_id,
  version: Number(r.version),
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});
const toView = (r: GroupRow): StudyGroupView => ({ ...toRecord(r), memberCount: Number(r.member_count ?? 0), leaderName: r.leader_name ?? '', tutorName: r.tutor_name ?? '' });
const toMember = (r: MemberRow): StudyGroupMember => ({ teacherId: r.teacher_id, enrollmentId: r.enrollment_id, name: r.name, orgPath: r.org_path, subject: r.subject, role: r.role });
const placeholders = (n: number) => new Array<string>(n).fill('?').join(', ');
/** Rows per INSERT: a whole city's formation must stay under the server's 65,535 placeholders per statement. */
const ROWS_PER_INSERT = 1000;

async function insertInChunks<T>(rows: readonly T[], insert: (chunk: readonly T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insert(rows.slice(i, i + ROWS_PER_INSERT));
}

/** Plain data access for study groups; the rules live in group-formation.ts, tutor-allocation.ts and group-override-rules.ts. */
export class StudyGroupRepository {
  // ── regions: the lock every write of a region takes first ──

  /** Creates the region's row if needed and locks it until the transaction ends; returns its version (0 when never formed). */
  async lockRegion(manager: EntityManager, projectId: string, region: { orgId: string; path: string }, by: string, now: Date): Promise<number> {
    await manager.query(
      `INSERT IGNORE INTO study_group_regions (project_id, region_org_id, region_path, version, formed_by, formed_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?)`,
      [projectId, region.orgId, region.path, by, now, now],
    );
    const rows: { version: number }[] = await manager.query('SELECT version FROM study_group_regions WHERE project_id = ? AND region_org_id = ? FOR UPDATE', [projectId, region.orgId]);
    return Number(rows[0]?.version ?? 0);
  }

  /** Locks a formed region by path; false when it was never formed. */
  async lockFormedRegion(manager: EntityManager, projectId: string, regionPath: string): Promise<boolean> {
    const rows: { version: number }[] = await manager.query('SELECT version FROM study_group_regions WHERE project_id = ? AND region_path = ? FOR UPDATE', [projectId, regionPath]);
    return Number(rows[0]?.version ?? 0) > 0;
  }

  async markFormed(manager: EntityManager, projectId: string, regionPath: string, by: string, now: Date): Promise<void> {
    await manager.query('UPDATE study_group_regions SET version = version + 1, formed_by = ?, formed_at = ?, updated_at = ? WHERE project_id = ? AND region_path = ?', [
      by, now, now, projectId, regionPath,
    ]);
  }

  async touchRegion(manager: EntityManager, projectId: string, regionPath: string, now: Date): Promise<void> {
    await manager.query('UPDATE study_group_regions SET version = version + 1, updated_at = ? WHERE project_id = ? AND region_path = ?', [now, projectId, regionPath]);
  }

  // ── groups ──

  async findInRegion(manager: EntityManager, projectId: string, regionPath: string): Promise<StudyGroupRecord[]> {
    const rows: GroupRow[] = await manager.query(`${SELECT_GROUPS} WHERE g.project_id = ? AND g.region_path = ? ORDER BY g.org_path, g.name`, [projectId, regionPath]);
    return rows.map(toRecord);
  }

  async findById(manager: EntityManager, id: string): Promise<StudyGroupRecord | null> {
    const rows: GroupRow[] = await manager.query(`${SELECT_GROUPS} WHERE g.id = ?`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findView(manager: EntityManager, id: string): Promise<StudyGroupView | null> {
    const rows: GroupRow[] = await manager.query(`SELECT ${VIEW_COLUMNS} FROM study_groups g WHERE g.id = ?`, [id]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async findViews(manager: EntityManager, ids: readonly string[]): Promise<StudyGroupView[]> {
    if (ids.length === 0) return [];
    const rows: GroupRow[] = await manager.query(`SELECT ${VIEW_COLUMNS} FROM study_groups g WHERE g.id IN (${placeholders(ids.length)}) ORDER BY g.org_path, g.name`, [...ids]);
    return rows.map(toView);
  }

  /** Groups of a project whose org lies in the subtree, with their member counts, by org path and name. */
  async list(manager: EntityManager, projectId: string, subtreePath: string, query: PageQuery): Promise<Page<StudyGroupView>> {
    const where = new WhereClause().and('g.project_id = ?', projectId).inSubtree('g.org_path', subtreePath);
    const page = await fetchPage<GroupRow>(manager, { from: 'study_groups g', columns: VIEW_COLUMNS, where, order: GROUP_ORDER, keyOf: (r) => [r.org_path, r.name, r.id] }, query);
    return { ...page, items: page.items.map(toView) };
  }

  /** Removes the region's groups and their members; returns what was removed. */
  async deleteRegion(manager: EntityManager, projectId: string, regionPath: string): Promise<StudyGroupRecord[]> {
    const groups = await this.findInRegion(manager, projectId, regionPath);
    if (groups.length > 0) await manager.query('DELETE FROM study_groups WHERE project_id = ? AND region_path = ?', [projectId, regionPath]);
    return groups;
  }

  async insertGroups(manager: EntityManager, groups: readonly StudyGroupRecord[]): Promise<void> {
    await insertInChunks(groups, (chunk) =>
      manager.query(
        `INSERT INTO study_groups (${GROUP_COLUMNS.join(', ')}) VALUES ${chunk.map(() => `(${placeholders(GROUP_COLUMNS.length)})`).join(', ')}`,
        chunk.flatMap((g) => [g.id, g.projectId, g.regionPath, g.orgPath, g.name, g.subject, g.leaderTeacherId, g.leaderSource, g.tutorTeacherId, g.version, g.createdAt, g.updatedAt]),
      ),
    );
  }

  /** Writes `g` as version `g.version`, only over `g.version - 1` (the region is locked by the caller). */
  async update(manager: EntityManager, g: StudyGroupRecord): Promise<void> {
    const result: { affectedRows: number } = await manager.query(
      'UPDATE study_groups SET org_path = ?, name = ?, subject = ?, leader_teacher_id = ?, leader_source = ?, tutor_teacher_id = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?',
      [g.orgPath, g.name, g.subject, g.leaderTeacherId, g.leaderSource, g.tutorTeacherId, g.version, g.updatedAt, g.id, g.version - 1],
    );
    if (result.affectedRows !== 1) throw new Error(`study group ${g.id} changed under its region lock`);
  }

  /** Gives these groups their id as a name for the moment, so that renaming a region's groups never collides on the unique name. */
  async freeNames(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE study_groups SET name = id WHERE id IN (${placeholders(ids.length)})`, [...ids]);
  }

  // ── members ──

  async insertMembers(manager: EntityManager, projectId: string, members: readonly { teacherId: string; groupId: string; enrollmentId: string }[]): Promise<void> {
    await insertInChunks(members, (chunk) =>
      manager.query(
        `INSERT INTO study_group_members (project_id, teacher_id, group_id, enrollment_id) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((m) => [projectId, m.teacherId, m.groupId, m.enrollmentId]),
      ),
    );
  }

  /** Puts a participant into a group, out of any other group of the project (one group per person by the primary key). */
  async placeMember(manager: EntityManager, projectId: string, member: { teacherId: string; groupId: string; enrollmentId: string }): Promise<void> {
    await manager.query(
      'INSERT INTO study_group_members (project_id, teacher_id, group_id, enrollment_id) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE group_id = VALUES(group_id), enrollment_id = VALUES(enrollment_id)',
      [projectId, member.teacherId, member.groupId, member.enrollmentId],
    );
  }

  /** The enrolled members of these groups, by group, each list by name. */
  async membersOf(manager: EntityManager, groupIds: readonly string[]): Promise<Map<string, StudyGroupMember[]>> {
    const members = new Map<string, StudyGroupMember[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return members;
    const rows: MemberRow[] = await manager.query(
      `SELECT m.group_id, m.teacher_id, m.enrollment_id, t.name, e.org_path, e.subject, e.role FROM ${ENROLLED_MEMBERS}
        WHERE m.group_id IN (${placeholders(groupIds.length)}) ORDER BY t.name, m.teacher_id`,
      [...groupIds],
    );
    for (const r of rows) members.get(r.group_id)?.push(toMember(r));
    return members;
  }

  /** The group a participant belongs to in a project, if any. */
  async groupIdOf(manager: EntityManager, projectId: string, teacherId: string): Promise<string | null> {
    const rows: { group_id: string }[] = await manager.query('SELECT group_id FROM study_group_members WHERE project_id = ? AND teacher_id = ?', [projectId, teacherId]);
    return rows[0]?.group_id ?? null;
  }

  /** Takes a participant out of whatever group of the project they are in. */
  async removeMember(manager: EntityManager, projectId: string, teacherId: string): Promise<void> {
    await manager.query('DELETE FROM study_group_members WHERE project_id = ? AND teacher_id = ?', [projectId, teacherId]);
  }

  async groupIdsOfTutor(manager: EntityManager, projectId: string, tutorTeacherId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query('SELECT id FROM study_groups WHERE project_id = ? AND tutor_teacher_id = ? ORDER BY name', [projectId, tutorTeacherId]);
    return rows.map((r) => r.id);
  }

  // ── tutor team heads ──

  async replaceHeads(manager: EntityManager, projectId: string, regionPath: string, heads: readonly { subject: string; headTeacherId: string }[]): Promise<void> {
    await manager.query('DELETE FROM tutor_team_heads WHERE project_id = ? AND region_path = ?', [projectId, regionPath]);
    if (heads.length === 0) return;
    await manager.query(
      `INSERT INTO tutor_team_heads (project_id, region_path, subject, head_teacher_id) VALUES ${heads.map(() => '(?, ?, ?, ?)').join(', ')}`,
      heads.flatMap((h) => [projectId, regionPath, h.subject, h.headTeacherId]),
    );
  }

  /** Names the head (组长) of one team, replacing any other. */
  async setHead(manager: EntityManager, projectId: string, regionPath: string, subject: string, headTeacherId: string): Promise<void> {
    await manager.query(
      'INSERT INTO tutor_team_heads (project_id, region_path, subject, head_teacher_id) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE head_teacher_id = VALUES(head_teacher_id)',
      [projectId, regionPath, subject, headTeacherId],
    );
  }

  /** Removes a teacher as head of any team of a region; returns how many teams lost their head. */
  async dropHeadsOf(manager: EntityManager, projectId: string, regionPath: string, teacherId: string): Promise<number> {
    const result: { affectedRows: number } = await manager.query('DELETE FROM tutor_team_heads WHERE project_id = ? AND region_path = ? AND head_teacher_id = ?', [
      projectId,
      regionPath,
      teacherId,
    ]);
    return result.affectedRows;
  }

  /** Heads of the teams of regions in the subtree, by `region_path + NUL + subject`. */
  async findHeads(manager: EntityManager, projectId: string, subtreePath: string): Promise<Map<string, string>> {
    const subtree = jurisdictionFilter('region_path', subtreePath);
    const rows: { region_path: string; subject: string; head_teacher_id: string }[] = await manager.query(
      `SELECT region_path, subject, head_teacher_id FROM tutor_team_heads WHERE project_id = ? AND ${subtree.sql}`,
      [projectId, ...subtree.params],
    );
    return new Map(rows.map((r) => [`${r.region_path}\u0000${r.subject}`, r.head_teacher_id]));
  }

  /** The groups of regions in the subtree with their enrolled member counts, for the tutor report. */
  async groupSizes(manager: EntityManager, projectId: string, subtreePath: string): Promise<{ id: string; regionPath: string; subject: string; size: number; tutorTeacherId: string | null }[]> {
    const subtree = jurisdictionFilter('g.region_path', subtreePath);
    const rows: { id: string; region_path: string; subject: string; tutor_teacher_id: string | null; size: number | string }[] = await manager.query(
      `SELECT g.id, g.region_path, g.subject, g.tutor_teacher_id, (SELECT COUNT(*) FROM ${ENROLLED_MEMBERS} WHERE m.group_id = g.id) AS size
         FROM study_groups g WHERE g.project_id = ? AND ${subtree.sql}`,
      [projectId, ...subtree.params],
    );
    return rows.map((r) => ({ id: r.id, regionPath: r.region_path, subject: r.subject, size: Number(r.size), tutorTeacherId: r.tutor_teacher_id }));
  }

  // ── orgs ──

  /** Names of these orgs by path (cities, counties and schools for naming groups). */
  async orgNames(manager: EntityManager, paths: readonly string[]): Promise<Map<string, string>> {
    if (paths.length === 0) return new Map();
    const rows: { path: string; name: string }[] = await manager.query(`SELECT path, name FROM orgs WHERE path IN (${placeholders(paths.length)})`, [...paths]);
    return new Map(rows.map((r) => [r.path, r.name]));
  }

  /** Orgs in a subtree at one depth (the counties or cities whose tutor teams a report covers), by path. */
  async orgsAtDepth(manager: EntityManager, subtreePath: string, depth: number): Promise<{ path: string; name: string }[]> {
    const subtree = jurisdictionFilter('path', subtreePath);
    return manager.query(`SELECT path, name FROM orgs WHERE ${subtree.sql} AND LENGTH(path) - LENGTH(REPLACE(path, '/', '')) = ? ORDER BY path`, [...subtree.params, depth]);
  }
}
