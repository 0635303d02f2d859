import type { EntityManager } from 'typeorm';
import { fetchPage, keysetCondition, orderByClause, pageOf, type Page, type PageQuery, type SortColumn } from '../listing/page.js';
import { WhereClause } from '../listing/where-clause.js';
import type { OrgLevel } from '../orgs/org-rules.js';
import { ORG_ORDER, type OrgRecord } from '../orgs/org.repository.js';
import { TEACHER_COLUMNS_OF_T, TEACHER_ORDER, teacherSortKey, teacherWhere, type TeacherFilter } from '../teachers/roster.repository.js';
import { toRecord as teacherFromRow, type TeacherRecord, type TeacherRow } from '../teachers/teacher.repository.js';
import { pathAndAncestors, type CampaignRecord, type CampaignStatus } from './campaign-rules.js';

interface CampaignRow {
  id: string;
  org_id: string;
  org_path: string;
  year: number;
  name: string;
  starts_at: Date;
  ends_at: Date;
  status: CampaignStatus;
  opened_by_username: string;
  opened_at: Date;
  closed_by_username: string | null;
  closed_at: Date | null;
}

const CAMPAIGN_COLUMNS = 'id, org_id, org_path, year, name, starts_at, ends_at, status, opened_by_username, opened_at, closed_by_username, closed_at';

const toCampaign = (r: CampaignRow): CampaignRecord => ({
  id: r.id,
  orgId: r.org_id,
  orgPath: r.org_path,
  year: Number(r.year),
  name: r.name,
  startsAt: new Date(r.starts_at),
  endsAt: new Date(r.ends_at),
  status: r.status,
  openedByUsername: r.opened_by_username,
  openedAt: new Date(r.opened_at),
  closedByUsername: r.closed_by_username,
  closedAt: r.closed_at ? new Date(r.closed_at) : null,
});

/** Newest year first, then by scope path; (org_id, year) is unique, so (year, org_path) is a total order. */
export const CAMPAIGN_ORDER: readonly SortColumn[] = [{ sql: 'year', descending: true }, { sql: 'org_path' }];

/** Whether a teacher was verified in a campaign at their current unit. */
export type Verification = 'verified' | 'unverified';

export interface VerificationRecord {
  campaignId: string;
  teacherId: string;
  orgId: string;
  orgPath: string;
  verifiedByUsername: string;
  verifiedAt: Date;
}

/** One unit's counts in a campaign; see UnitCompleteness in information_collection.proto. */
export interface UnitCompletenessRecord {
  org: OrgRecord;
  inService: number;
  verified: number;
  added: number;
  departed: number;
}

export interface CompletenessTotalsRecord {
  units: number;
  completeUnits: number;
  inService: number;
  verified: number;
  added: number;
  departed: number;
}

const UNIT_LEVELS_SQL = "('school', 'kindergarten', 'institution')";

/** A verification counts only at the unit the teacher is in now: after a transfer the new school verifies again. */
const VERIFICATION_JOIN = 'LEFT JOIN collection_verifications v ON v.campaign_id = ? AND v.teacher_id = t.id AND v.org_id = t.org_id';

/** Plain data access for campaigns, verifications and the completeness counts. */
export class CampaignRepository {
  /** Locks the org row at `path` until the transaction ends: openings inside one province queue on it. */
  async lockOrgPath(manager: EntityManager, path: string): Promise<void> {
    await manager.query('SELECT id FROM orgs WHERE path = ? FOR UPDATE', [path]);
  }

  /** Open campaigns of `year` at any of `paths` or below `below`. */
  async findOpenOverlapping(manager: EntityManager, year: number, paths: readonly string[], below: string): Promise<CampaignRecord[]> {
    const where = new WhereClause().and("status = 'open'").and('year = ?', year);
    const subtree = new WhereClause().inSubtree('org_path', below);
    const rows: CampaignRow[] = await manager.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM collection_campaigns WHERE ${where.sql} AND (org_path IN (${paths.map(() => '?').join(', ')}) OR ${subtree.sql})`,
      [...where.params, ...paths, ...subtree.params],
    );
    return rows.map(toCampaign);
  }

  /** Inserts unless the scope already had a campaign that year; returns false then. */
  async insert(manager: EntityManager, c: CampaignRecord): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      `INSERT IGNORE INTO collection_campaigns (${CAMPAIGN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [c.id, c.orgId, c.orgPath, c.year, c.name, c.startsAt, c.endsAt, c.status, c.openedByUsername, c.openedAt, c.closedByUsername, c.closedAt],
    );
    return result.affectedRows === 1;
  }

  /**
   * `lock`: 'update' for a change of the campaign itself; 'share' for a verification, so verifications
   * run side by side but never across a close.
   */
  async findById(manager: EntityManager, id: string, lock?: 'update' | 'share'): Promise<CampaignRecord | null> {
    const suffix = lock === 'update' ? ' FOR UPDATE' : lock === 'share' ? ' LOCK IN SHARE MODE' : '';
    const rows: CampaignRow[] = await manager.query(`SELECT ${CAMPAIGN_COLUMNS} FROM collection_campaigns WHERE id = ?${suffix}`, [id]);
    return rows[0] ? toCampaign(rows[0]) : null;
  }

  async close(manager: EntityManager, id: string, byUsername: string, at: Date): Promise<void> {
    await manager.query("UPDATE collection_campaigns SET status = 'closed', closed_by_username = ?, closed_at = ? WHERE id = ?", [byUsername, at, id]);
  }

  /** Campaigns at `path` or above it, or below it. */
  async listConcerning(manager: EntityManager, path: string, status: CampaignStatus | null, query: PageQuery): Promise<Page<CampaignRecord>> {
    const ancestors = pathAndAncestors(path);
    const subtree = new WhereClause().inSubtree('org_path', path);
    const where = new WhereClause().and(`(org_path IN (${ancestors.map(() => '?').join(', ')}) OR ${subtree.sql})`, ...ancestors, ...subtree.params);
    if (status) where.and('status = ?', status);
    const page = await fetchPage<CampaignRow>(
      manager,
      { from: 'collection_campaigns', columns: CAMPAIGN_COLUMNS, where, order: CAMPAIGN_ORDER, keyOf: (r) => [Number(r.year), r.org_path] },
      query,
    );
    return { ...page, items: page.items.map(toCampaign) };
  }

  async findVerification(manager: EntityManager, campaignId: string, teacherId: string): Promise<VerificationRecord | null> {
    const rows: { campaign_id: string; teacher_id: string; org_id: string; org_path: string; verified_by_username: string; verified_at: Date }[] = await manager.query(
      'SELECT campaign_id, teacher_id, org_id, org_path, verified_by_username, verified_at FROM collection_verifications WHERE campaign_id = ? AND teacher_id = ?',
      [campaignId, teacherId],
    );
    const r = rows[0];
    return r
      ? { campaignId: r.campaign_id, teacherId: r.teacher_id, orgId: r.org_id, orgPath: r.org_path, verifiedByUsername: r.verified_by_username, verifiedAt: new Date(r.verified_at) }
      : null;
  }

  /** Records a verification, replacing one made at another unit before a transfer. */
  async saveVerification(manager: EntityManager, v: VerificationRecord): Promise<void> {
    await manager.query(
      `INSERT INTO collection_verifications (campaign_id, teacher_id, org_id, org_path, verified_by_username, verified_at) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE org_id = VALUES(org_id), org_path = VALUES(org_path), verified_by_username = VALUES(verified_by_username), verified_at = VALUES(verified_at)`,
      [v.campaignId, v.teacherId, v.orgId, v.orgPath, v.verifiedByUsername, v.verifiedAt],
    );
  }

  /**
   * Per-unit counts for the units below every path in `withinPaths`, one page by path, with totals
   * over all of them. One grouped scan of the subtree's teachers; units without teachers count zero.
   */
  async completeness(
    manager: EntityManager,
    campaignId: string,
    window: { from: Date; to: Date },
    withinPaths: readonly string[],
    query: PageQuery,
  ): Promise<{ totals: CompletenessTotalsRecord; page: Page<UnitCompletenessRecord> }> {
    const teachersIn = new WhereClause();
    const unitsIn = new WhereClause().and(`o.level IN ${UNIT_LEVELS_SQL}`);
    for (const path of withinPaths) {
      teachersIn.inSubtree('t.org_path', path);
      unitsIn.inSubtree('o.path', path);
    }
    const counts = `
      SELECT t.org_id,
             SUM(t.status = 'in_service') AS in_service,
             SUM(t.status = 'in_service' AND v.teacher_id IS NOT NULL) AS verified,
             SUM(t.created_at >= ? AND t.created_at < ?) AS added,
             SUM(t.status = 'departed' AND t.status_changed_at >= ? AND t.status_changed_at < ?) AS departed
        FROM teachers t ${VERIFICATION_JOIN}
       WHERE ${teachersIn.sql}
       GROUP BY t.org_id`;
    const from = `orgs o LEFT JOIN (${counts}) c ON c.org_id = o.id`;
    const fromParams = [window.from, window.to, window.from, window.to, campaignId, ...teachersIn.params];

    const [totals] = await manager.query<Record<keyof CompletenessTotalsRecord, string | number | null>[]>(
      `SELECT COUNT(*) AS units,
              SUM(COALESCE(c.verified, 0) = COALESCE(c.in_service, 0)) AS completeUnits,
              SUM(COALESCE(c.in_service, 0)) AS inService, SUM(COALESCE(c.verified, 0)) AS verified,
              SUM(COALESCE(c.added, 0)) AS added, SUM(COALESCE(c.departed, 0)) AS departed
         FROM ${from} WHERE ${unitsIn.sql}`,
      [...fromParams, ...unitsIn.params],
    );
    const order = ORG_ORDER.map((c) => ({ ...c, sql: `o.${c.sql}` }));
    const keyset = query.after ? keysetCondition(order, query.after) : null;
    const where = keyset ? unitsIn.with(keyset.sql, keyset.params) : unitsIn;
    const rows: { id: string; code: string; name: string; level: OrgLevel; parent_id: string | null; path: string; in_service: unknown; verified: unknown; added: unknown; departed: unknown }[] =
      await manager.query(
        `SELECT o.id, o.code, o.name, o.level, o.parent_id, o.path, c.in_service, c.verified, c.added, c.departed
           FROM ${from} WHERE ${where.sql} ORDER BY ${orderByClause(order)} LIMIT ?`,
        [...fromParams, ...where.params, query.pageSize + 1],
      );
    const total = Number(totals?.units ?? 0);
    const page = pageOf(rows, query, total, (r) => [r.path]);
    return {
      totals: {
        units: total,
        completeUnits: Number(totals?.completeUnits ?? 0),
        inService: Number(totals?.inService ?? 0),
        verified: Number(totals?.verified ?? 0),
        added: Number(totals?.added ?? 0),
        departed: Number(totals?.departed ?? 0),
      },
      page: {
        ...page,
        items: page.items.map((r) => ({
          org: { id: r.id, code: r.code, name: r.name, level: r.level, parentId: r.parent_id, path: r.path },
          inService: Number(r.in_service ?? 0),
          verified: Number(r.verified ?? 0),
          added: Number(r.added ?? 0),
          departed: Number(r.departed ?? 0),
        })),
      },
    };
  }

  /** Teachers matching `filter`, each with their verification in the campaign at their current unit. */
  async teachers(
    manager: EntityManager,
    campaignId: string,
    filter: TeacherFilter & { verification: Verification | null },
    query: PageQuery,
  ): Promise<Page<{ teacher: TeacherRecord; verifiedAt: Date | null }>> {
    const where = teacherWhere(filter);
    if (filter.verification) where.and(filter.verification === 'verified' ? 'v.teacher_id IS NOT NULL' : 'v.teacher_id IS NULL');
    const page = await fetchPage<TeacherRow & { verified_at: Date | null }>(
      manager,
      { from: `teachers t ${VERIFICATION_JOIN}`, fromParams: [campaignId], columns: `${TEACHER_COLUMNS_OF_T}, v.verified_at`, where, order: TEACHER_ORDER, keyOf: teacherSortKey },
      query,
    );
    return { ...page, items: page.items.map((r) => ({ teacher: teacherFromRow(r), verifiedAt: r.verified_at ? new Date(r.verified_at) : null })) };
  }
}
