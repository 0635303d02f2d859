import type { EntityManager } from 'typeorm';

/**
 * SQL for the hash of what a teacher's Keycloak user shows of the roster: the unit (`org_path` attribute)
 * and the name (`lastName`/`firstName`). `teacher_accounts.profile_hash` holds it as of the last sync.
 * Org paths never contain the separator, so two different pairs never join to the same text.
 */
const profileHashOf = (teacher: string) => `SHA2(CONCAT(${teacher}.org_path, '|', ${teacher}.name), 256)`;

/** A teacher who has no Keycloak account yet, with what the account is built from. */
export interface UnprovisionedTeacher {
  id: string;
  name: string;
  namePinyin: string | null;
  idNumberEnc: Buffer;
  /** Lookup hash of that ID number, recorded as the account's username_hash. */
  idNumberHash: string;
  orgPath: string;
  /** Hash of that org path and name, recorded as the account's profile_hash. */
  profileHash: string;
}

/** A teacher's account row, locked, with what its Keycloak user was last synced with and what it should show now. */
export interface AccountToSync {
  teacherId: string;
  keycloakUserId: string | null;
  /** As recorded at the last sync; null = not known. */
  synced: { usernameHash: string | null; profileHash: string | null };
  /** The teacher's row as committed now. */
  teacher: { idNumberEnc: Buffer; idNumberHash: string; name: string; orgPath: string; profileHash: string };
}

interface Row {
  id: string;
  name: string;
  name_pinyin: string | null;
  id_number_enc: Buffer;
  id_number_hash: string;
  org_path: string;
  profile_hash: string;
}

export class AccountRepository {
  /** Keyset page of teachers without an account row, by id; optionally only some teachers. */
  async findUnprovisioned(manager: EntityManager, afterId: string, limit: number, teacherIds?: string[]): Promise<UnprovisionedTeacher[]> {
    if (teacherIds && teacherIds.length === 0) return [];
    const only = teacherIds ? ` AND t.id IN (${teacherIds.map(() => '?').join(', ')})` : '';
    const rows: Row[] = await manager.query(
      `SELECT t.id, t.name, t.name_pinyin, t.id_number_enc, t.id_number_hash, t.org_path, ${profileHashOf('t')} AS profile_hash
         FROM teachers t LEFT JOIN teacher_accounts a ON a.teacher_id = t.id
        WHERE a.teacher_id IS NULL AND t.id > ?${only}
        ORDER BY t.id LIMIT ?`,
      [afterId, ...(teacherIds ?? []), limit],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, namePinyin: r.name_pinyin, idNumberEnc: r.id_number_enc, idNumberHash: r.id_number_hash, orgPath: r.org_path, profileHash: r.profile_hash }));
  }

  /**
   * Records accounts with the hashes of the ID number and the profile their user was made from (null =
   * not known, compared with Keycloak at the next sync); a teacher already recorded keeps its row
   * (re-runs are harmless).
   */
  async markProvisioned(manager: EntityManager, accounts: { teacherId: string; keycloakUserId: string | null; usernameHash: string; profileHash: string | null }[]): Promise<void> {
    if (accounts.length === 0) return;
    await manager.query(
      `INSERT IGNORE INTO teacher_accounts (teacher_id, keycloak_user_id, username_hash, profile_hash) VALUES ${accounts.map(() => '(?, ?, ?, ?)').join(', ')}`,
      accounts.flatMap((a) => [a.teacherId, a.keycloakUserId, a.usernameHash, a.profileHash]),
    );
  }

  /**
   * Keyset page of the teacher ids of accounts that owe a sync: the username was made from another ID
   * number than the teacher's current one (a correction), or the user was last given another unit or
   * name (a transfer, a correction), or either is not known; optionally only some teachers.
   */
  async findOwingSync(manager: EntityManager, afterTeacherId: string, limit: number, teacherIds?: string[]): Promise<string[]> {
    if (teacherIds && teacherIds.length === 0) return [];
    const only = teacherIds ? ` AND a.teacher_id IN (${teacherIds.map(() => '?').join(', ')})` : '';
    const rows: { teacher_id: string }[] = await manager.query(
      `SELECT a.teacher_id
         FROM teacher_accounts a JOIN teachers t ON t.id = a.teacher_id
        WHERE (a.username_hash IS NULL OR a.username_hash <> t.id_number_hash OR a.profile_hash IS NULL OR a.profile_hash <> ${profileHashOf('t')})
          AND a.teacher_id > ?${only}
        ORDER BY a.teacher_id LIMIT ?`,
      [afterTeacherId, ...(teacherIds ?? []), limit],
    );
    return rows.map((r) => r.teacher_id);
  }

  /**
   * Locks a teacher's account row until the transaction ends (two syncs of one account queue here, so
   * the later one's Keycloak write is also the later record), then reads the teacher row as committed.
   * Only the account row is locked: transfers and corrections of the teacher never wait for Keycloak.
   */
  async lockForSync(manager: EntityManager, teacherId: string): Promise<AccountToSync | null> {
    const accounts: { keycloak_user_id: string | null; username_hash: string | null; profile_hash: string | null }[] = await manager.query(
      'SELECT keycloak_user_id, username_hash, profile_hash FROM teacher_accounts WHERE teacher_id = ? FOR UPDATE',
      [teacherId],
    );
    const teachers: { id_number_enc: Buffer; id_number_hash: string; name: string; org_path: string; profile_hash: string }[] = await manager.query(
      `SELECT t.id_number_enc, t.id_number_hash, t.name, t.org_path, ${profileHashOf('t')} AS profile_hash FROM teachers t WHERE t.id = ?`,
      [teacherId],
    );
    const [a] = accounts;
    const [t] = teachers;
    if (!a || !t) return null;
    return {
      teacherId,
      keycloakUserId: a.keycloak_user_id,
      synced: { usernameHash: a.username_hash, profileHash: a.profile_hash },
      teacher: { idNumberEnc: t.id_number_enc, idNumberHash: t.id_number_hash, name: t.name, orgPath: t.org_path, profileHash: t.profile_hash },
    };
  }

  /** The account's user now has the username made from the ID number with `usernameHash` and the profile with `profileHash`. */
  async recordSynced(manager: EntityManager, teacherId: string, synced: { usernameHash: string | null; profileHash: string }): Promise<void> {
    await manager.query('UPDATE teacher_accounts SET username_hash = ?, profile_hash = ? WHERE teacher_id = ?', [synced.usernameHash, synced.profileHash, teacherId]);
  }

  async keycloakUserId(manager: EntityManager, teacherId: string): Promise<string | null> {
    const rows: { keycloak_user_id: string | null }[] = await manager.query('SELECT keycloak_user_id FROM teacher_accounts WHERE teacher_id = ?', [teacherId]);
    return rows[0]?.keycloak_user_id ?? null;
  }

  async setNamePinyin(manager: EntityManager, teacherId: string, namePinyin: string | null): Promise<void> {
    await manager.query('UPDATE teachers SET name_pinyin = ? WHERE id = ?', [namePinyin, teacherId]);
  }
}
