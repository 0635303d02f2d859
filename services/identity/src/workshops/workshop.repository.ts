import type { EntityManager } from 'typeorm';
import { fetchPage, type Page, type PageQuery } from '../listing/page.js';
import { WhereClause } from '../listing/where-clause.js';
import type { Stage } from '../teachers/teacher.repository.js';
import type { WorkshopHost, WorkshopKind, WorkshopRecord, WorkshopView } from './workshop.js';

interface WorkshopRow {
  id: string;
  project_id: string;
  org_id: string;
  org_path: string;
  kind: WorkshopKind;
  subject: string;
  theme: string;
  name: string;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

interface WorkshopViewRow extends WorkshopRow {
  project_year: number;
  project_stage: Stage;
}

interface HostRow {
  workshop_id: string;
  teacher_id: string;
  name: string;
  id_number_masked: string;
  org_id: string;
  org_path: string;
}

const COLUMNS = 'w.id, w.project_id, w.org_id, w.org_path, w.kind, w.subject, w.theme, w.name, w.version, w.created_by, w.created_at, w.updated_at';
const VIEW_FROM = 'workshops w JOIN training_projects p ON p.id = w.project_id';
const VIEW_COLUMNS = `${COLUMNS}, p.year AS project_year, p.stage AS project_stage`;
/** Sort order of lists: by area, then subject and theme; id makes it total. */
export const WORKSHOP_LIST_ORDER = [{ sql: 'w.org_path' }, { sql: 'w.subject' }, { sql: 'w.theme' }, { sql: 'w.id' }] as const;

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** The columns every shape of a workshop shares. */
const fields = (r: WorkshopRow): Omit<WorkshopRecord, 'hostTeacherIds'> => ({
  id: r.id,
  projectId: r.project_id,
  orgId: r.org_id,
  orgPath: r.org_path,
  kind: r.kind,
  subject: r.subject,
  theme: r.theme,
  name: r.name,
  version: Number(r.version),
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

const toRecord = (r: WorkshopRow, hostTeacherIds: string[]): WorkshopRecord => ({ ...fields(r), hostTeacherIds });

const toView = (r: WorkshopViewRow, hosts: WorkshopHost[]): WorkshopView => ({ ...fields(r), projectYear: Number(r.project_year), stage: r.project_stage, hosts });

/** Plain data access for workshops and their hosts; the rules live in workshop-rules.ts. */
export class WorkshopRepository {
  /** Inserts unless the project's area already has this subject's (or theme's) workshop; returns false then. */
  async insert(manager: EntityManager, w: WorkshopRecord): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      `INSERT IGNORE INTO workshops (id, project_id, org_id, org_path, kind, subject, theme, name, version, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [w.id, w.projectId, w.orgId, w.orgPath, w.kind, w.subject, w.theme, w.name, w.version, w.createdBy, w.createdAt, w.updatedAt],
    );
    return result.affectedRows === 1;
  }

  /**
   * Records the hosts; returns how many rows went in. Fewer than given means another workshop of the
   * project took one of them meanwhile (unique project + teacher).
   */
  async insertHosts(manager: EntityManager, workshopId: string, projectId: string, teacherIds: readonly string[]): Promise<number> {
    const result: { affectedRows: number } = await manager.query(
      `INSERT IGNORE INTO workshop_hosts (workshop_id, project_id, teacher_id) VALUES ${teacherIds.map(() => '(?, ?, ?)').join(', ')}`,
      teacherIds.flatMap((id) => [workshopId, projectId, id]),
    );
    return result.affectedRows;
  }

  async deleteHosts(manager: EntityManager, workshopId: string): Promise<void> {
    await manager.query('DELETE FROM workshop_hosts WHERE workshop_id = ?', [workshopId]);
  }

  /** Moves the version on, only from `expectedVersion`; false when someone else changed it first. */
  async bumpVersion(manager: EntityManager, id: string, expectedVersion: number, at: Date): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query('UPDATE workshops SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?', [at, id, expectedVersion]);
    return result.affectedRows === 1;
  }

  /** Reads (and with `lock`, locks until the transaction ends) one workshop with its host ids. */
  async findById(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<WorkshopRecord | null> {
    const rows: WorkshopRow[] = await manager.query(`SELECT ${COLUMNS} FROM workshops w WHERE w.id = ?${options.lock ? ' FOR UPDATE' : ''}`, [id]);
    const row = rows[0];
    if (!row) return null;
    const hosts: { teacher_id: string }[] = await manager.query('SELECT teacher_id FROM workshop_hosts WHERE workshop_id = ? ORDER BY teacher_id', [id]);
    return toRecord(row, hosts.map((h) => h.teacher_id));
  }

  /** Which of these teachers host a workshop of the project already: teacher id → workshop id. */
  async hostedWorkshops(manager: EntityManager, projectId: string, teacherIds: readonly string[]): Promise<Map<string, string>> {
    if (teacherIds.length === 0) return new Map();
    const rows: { teacher_id: string; workshop_id: string }[] = await manager.query(
      `SELECT teacher_id, workshop_id FROM workshop_hosts WHERE project_id = ? AND teacher_id IN (${placeholders(teacherIds)})`,
      [projectId, ...teacherIds],
    );
    return new Map(rows.map((r) => [r.teacher_id, r.workshop_id]));
  }

  async findViews(manager: EntityManager, ids: readonly string[]): Promise<WorkshopView[]> {
    if (ids.length === 0) return [];
    const rows: WorkshopViewRow[] = await manager.query(`SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE w.id IN (${placeholders(ids)})`, [...ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return this.withHosts(
      manager,
      ids.flatMap((id) => byId.get(id) ?? []),
    );
  }

  /** Workshops whose area lies in the subtree at `orgPath`, optionally of one project and subject. */
  async list(manager: EntityManager, filter: { orgPath: string; projectId?: string; subject?: string }, query: PageQuery): Promise<Page<WorkshopView>> {
    const where = new WhereClause().inSubtree('w.org_path', filter.orgPath);
    if (filter.projectId) where.and('w.project_id = ?', filter.projectId);
    if (filter.subject) where.and('w.subject = ?', filter.subject);
    const page = await fetchPage<WorkshopViewRow>(manager, { from: VIEW_FROM, columns: VIEW_COLUMNS, where, order: WORKSHOP_LIST_ORDER, keyOf: (r) => [r.org_path, r.subject, r.theme, r.id] }, query);
    return { ...page, items: await this.withHosts(manager, page.items) };
  }

  /** The workshops a teacher hosts, optionally in one project. */
  async hostedBy(manager: EntityManager, teacherId: string, projectId?: string): Promise<WorkshopView[]> {
    const rows: WorkshopViewRow[] = await manager.query(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} JOIN workshop_hosts h ON h.workshop_id = w.id WHERE h.teacher_id = ?${projectId ? ' AND w.project_id = ?' : ''} ORDER BY w.org_path, w.id`,
      projectId ? [teacherId, projectId] : [teacherId],
    );
    return this.withHosts(manager, rows);
  }

  /**
   * The workshops of a project whose area holds `orgPath` (one of its ancestors or itself) and that
   * take `subject`: the candidates of a trainee's membership (workshop-rules.ts isWorkshopMember).
   */
  async coveringUnit(manager: EntityManager, projectId: string, ancestorPaths: readonly string[], subject: string): Promise<WorkshopView[]> {
    if (ancestorPaths.length === 0) return [];
    const rows: WorkshopViewRow[] = await manager.query(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM}
        WHERE w.project_id = ? AND w.org_path IN (${placeholders(ancestorPaths)}) AND (w.subject = ? OR (w.kind = 'thematic' AND w.subject = ''))
        ORDER BY w.org_path, w.id`,
      [projectId, ...ancestorPaths, subject],
    );
    return this.withHosts(manager, rows);
  }

  private async withHosts(manager: EntityManager, rows: readonly WorkshopViewRow[]): Promise<WorkshopView[]> {
    if (rows.length === 0) return [];
    const hostRows: HostRow[] = await manager.query(
      `SELECT h.workshop_id, t.id AS teacher_id, t.name, t.id_number_masked, t.org_id, t.org_path
         FROM workshop_hosts h JOIN teachers t ON t.id = h.teacher_id
        WHERE h.workshop_id IN (${placeholders(rows)}) ORDER BY t.org_path, t.name, t.id`,
      rows.map((r) => r.id),
    );
    const hosts = new Map<string, WorkshopHost[]>();
    for (const h of hostRows) {
      const list = hosts.get(h.workshop_id) ?? [];
      list.push({ teacherId: h.teacher_id, name: h.name, idNumberMasked: h.id_number_masked, orgId: h.org_id, orgPath: h.org_path });
      hosts.set(h.workshop_id, list);
    }
    return rows.map((r) => toView(r, hosts.get(r.id) ?? []));
  }
}
