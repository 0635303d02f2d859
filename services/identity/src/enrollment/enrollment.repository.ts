import { jurisdictionFilter } from '@yanxiu/auth';
import type { EntityManager } from 'typeorm';
import type { OrgLevel } from '../orgs/org-rules.js';
import type { Stage, TeacherStatus } from '../teachers/teacher.repository.js';
import type {
  ConfirmationCounts,
  ConfirmationStatus,
  EnrollmentRecord,
  EnrollmentRole,
  EnrollmentStatus,
  EnrollmentUnitLevel,
  EnrollmentUnitRecord,
  EnrollmentUnitStatus,
  EnrollmentView,
  MyEnrollmentView,
} from './enrollment.js';
import type { TeacherFacts } from './enrollment-rules.js';

interface EnrollmentRow {
  id: string;
  project_id: string;
  teacher_id: string;
  org_id: string;
  org_path: string;
  subject: string;
  role: EnrollmentRole;
  status: EnrollmentStatus;
  confirmation: ConfirmationStatus;
  dispute_note: string | null;
  confirmed_at: Date | null;
  version: number;
  enrolled_by: string;
  enrolled_at: Date;
  updated_at: Date;
  teacher_name?: string;
  id_number_masked?: string;
}

interface MyEnrollmentRow extends EnrollmentRow {
  project_name: string;
  project_year: number;
  project_stage: Stage;
  project_required_hours: number;
  project_study_start: string;
  project_study_end: string;
}

interface UnitRow {
  project_id: string;
  org_id: string;
  org_path: string;
  level: EnrollmentUnitLevel;
  status: EnrollmentUnitStatus;
  opened_by: string;
  opened_at: Date;
  submitted_by: string | null;
  submitted_at: Date | null;
  returned_reason: string | null;
  version: number;
}

const ENROLLMENT_COLUMNS = [
  'id', 'project_id', 'teacher_id', 'org_id', 'org_path', 'subject', 'role', 'status', 'confirmation', 'dispute_note', 'confirmed_at', 'version',
  'enrolled_by', 'enrolled_at', 'updated_at',
] as const;
const UNIT_COLUMNS = 'project_id, org_id, org_path, level, status, opened_by, opened_at, submitted_by, submitted_at, returned_reason, version';
const VIEW_COLUMNS = `${ENROLLMENT_COLUMNS.map((c) => `e.${c}`).join(', ')}, t.name AS teacher_name, t.id_number_masked`;
const VIEW_FROM = 'FROM enrollments e JOIN teachers t ON t.id = e.teacher_id';
const VIEW_SELECT = `SELECT ${VIEW_COLUMNS} ${VIEW_FROM}`;
/** What a teacher's own list shows of each enrollment's project (alias p). */
const PROJECT_COLUMNS = `p.name AS project_name, p.year AS project_year, p.stage AS project_stage, p.required_hours AS project_required_hours,
  DATE_FORMAT(p.study_start, '%Y-%m-%d') AS project_study_start, DATE_FORMAT(p.study_end, '%Y-%m-%d') AS project_study_end`;

const toRecord = (r: EnrollmentRow): EnrollmentRecord => ({
  id: r.id,
  projectId: r.project_id,
  teacherId: r.teacher_id,
  orgId: r.org_id,
  orgPath: r.org_path,
  subject: r.subject,
  role: r.role,
  status: r.status,
  confirmation: r.confirmation,
  disputeNote: r.dispute_note,
  confirmedAt: r.confirmed_at ? new Date(r.confirmed_at) : null,
  version: Number(r.version),
  enrolledBy: r.enrolled_by,
  enrolledAt: new Date(r.enrolled_at),
  updatedAt: new Date(r.updated_at),
});
const toView = (r: EnrollmentRow): EnrollmentView => ({ ...toRecord(r), teacherName: r.teacher_name ?? '', idNumberMasked: r.id_number_masked ?? '' });
const enrollmentValues = (e: EnrollmentRecord): unknown[] => [
  e.id, e.projectId, e.teacherId, e.orgId, e.orgPath, e.subject, e.role, e.status, e.confirmation, e.disputeNote, e.confirmedAt, e.version,
  e.enrolledBy, e.enrolledAt, e.updatedAt,
];

const toUnit = (r: UnitRow): EnrollmentUnitRecord => ({
  projectId: r.project_id,
  orgId: r.org_id,
  orgPath: r.org_path,
  level: r.level,
  status: r.status,
  openedBy: r.opened_by,
  openedAt: new Date(r.opened_at),
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
  returnedReason: r.returned_reason,
  version: Number(r.version),
});

/** A teacher as enrollment checks and shows them. */
export interface ParticipantTeacher extends TeacherFacts {
  name: string;
  idNumberMasked: string;
}

/** Which participants: a project, an org subtree (a school, county, city or the province), optionally a subject, role, confirmation. */
export interface EnrollmentFilter {
  projectId: string;
  /** Only rows whose unit lies in this subtree. */
  orgPath: string;
  subject?: string;
  role?: EnrollmentRole;
  confirmation?: ConfirmationStatus;
  /** Only these teachers' rows (the `uq_enrollments_person` index). */
  teacherIds?: readonly string[];
  /** Default: enrolled only. */
  status?: EnrollmentStatus;
}

/** Keyset position: rows come ordered by (org_path, id). */
export interface EnrollmentCursor {
  orgPath: string;
  id: string;
}

function filterSql(f: EnrollmentFilter): { sql: string; params: unknown[] } {
  const subtree = jurisdictionFilter('e.org_path', f.orgPath);
  const where = ['e.project_id = ?', subtree.sql, 'e.status = ?'];
  const params: unknown[] = [f.projectId, ...subtree.params, f.status ?? 'enrolled'];
  if (f.subject !== undefined) {
    where.push('e.subject = ?');
    params.push(f.subject);
  }
  if (f.role) {
    where.push('e.role = ?');
    params.push(f.role);
  }
  if (f.confirmation) {
    where.push('e.confirmation = ?');
    params.push(f.confirmation);
  }
  if (f.teacherIds) {
    // IN () is no SQL: an empty list matches no row.
    where.push(f.teacherIds.length > 0 ? `e.teacher_id IN (${f.teacherIds.map(() => '?').join(', ')})` : 'FALSE');
    params.push(...f.teacherIds);
  }
  return { sql: where.join(' AND '), params };
}

/**
 * Plain data access for enrollment; the rules live in enrollment-rules.ts. Other features (study
 * groups, tutors) read participants through `find`: by project + org subtree + subject + role,
 * which is the `ix_enrollments_unit` index range.
 */
export class EnrollmentRepository {
  // ── participants ──

  /** Participants matching the filter, ordered by unit path then id; all of them without a page. */
  async find(manager: EntityManager, filter: EnrollmentFilter, page?: { size: number; after?: EnrollmentCursor }): Promise<EnrollmentView[]> {
    const { sql, params } = filterSql(filter);
    let where = sql;
    if (page?.after) {
      where += ' AND (e.org_path > ? OR (e.org_path = ? AND e.id > ?))';
      params.push(page.after.orgPath, page.after.orgPath, page.after.id);
    }
    const limit = page ? ` LIMIT ${Math.trunc(page.size)}` : '';
    const rows: EnrollmentRow[] = await manager.query(`${VIEW_SELECT} WHERE ${where} ORDER BY e.org_path, e.id${limit}`, params);
    return rows.map(toView);
  }

  async count(manager: EntityManager, filter: EnrollmentFilter): Promise<number> {
    const { sql, params } = filterSql(filter);
    const rows: { n: string | number }[] = await manager.query(`SELECT COUNT(*) AS n FROM enrollments e WHERE ${sql}`, params);
    return Number(rows[0]?.n ?? 0);
  }

  async findView(manager: EntityManager, id: string): Promise<EnrollmentView | null> {
    const rows: EnrollmentRow[] = await manager.query(`${VIEW_SELECT} WHERE e.id = ?`, [id]);
    return rows[0] ? toView(rows[0]) : null;
  }

  /** A teacher's enrollments in every project, withdrawn ones included, each with its project (same query). */
  async findByTeacher(manager: EntityManager, teacherId: string): Promise<MyEnrollmentView[]> {
    const rows: MyEnrollmentRow[] = await manager.query(
      `SELECT ${VIEW_COLUMNS}, ${PROJECT_COLUMNS} ${VIEW_FROM} JOIN training_projects p ON p.id = e.project_id WHERE e.teacher_id = ? ORDER BY p.year DESC, p.created_at DESC`,
      [teacherId],
    );
    return rows.map((r) => ({
      ...toView(r),
      project: {
        name: r.project_name,
        year: Number(r.project_year),
        stage: r.project_stage,
        requiredHours: Number(r.project_required_hours),
        study: { start: r.project_study_start, end: r.project_study_end },
      },
    }));
  }

  /** Reads and locks one enrollment until the transaction ends. */
  async lock(manager: EntityManager, id: string): Promise<EnrollmentRecord | null> {
    const rows: EnrollmentRow[] = await manager.query(`SELECT ${ENROLLMENT_COLUMNS.join(', ')} FROM enrollments WHERE id = ? FOR UPDATE`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Reads and locks the rows of these teachers in a project (whatever their status). */
  async lockByTeachers(manager: EntityManager, projectId: string, teacherIds: readonly string[]): Promise<EnrollmentRecord[]> {
    if (teacherIds.length === 0) return [];
    const rows: EnrollmentRow[] = await manager.query(
      `SELECT ${ENROLLMENT_COLUMNS.join(', ')} FROM enrollments WHERE project_id = ? AND teacher_id IN (${teacherIds.map(() => '?').join(', ')}) FOR UPDATE`,
      [projectId, ...teacherIds],
    );
    return rows.map(toRecord);
  }

  async lockByTeacher(manager: EntityManager, projectId: string, teacherId: string): Promise<EnrollmentRecord | null> {
    return (await this.lockByTeachers(manager, projectId, [teacherId]))[0] ?? null;
  }

  /** Reads and locks a teacher's current (enrolled) rows in every project, by project id. */
  async lockEnrolledOfTeacher(manager: EntityManager, teacherId: string): Promise<EnrollmentRecord[]> {
    const rows: EnrollmentRow[] = await manager.query(
      `SELECT ${ENROLLMENT_COLUMNS.join(', ')} FROM enrollments WHERE teacher_id = ? AND status = 'enrolled' ORDER BY project_id FOR UPDATE`,
      [teacherId],
    );
    return rows.map(toRecord);
  }

  async insert(manager: EntityManager, rows: readonly EnrollmentRecord[]): Promise<void> {
    if (rows.length === 0) return;
    const placeholders = `(${ENROLLMENT_COLUMNS.map(() => '?').join(', ')})`;
    await manager.query(`INSERT INTO enrollments (${ENROLLMENT_COLUMNS.join(', ')}) VALUES ${rows.map(() => placeholders).join(', ')}`, rows.flatMap(enrollmentValues));
  }

  /** Writes `e` as version `e.version`, only over `e.version - 1` (the row is locked by the caller). */
  async update(manager: EntityManager, e: EnrollmentRecord): Promise<void> {
    const settable = ENROLLMENT_COLUMNS.filter((c) => c !== 'id' && c !== 'project_id' && c !== 'teacher_id');
    const values = enrollmentValues(e).slice(3);
    const result: { affectedRows: number } = await manager.query(
      `UPDATE enrollments SET ${settable.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND version = ?`,
      [...values, e.id, e.version - 1],
    );
    if (result.affectedRows !== 1) throw new Error(`enrollment ${e.id} changed under its row lock`);
  }

  /** How many enrolled participants each of these subjects has (only subjects with any). */
  async countBySubject(manager: EntityManager, projectId: string, subjects: readonly string[]): Promise<Map<string, number>> {
    if (subjects.length === 0) return new Map();
    const rows: { subject: string; n: string | number }[] = await manager.query(
      `SELECT subject, COUNT(*) AS n FROM enrollments WHERE project_id = ? AND status = 'enrolled' AND subject IN (${subjects.map(() => '?').join(', ')}) GROUP BY subject`,
      [projectId, ...subjects],
    );
    return new Map(rows.map((r) => [r.subject, Number(r.n)]));
  }

  /**
   * Confirmation counts per child of `orgPath` (children are `depth` segments deep, e.g. 3 for the
   * counties under a city), plus the total for `orgPath` itself under the key `orgPath`.
   */
  async confirmationCounts(manager: EntityManager, projectId: string, orgPath: string, childDepth: number): Promise<Map<string, ConfirmationCounts>> {
    const subtree = jurisdictionFilter('org_path', orgPath);
    const rows: { child: string; confirmation: ConfirmationStatus; n: string | number }[] = await manager.query(
      `SELECT SUBSTRING_INDEX(org_path, '/', ?) AS child, confirmation, COUNT(*) AS n
         FROM enrollments WHERE project_id = ? AND status = 'enrolled' AND ${subtree.sql}
        GROUP BY child, confirmation`,
      [childDepth + 1, projectId, ...subtree.params],
    );
    const counts = new Map<string, ConfirmationCounts>();
    const add = (key: string, confirmation: ConfirmationStatus, n: number) => {
      const c = counts.get(key) ?? { enrolled: 0, confirmed: 0, disputed: 0, pending: 0 };
      c.enrolled += n;
      c[confirmation] += n;
      counts.set(key, c);
    };
    for (const r of rows) {
      add(orgPath, r.confirmation, Number(r.n));
      if (r.child !== orgPath) add(r.child, r.confirmation, Number(r.n));
    }
    return counts;
  }

  // ── teachers, as enrollment needs them ──

  /** Locks the teachers' rows in share mode: a concurrent transfer waits until the enrollment commits. */
  async lockTeachers(manager: EntityManager, ids: readonly string[]): Promise<Map<string, ParticipantTeacher>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; org_id: string; org_path: string; stage: Stage; status: TeacherStatus; name: string; id_number_masked: string }[] = await manager.query(
      `SELECT id, org_id, org_path, stage, status, name, id_number_masked FROM teachers WHERE id IN (${ids.map(() => '?').join(', ')}) LOCK IN SHARE MODE`,
      [...ids],
    );
    return new Map(
      rows.map((r) => [r.id, { id: r.id, orgId: r.org_id, orgPath: r.org_path, stage: r.stage, status: r.status, name: r.name, idNumberMasked: r.id_number_masked }]),
    );
  }

  async findTeacherId(manager: EntityManager, id: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query('SELECT id FROM teachers WHERE id = ?', [id]);
    return rows[0]?.id ?? null;
  }

  /** The teacher whose ID number has this keyed hash (a teacher's username is their ID number). */
  async findTeacherIdByIdNumberHash(manager: EntityManager, hash: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query('SELECT id FROM teachers WHERE id_number_hash = ?', [hash]);
    return rows[0]?.id ?? null;
  }

  /** The orgs directly under an org (cities, counties or units), by path. */
  async findChildOrgs(manager: EntityManager, parentId: string): Promise<{ id: string; path: string; name: string; level: OrgLevel }[]> {
    return manager.query('SELECT id, path, name, level FROM orgs WHERE parent_id = ? ORDER BY path', [parentId]);
  }

  // ── the cascade ──

  async findUnit(manager: EntityManager, projectId: string, orgId: string, options: { lock?: boolean } = {}): Promise<EnrollmentUnitRecord | null> {
    const rows: UnitRow[] = await manager.query(`SELECT ${UNIT_COLUMNS} FROM enrollment_units WHERE project_id = ? AND org_id = ?${options.lock ? ' FOR UPDATE' : ''}`, [
      projectId,
      orgId,
    ]);
    return rows[0] ? toUnit(rows[0]) : null;
  }

  /** Units of the project directly below `parentPath` at `level`. */
  async findChildUnits(manager: EntityManager, projectId: string, parentPath: string, level: EnrollmentUnitLevel): Promise<EnrollmentUnitRecord[]> {
    const subtree = jurisdictionFilter('org_path', parentPath);
    const rows: UnitRow[] = await manager.query(`SELECT ${UNIT_COLUMNS} FROM enrollment_units WHERE project_id = ? AND level = ? AND ${subtree.sql} AND org_path <> ? ORDER BY org_path`, [
      projectId,
      level,
      ...subtree.params,
      parentPath,
    ]);
    return rows.map(toUnit);
  }

  /** Inserts unless the unit is already in the cascade; returns false then (concurrent openers both succeed). */
  async insertUnit(manager: EntityManager, u: EnrollmentUnitRecord): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(`INSERT IGNORE INTO enrollment_units (${UNIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      u.projectId, u.orgId, u.orgPath, u.level, u.status, u.openedBy, u.openedAt, u.submittedBy, u.submittedAt, u.returnedReason, u.version,
    ]);
    return result.affectedRows === 1;
  }

  /** Writes the unit's new status as version `u.version`, only over `u.version - 1`. */
  async updateUnit(manager: EntityManager, u: EnrollmentUnitRecord): Promise<void> {
    const result: { affectedRows: number } = await manager.query(
      'UPDATE enrollment_units SET status = ?, submitted_by = ?, submitted_at = ?, returned_reason = ?, version = ? WHERE project_id = ? AND org_id = ? AND version = ?',
      [u.status, u.submittedBy, u.submittedAt, u.returnedReason, u.version, u.projectId, u.orgId, u.version - 1],
    );
    if (result.affectedRows !== 1) throw new Error(`enrollment unit ${u.orgPath} changed under its row lock`);
  }
}
