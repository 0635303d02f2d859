import type { EntityManager } from 'typeorm';
import type { TeacherStatus } from '../teachers/teacher.repository.js';
import type { TransferKind } from './transfer-rules.js';

/** What a status change needs of a teacher row. */
export interface TeacherPlacement {
  id: string;
  orgId: string;
  orgPath: string;
  status: TeacherStatus;
  statusVersion: number;
}

export interface TransferRecord {
  id: string;
  teacherId: string;
  statusVersion: number;
  fromOrgId: string;
  fromOrgPath: string;
  toOrgId: string;
  toOrgPath: string;
  kind: TransferKind;
  bySubject: string;
  byUsername: string;
  transferredAt: Date;
}

interface TransferRow {
  id: string;
  teacher_id: string;
  status_version: number;
  from_org_id: string;
  from_org_path: string;
  to_org_id: string;
  to_org_path: string;
  kind: TransferKind;
  by_subject: string;
  by_username: string;
  transferred_at: Date;
}

const TRANSFER_COLUMNS = 'id, teacher_id, status_version, from_org_id, from_org_path, to_org_id, to_org_path, kind, by_subject, by_username, transferred_at';

/** Plain data access for departures and transfers; the rules live in transfer-rules.ts. */
export class TransferRepository {
  /** Reads and locks the teacher row until the transaction ends: concurrent moves of one teacher queue here. */
  async lockTeacher(manager: EntityManager, id: string): Promise<TeacherPlacement | null> {
    const rows: { id: string; org_id: string; org_path: string; status: TeacherStatus; status_version: number }[] = await manager.query(
      'SELECT id, org_id, org_path, status, status_version FROM teachers WHERE id = ? FOR UPDATE',
      [id],
    );
    const r = rows[0];
    return r ? { id: r.id, orgId: r.org_id, orgPath: r.org_path, status: r.status, statusVersion: Number(r.status_version) } : null;
  }

  /** Writes the teacher's new placement; guarded by the version read under the lock. */
  async place(manager: EntityManager, from: TeacherPlacement, to: { orgId: string; orgPath: string; status: TeacherStatus }): Promise<void> {
    const result: { affectedRows: number } = await manager.query(
      'UPDATE teachers SET org_id = ?, org_path = ?, status = ?, status_version = status_version + 1, status_changed_at = UTC_TIMESTAMP(3) WHERE id = ? AND status_version = ?',
      [to.orgId, to.orgPath, to.status, from.id, from.statusVersion],
    );
    if (result.affectedRows !== 1) throw new Error(`teacher ${from.id} changed under its row lock`);
  }

  async insertTransfer(manager: EntityManager, t: TransferRecord): Promise<void> {
    await manager.query(`INSERT INTO teacher_transfers (${TRANSFER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      t.id,
      t.teacherId,
      t.statusVersion,
      t.fromOrgId,
      t.fromOrgPath,
      t.toOrgId,
      t.toOrgPath,
      t.kind,
      t.bySubject,
      t.byUsername,
      t.transferredAt,
    ]);
  }

  async listTransfers(manager: EntityManager, teacherId: string): Promise<TransferRecord[]> {
    const rows: TransferRow[] = await manager.query(`SELECT ${TRANSFER_COLUMNS} FROM teacher_transfers WHERE teacher_id = ? ORDER BY status_version`, [teacherId]);
    return rows.map((r) => ({
      id: r.id,
      teacherId: r.teacher_id,
      statusVersion: Number(r.status_version),
      fromOrgId: r.from_org_id,
      fromOrgPath: r.from_org_path,
      toOrgId: r.to_org_id,
      toOrgPath: r.to_org_path,
      kind: r.kind,
      bySubject: r.by_subject,
      byUsername: r.by_username,
      transferredAt: new Date(r.transferred_at),
    }));
  }
}
