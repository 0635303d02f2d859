import type { AdminRole } from '@yanxiu/auth';
import type { EntityManager } from 'typeorm';
import { fetchPage, type Page, type PageQuery } from '../listing/page.js';
import { WhereClause } from '../listing/where-clause.js';

/** An admin account as stored: the phone sealed, its masked form kept for lists. */
export interface AdminAccountRecord {
  id: string;
  keycloakUserId: string;
  username: string;
  name: string;
  phoneEnc: Buffer | null;
  phoneMasked: string | null;
  role: AdminRole;
  orgId: string;
  orgPath: string;
  createdBySubject: string;
  createdByUsername: string;
  createdAt: Date;
  passwordResetAt: Date | null;
}

interface AdminAccountRow {
  id: string;
  keycloak_user_id: string;
  username: string;
  name: string;
  phone_enc: Buffer | null;
  phone_masked: string | null;
  role: AdminRole;
  org_id: string;
  org_path: string;
  created_by_subject: string;
  created_by_username: string;
  created_at: Date;
  password_reset_at: Date | null;
}

const COLUMNS =
  'a.id, a.keycloak_user_id, a.username, a.name, a.phone_enc, a.phone_masked, a.role, a.org_id, a.org_path, a.created_by_subject, a.created_by_username, a.created_at, a.password_reset_at';

const toRecord = (r: AdminAccountRow): AdminAccountRecord => ({
  id: r.id,
  keycloakUserId: r.keycloak_user_id,
  username: r.username,
  name: r.name,
  phoneEnc: r.phone_enc,
  phoneMasked: r.phone_masked,
  role: r.role,
  orgId: r.org_id,
  orgPath: r.org_path,
  createdBySubject: r.created_by_subject,
  createdByUsername: r.created_by_username,
  createdAt: r.created_at,
  passwordResetAt: r.password_reset_at,
});

/** Plain data access for admin accounts; the rules live in admin-account-rules.ts. */
export class AdminAccountRepository {
  async findById(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<AdminAccountRecord | null> {
    const rows: AdminAccountRow[] = await manager.query(`SELECT ${COLUMNS} FROM admin_accounts a WHERE a.id = ?${options.lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async usernameTaken(manager: EntityManager, username: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM admin_accounts WHERE username = ?', [username]);
    return rows.length > 0;
  }

  /** Inserts unless the username (or Keycloak user) is already recorded; returns false then. */
  async insert(manager: EntityManager, a: AdminAccountRecord): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      `INSERT IGNORE INTO admin_accounts
         (id, keycloak_user_id, username, name, phone_enc, phone_masked, role, org_id, org_path, created_by_subject, created_by_username, created_at, password_reset_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [a.id, a.keycloakUserId, a.username, a.name, a.phoneEnc, a.phoneMasked, a.role, a.orgId, a.orgPath, a.createdBySubject, a.createdByUsername, a.createdAt, a.passwordResetAt],
    );
    return result.affectedRows === 1;
  }

  async markPasswordReset(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query('UPDATE admin_accounts SET password_reset_at = ? WHERE id = ?', [at, id]);
  }

  /** Accounts of the orgs in the subtree at `orgPath`, by org path then username. */
  async list(manager: EntityManager, orgPath: string, query: PageQuery): Promise<Page<AdminAccountRecord>> {
    const page = await fetchPage<AdminAccountRow>(
      manager,
      {
        from: 'admin_accounts a',
        columns: COLUMNS,
        where: new WhereClause().inSubtree('a.org_path', orgPath),
        order: [{ sql: 'a.org_path' }, { sql: 'a.username' }],
        keyOf: (r) => [r.org_path, r.username],
      },
      query,
    );
    return { ...page, items: page.items.map(toRecord) };
  }
}
