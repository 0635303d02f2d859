import type { EntityManager } from 'typeorm';
import { countDeltas, type CountDelta } from './count-delta.js';
import { pathAndAncestors } from './org-path.js';

export interface TeacherCount {
  orgId: string;
  orgPath: string;
  direct: number;
  total: number;
}

/** Counts are only ever incremented in SQL (never read, added to and written back). */
export class TeacherCountRepository {
  async upsertOrg(manager: EntityManager, org: { id: string; path: string; name: string; level: string }): Promise<void> {
    await manager.query(
      'INSERT INTO report_orgs (org_id, path, name, level) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE path = VALUES(path), name = VALUES(name), level = VALUES(level)',
      [org.id, org.path, org.name, org.level],
    );
  }

  /** Counts a teacher once at their org and each ancestor; returns false if already counted. */
  async countTeacher(manager: EntityManager, teacherId: string, orgPath: string): Promise<boolean> {
    const inserted: { affectedRows: number } = await manager.query('INSERT IGNORE INTO counted_teachers (teacher_id, org_path) VALUES (?, ?)', [teacherId, orgPath]);
    if (inserted.affectedRows === 0) return false;
    const paths = pathAndAncestors(orgPath);
    const rows = paths.map((p) => [p, p === orgPath ? 1 : 0, 1]);
    await manager.query(
      `INSERT INTO teacher_counts (org_path, direct, total) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE direct = direct + VALUES(direct), total = total + VALUES(total)`,
      rows.flat(),
    );
    return true;
  }

  /**
   * Moves a teacher's counted state to `next` (from a departure, retirement or transfer at identity status_version
   * `next.version`) and applies the count deltas only if that state is newer than the one held. The
   * teacher's state row is locked and version-guarded; totals are only ever changed in SQL. A teacher
   * not seen yet (their TeacherCreated is on another topic and may come later) starts at `next`;
   * the late TeacherCreated then finds the row and counts nothing. Returns false when stale.
   */
  async applyTeacherState(manager: EntityManager, teacherId: string, next: { orgPath: string; status: 'in_service' | 'departed' | 'retired'; version: number }): Promise<boolean> {
    const rows: { org_path: string; status: string; status_version: number }[] = await manager.query(
      'SELECT org_path, status, status_version FROM counted_teachers WHERE teacher_id = ? FOR UPDATE',
      [teacherId],
    );
    const current = rows[0];
    if (!current) {
      const inserted: { affectedRows: number } = await manager.query(
        'INSERT IGNORE INTO counted_teachers (teacher_id, org_path, status, status_version) VALUES (?, ?, ?, ?)',
        [teacherId, next.orgPath, next.status, next.version],
      );
      // Lost a race with another event of this teacher: fail so the consumer retries against its row.
      if (inserted.affectedRows === 0) throw new Error(`counted_teachers row for ${teacherId} appeared concurrently; retry`);
      await this.applyDeltas(manager, countDeltas({ orgPath: next.orgPath, counted: false }, { orgPath: next.orgPath, counted: next.status === 'in_service' }));
      return true;
    }
    const updated: { affectedRows: number } = await manager.query(
      'UPDATE counted_teachers SET org_path = ?, status = ?, status_version = ? WHERE teacher_id = ? AND status_version < ?',
      [next.orgPath, next.status, next.version, teacherId, next.version],
    );
    if (updated.affectedRows === 0) return false;
    await this.applyDeltas(
      manager,
      countDeltas({ orgPath: current.org_path, counted: current.status === 'in_service' }, { orgPath: next.orgPath, counted: next.status === 'in_service' }),
    );
    return true;
  }

  private async applyDeltas(manager: EntityManager, deltas: CountDelta[]): Promise<void> {
    for (const d of deltas) {
      const [upDirect, upTotal] = [Math.max(d.direct, 0), Math.max(d.total, 0)];
      const [downDirect, downTotal] = [Math.max(-d.direct, 0), Math.max(-d.total, 0)];
      if (upDirect || upTotal) {
        await manager.query('INSERT INTO teacher_counts (org_path, direct, total) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE direct = direct + VALUES(direct), total = total + VALUES(total)', [
          d.orgPath,
          upDirect,
          upTotal,
        ]);
      }
      if (downDirect || downTotal) {
        // The teacher was counted here, so the row exists and stays >= 0.
        await manager.query('UPDATE teacher_counts SET direct = direct - ?, total = total - ? WHERE org_path = ?', [downDirect, downTotal, d.orgPath]);
      }
    }
  }

  async findOrg(manager: EntityManager, orgId: string): Promise<{ orgId: string; path: string } | null> {
    const rows: { org_id: string; path: string }[] = await manager.query('SELECT org_id, path FROM report_orgs WHERE org_id = ?', [orgId]);
    return rows[0] ? { orgId: rows[0].org_id, path: rows[0].path } : null;
  }

  async countsFor(manager: EntityManager, orgPath: string): Promise<{ direct: number; total: number }> {
    const rows: { direct: number; total: number }[] = await manager.query('SELECT direct, total FROM teacher_counts WHERE org_path = ?', [orgPath]);
    return { direct: Number(rows[0]?.direct ?? 0), total: Number(rows[0]?.total ?? 0) };
  }
}
