import type { EntityManager } from 'typeorm';
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

  async findOrg(manager: EntityManager, orgId: string): Promise<{ orgId: string; path: string } | null> {
    const rows: { org_id: string; path: string }[] = await manager.query('SELECT org_id, path FROM report_orgs WHERE org_id = ?', [orgId]);
    return rows[0] ? { orgId: rows[0].org_id, path: rows[0].path } : null;
  }

  async countsFor(manager: EntityManager, orgPath: string): Promise<{ direct: number; total: number }> {
    const rows: { direct: number; total: number }[] = await manager.query('SELECT direct, total FROM teacher_counts WHERE org_path = ?', [orgPath]);
    return { direct: Number(rows[0]?.direct ?? 0), total: Number(rows[0]?.total ?? 0) };
  }
}
