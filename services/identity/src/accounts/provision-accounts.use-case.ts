import type { DataSource } from 'typeorm';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { AccountRepository, type UnprovisionedTeacher } from './account.repository.js';
import { KeycloakError, type KeycloakAdmin, type UserRepresentation } from './keycloak-admin.js';
import { teacherUserForImport } from './teacher-account.js';

/** A teacher's user on its way into Keycloak, with the hashes of the ID number and the profile it was made from. */
interface ImportedTeacher {
  teacherId: string;
  usernameHash: string;
  profileHash: string;
  user: UserRepresentation;
}

export interface ProvisionAccountsOptions {
  /**
   * Users per partialImport request (one Keycloak transaction each). Small: Keycloak's cost per
   * user grows with the chunk (measured: 50 → ~290 users/s, 500 → ~27 users/s; bench/accounts).
   */
  chunkSize?: number;
  /** partialImport requests in flight at once. */
  concurrency?: number;
}

export interface ProvisionAccountsResult {
  /** Keycloak users created by this run. */
  created: number;
  /** Teachers whose user already existed in Keycloak (same username): recorded, not duplicated. */
  existing: number;
  failed: { teacherId: string; reason: string }[];
}

/**
 * Gives every teacher without one a Keycloak account, in bulk: chunks of users go through
 * Keycloak's partialImport with SKIP on existing usernames, then each chunk's teachers are
 * recorded in `teacher_accounts`. Idempotent: re-runs skip recorded teachers, and a crash between
 * the import and the record leaves users that the next run finds as SKIPPED. A chunk Keycloak
 * rejects is split until the bad users are isolated; they are reported, the others go through.
 * Departure and return don't touch accounts: a departed teacher keeps theirs.
 */
export class ProvisionAccountsUseCase {
  private readonly chunkSize: number;
  private readonly concurrency: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly keycloak: KeycloakAdmin,
    private readonly cipher: PersonalDataCipher,
    options: ProvisionAccountsOptions = {},
  ) {
    this.chunkSize = options.chunkSize ?? 50;
    this.concurrency = options.concurrency ?? 2;
  }

  async execute(options: { teacherIds?: string[] } = {}): Promise<ProvisionAccountsResult> {
    const result: ProvisionAccountsResult = { created: 0, existing: 0, failed: [] };
    let afterId = '';
    for (;;) {
      const teachers = await this.accounts.findUnprovisioned(this.dataSource.manager, afterId, this.chunkSize * this.concurrency, options.teacherIds);
      if (teachers.length === 0) return result;
      afterId = teachers[teachers.length - 1]!.id;
      const chunks = [];
      for (let i = 0; i < teachers.length; i += this.chunkSize) chunks.push(teachers.slice(i, i + this.chunkSize));
      await Promise.all(chunks.map((chunk) => this.provisionChunk(chunk, result)));
    }
  }

  private async provisionChunk(teachers: UnprovisionedTeacher[], result: ProvisionAccountsResult): Promise<void> {
    const users = new Map<string, ImportedTeacher>();
    for (const t of teachers) {
      try {
        const user = await teacherUserForImport({ idNumber: this.cipher.decrypt(t.idNumberEnc), name: t.name, namePinyin: t.namePinyin, orgPath: t.orgPath, teacherId: t.id });
        users.set(user.username, { teacherId: t.id, usernameHash: t.idNumberHash, profileHash: t.profileHash, user });
      } catch (error) {
        result.failed.push({ teacherId: t.id, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    await this.importSplitting([...users.values()], result);
  }

  private async importSplitting(batch: ImportedTeacher[], result: ProvisionAccountsResult): Promise<void> {
    if (batch.length === 0) return;
    let imported;
    try {
      imported = await this.keycloak.partialImportUsers(batch.map((b) => b.user));
    } catch (error) {
      // Missing permissions or an unreachable Keycloak fail every user alike: stop the run.
      if (!(error instanceof KeycloakError) || error.status === 401 || error.status === 403 || error.status >= 502) throw error;
      if (batch.length === 1) {
        result.failed.push({ teacherId: batch[0]!.teacherId, reason: error.message });
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await this.importSplitting(batch.slice(0, half), result);
      await this.importSplitting(batch.slice(half), result);
      return;
    }
    const byUsername = new Map(batch.map((b) => [b.user.username, b]));
    const recorded: { teacherId: string; keycloakUserId: string | null; usernameHash: string; profileHash: string | null }[] = [];
    for (const r of imported.results) {
      const teacher = r.resourceType === 'USER' ? byUsername.get(r.resourceName) : undefined;
      if (!teacher) continue;
      // A user Keycloak already had (a run that died before its record) may show an older unit or name:
      // recorded as not known, the sync compares it once.
      const profileHash = r.action === 'ADDED' ? teacher.profileHash : null;
      recorded.push({ teacherId: teacher.teacherId, keycloakUserId: r.id ?? null, usernameHash: teacher.usernameHash, profileHash });
      if (r.action === 'ADDED') result.created += 1;
      else result.existing += 1;
    }
    await this.accounts.markProvisioned(this.dataSource.manager, recorded);
  }
}
