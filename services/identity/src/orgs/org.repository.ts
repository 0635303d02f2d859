import type { EntityManager } from 'typeorm';
import type { OrgLevel } from './org-rules.js';

export interface OrgRecord {
  id: string;
  code: string;
  name: string;
  level: OrgLevel;
  parentId: string | null;
  path: string;
}

interface OrgRow {
  id: string;
  code: string;
  name: string;
  level: OrgLevel;
  parent_id: string | null;
  path: string;
}

const toRecord = (row: OrgRow): OrgRecord => ({ id: row.id, code: row.code, name: row.name, level: row.level, parentId: row.parent_id, path: row.path });

/** Plain data access for the org tree; rules live in the use cases. */
export class OrgRepository {
  async findById(manager: EntityManager, id: string): Promise<OrgRecord | null> {
    const rows: OrgRow[] = await manager.query('SELECT id, code, name, level, parent_id, path FROM orgs WHERE id = ?', [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByPath(manager: EntityManager, path: string): Promise<OrgRecord | null> {
    const rows: OrgRow[] = await manager.query('SELECT id, code, name, level, parent_id, path FROM orgs WHERE path = ?', [path]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Inserts unless the path is taken; returns false on a duplicate path. */
  async insert(manager: EntityManager, org: OrgRecord): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      'INSERT IGNORE INTO orgs (id, code, name, level, parent_id, path) VALUES (?, ?, ?, ?, ?, ?)',
      [org.id, org.code, org.name, org.level, org.parentId, org.path],
    );
    return result.affectedRows === 1;
  }
}
