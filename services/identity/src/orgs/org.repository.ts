import type { EntityManager } from 'typeorm';
import { fetchPage, type Page, type PageQuery, type SortColumn } from '../listing/page.js';
import { WhereClause } from '../listing/where-clause.js';
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

/** Orgs list by path: parents before children, siblings by code. */
export const ORG_ORDER: readonly SortColumn[] = [{ sql: 'path' }];

/** What a list of orgs is narrowed to. Every path in `withinPaths` applies (AND). */
export interface OrgFilter {
  withinPaths: readonly string[];
  parentId?: string;
  nameContains?: string;
  codePrefix?: string;
  level?: OrgLevel;
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

  async search(manager: EntityManager, filter: OrgFilter, query: PageQuery): Promise<Page<OrgRecord>> {
    const where = new WhereClause();
    for (const path of filter.withinPaths) where.inSubtree('path', path);
    if (filter.parentId) where.and('parent_id = ?', filter.parentId);
    if (filter.nameContains) where.contains('name', filter.nameContains);
    if (filter.codePrefix) where.startsWith('code', filter.codePrefix);
    if (filter.level) where.and('level = ?', filter.level);
    const page = await fetchPage<OrgRow>(manager, { from: 'orgs', columns: 'id, code, name, level, parent_id, path', where, order: ORG_ORDER, keyOf: (r) => [r.path] }, query);
    return { ...page, items: page.items.map(toRecord) };
  }
}
