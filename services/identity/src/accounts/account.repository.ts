import type { EntityManager } from 'typeorm';

/** A teacher who has no Keycloak account yet, with what the account is built from. */
export interface UnprovisionedTeacher {
  id: string;
  name: string;
  namePinyin: string | null;
  idNumberEnc: Buffer;
  /** Lookup hash of that ID number, recorded as the account's username_hash. */
  idNumberHash: string;
  orgPath: string;
}

/** An account whose Keycloak username may be an ID number the teacher no longer has. */
export interface StaleAccount {
  teacherId: string;
  keycloakUserId: string | null;
  idNumberEnc: Buffer;
  idNumberHash: string;
}

interface Row {
  id: string;
  name: string;
  name_pinyin: string | null;
  id_number_enc: Buffer;
  id_number_hash: string;
  org_path: string;
}

export class AccountRepository {
  /** Keyset page of teachers without an account row, by id; optionally only some teachers. */
  async findUnprovisioned(manager: EntityManager, afterId: string, limit: number, teacherIds?: string[]): Promise<UnprovisionedTeacher[]> {
    if (teacherIds && teacherIds.length === 0) return [];
    const only = teacherIds ? ` AND t.id IN (${teacherIds.map(() => '?').join(', ')})` : '';
    const rows: Row[] = await manager.query(
      `SELECT t.id, t.name, t.name_pinyin, t.id_number_enc, t.id_number_hash, t.org_path
         FROM teachers t LEFT JOIN teacher_accounts a ON a.teacher_id = t.id
        WHERE a.teacher_id IS NULL AND t.id > ?${only}
        ORDER BY t.id LIMIT ?`,
      [afterId, ...(teacherIds ?? []), limit],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, namePinyin: r.name_pinyin, idNumberEnc: r.id_number_enc, idNumberHash: r.id_number_hash, orgPath: r.org_path }));
  }

  /**
   * Records accounts with the hash of the ID number their username was made from; a teacher already
   * recorded keeps its row (re-runs are harmless).
   */
  async markProvisioned(manager: EntityManager, accounts: { teacherId: string; keycloakUserId: string | null; usernameHash: string }[]): Promise<void> {
    if (accounts.length === 0) return;
    await manager.query(
      `INSERT IGNORE INTO teacher_accounts (teacher_id, keycloak_user_id, username_hash) VALUES ${accounts.map(() => '(?, ?, ?)').join(', ')}`,
      accounts.flatMap((a) => [a.teacherId, a.keycloakUserId, a.usernameHash]),
    );
  }

  /**
   * Keyset page of accounts whose username was made from another ID number than the teacher's
   * current one (a correction), or from one not known; optionally only some teachers.
   */
  async findStale(manager: EntityManager, afterTeacherId: string, limit: number, teacherIds?: string[]): Promise<StaleAccount[]> {
    if (teacherIds && teacherIds.length === 0) return [];
    const only = teacherIds ? ` AND a.teacher_id IN (${teacherIds.map(() => '?').join(', ')})` : '';
    const rows: { teacher_id: string; keycloak_user_id: string | null; id_number_enc: Buffer; id_number_hash: string }[] = await manager.query(
      `SELECT a.teacher_id, a.keycloak_user_id, t.id_number_enc, t.id_number_hash
         FROM teacher_accounts a JOIN teachers t ON t.id = a.teacher_id
        WHERE (a.username_hash IS NULL OR a.username_hash <> t.id_number_hash) AND a.teacher_id > ?${only}
        ORDER BY a.teacher_id LIMIT ?`,
      [afterTeacherId, ...(teacherIds ?? []), limit],
    );
    return rows.map((r) => ({ teacherId: r.teacher_id, keycloakUserId: r.keycloak_user_id, idNumberEnc: r.id_number_enc, idNumberHash: r.id_number_hash }));
  }

  /** The account's username is now the ID number with this hash. */
  async recordUsername(manager: EntityManager, teacherId: string, usernameHash: string): Promise<void> {
    await manager.query('UPDATE teacher_accounts SET username_hash = ? WHERE teacher_id = ?', [usernameHash, teacherId]);
  }

  async keycloakUserId(manager: EntityManager, teacherId: string): Promise<string | null> {
    const rows: { keycloak_user_id: string | null }[] = await manager.query('SELECT keycloak_user_id FROM teacher_accounts WHERE teacher_id = ?', [teacherId]);
    return rows[0]?.keycloak_user_id ?? null;
  }

  async setNamePinyin(manager: EntityManager, teacherId: string, namePinyin: string | null): Promise<void> {
    await manager.query('UPDATE teachers SET name_pinyin = ? WHERE id = ?', [namePinyin, teacherId]);
  }
}
