import type { EntityManager } from 'typeorm';
import type { SelectionPolicy } from './selection-policy.js';

export interface PolicyRecord {
  projectId: string;
  policy: SelectionPolicy;
  revision: number;
  savedAt: Date;
  savedBy: string;
}

interface PolicyRow {
  project_id: string;
  policy: string;
  revision: number;
  saved_at: Date;
  saved_by: string;
}

const record = (r: PolicyRow): PolicyRecord => ({
  projectId: r.project_id,
  policy: JSON.parse(r.policy) as SelectionPolicy,
  revision: Number(r.revision),
  savedAt: new Date(r.saved_at),
  savedBy: r.saved_by,
});

/** A project's policy is stored whole, as the JSON the rules work on. */
export class PolicyRepository {
  async find(manager: EntityManager, projectId: string): Promise<PolicyRecord | null> {
    const rows: PolicyRow[] = await manager.query('SELECT * FROM policies WHERE project_id = ?', [projectId]);
    return rows[0] ? record(rows[0]) : null;
  }

  /** Reads and locks the policy row (if any) until the transaction ends: concurrent saves queue here. */
  async lock(manager: EntityManager, projectId: string): Promise<PolicyRecord | null> {
    const rows: PolicyRow[] = await manager.query('SELECT * FROM policies WHERE project_id = ? FOR UPDATE', [projectId]);
    return rows[0] ? record(rows[0]) : null;
  }

  /** Projects catalog knows (from identity's events) that have no policy yet. */
  async projectIdsWithoutPolicy(manager: EntityManager): Promise<string[]> {
    const rows: { project_id: string }[] = await manager.query(
      'SELECT p.project_id FROM projects p LEFT JOIN policies x ON x.project_id = p.project_id WHERE x.project_id IS NULL ORDER BY p.project_id',
    );
    return rows.map((r) => r.project_id);
  }

  async save(manager: EntityManager, p: PolicyRecord): Promise<void> {
    await manager.query(
      'INSERT INTO policies (project_id, policy, revision, saved_at, saved_by) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE policy = VALUES(policy), revision = VALUES(revision), saved_at = VALUES(saved_at), saved_by = VALUES(saved_by)',
      [p.projectId, JSON.stringify(p.policy), p.revision, p.savedAt, p.savedBy],
    );
  }
}
