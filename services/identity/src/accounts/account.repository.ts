import type { EntityManager } from 'typeorm';

/** A teacher who has no Keycloak account yet, with what the account is built from. */
export interface UnprovisionedTeacher {
  id: string;
  name: string;
  namePinyin: string | null;
  idNumberEnc: Buffer;
  orgPath: string;
}

interface Row {
  id: string;
  name: string;
  name_pinyin: string | null;
  id_number_enc: Buffer;
  org_path: string;
}

export class AccountRepository {
  /** Keyset page of teachers without an account row, by id; optionally only some teachers. */
  async findUnprovisioned(manager: EntityManager, afterId: string, limit: number, teacherIds?: string[]): Promise<UnprovisionedTeacher[]> {
    if (teacherIds && teacherIds.length === 0) return [];
    const only = teacherIds ? ` AND t.id IN (${teacherIds.map(() => '?').join(', ')})` : '';
    const rows: Row[] = await manager.query(
      `SELECT t.id, t.name, t.name_pinyin, t.id_number_enc, t.org_path
         FROM teachers t LEFT JOIN teacher_accounts a ON a.teacher_id = t.id
        WHERE a.teacher_id IS NULL AND t.id > ?${only}
        ORDER BY t.id LIMIT ?`,
      [afterId, ...(teacherIds ?? []), limit],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, namePinyin: r.name_pinyin, idNumberEnc: r.id_number_enc, orgPath: r.org_path }));
  }

  /** Records accounts; a teacher already recorded keeps its row (re-runs are harmless). */
  async markProvisioned(manager: EntityManager, accounts: { teacherId: string; keycloakUserId: string | null }[]): Promise<void> {
    if (accounts.length === 0) return;
    await manager.query(
      `INSERT IGNORE INTO teacher_accounts (teacher_id, keycloak_user_id) VALUES ${accounts.map(() => '(?, ?)').join(', ')}`,
      accounts.flatMap((a) => [a.teacherId, a.keycloakUserId]),
    );
  }

  async keycloakUserId(manager: EntityManager, teacherId: string): Promise<string | null> {
    const rows: { keycloak_user_id: string | null }[] = await manager.query('SELECT keycloak_user_id FROM teacher_accounts WHERE teacher_id = ?', [teacherId]);
    return rows[0]?.keycloak_user_id ?? null;
  }

  async setNamePinyin(manager: EntityManager, teacherId: string, namePinyin: string | null): Promise<void> {
    await manager.query('UPDATE teachers SET name_pinyin = ? WHERE id = ?', [namePinyin, teacherId]);
  }
}
