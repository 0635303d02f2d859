import type { DataSource } from 'typeorm';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import type { AccountRepository, StaleAccount } from './account.repository.js';
import { KeycloakError, type KeycloakAdmin } from './keycloak-admin.js';
import { teacherUsername } from './teacher-account.js';

export interface RenameAccountsResult {
  /** Keycloak users given the teacher's current ID number as username by this run. */
  renamed: number;
  /** Accounts whose username already was the current ID number (a rename done before its record): recorded. */
  alreadyRenamed: number;
  /** Accounts left as they are, by teacher id and why (never the ID number itself). */
  failed: { teacherId: string; reason: string }[];
}

/** Page size of the sweep over stale accounts. */
const PAGE = 200;

/**
 * Makes teachers' Keycloak usernames follow corrected ID numbers (username = ID number, ADR 0006).
 * Driven by state, like provisioning: an account is stale while `teacher_accounts.username_hash`
 * differs from the teacher's `id_number_hash`, which the correction changed in its own transaction,
 * so nothing can lose the rename: a run that fails (Keycloak down) leaves the account stale for the
 * next. Idempotent: the user is renamed to the ID number the teacher has *now* (several corrections
 * give one rename), and a user that already has it is only recorded, so a retry never renames twice.
 * A username already taken by another Keycloak user is reported and nothing is overwritten.
 */
export class RenameAccountsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly keycloak: KeycloakAdmin,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(options: { teacherIds?: string[] } = {}): Promise<RenameAccountsResult> {
    const result: RenameAccountsResult = { renamed: 0, alreadyRenamed: 0, failed: [] };
    let afterId = '';
    for (;;) {
      const stale = await this.accounts.findStale(this.dataSource.manager, afterId, PAGE, options.teacherIds);
      if (stale.length === 0) return result;
      afterId = stale[stale.length - 1]!.teacherId;
      // Renames are rare (corrections of single records): one at a time keeps Keycloak's load flat.
      for (const account of stale) {
        try {
          const outcome = await this.rename(account);
          if (outcome === 'renamed') result.renamed += 1;
          else result.alreadyRenamed += 1;
        } catch (error) {
          // Missing permissions or an unreachable Keycloak fail every account alike: stop the run.
          if (!(error instanceof KeycloakError) || error.status === 401 || error.status === 403 || error.status >= 502) throw error;
          result.failed.push({ teacherId: account.teacherId, reason: error.message });
        }
      }
    }
  }

  private async rename(account: StaleAccount): Promise<'renamed' | 'already'> {
    const { teacherId, keycloakUserId } = account;
    if (!keycloakUserId) throw new KeycloakError(404, 'rename user', `teacher ${teacherId}: no Keycloak user id recorded for the account`);
    const username = teacherUsername(this.cipher.decrypt(account.idNumberEnc));
    const user = await this.keycloak.getUser(keycloakUserId).catch((error: unknown) => {
      if (error instanceof KeycloakError && error.status === 404) throw new KeycloakError(404, 'rename user', `teacher ${teacherId}: Keycloak user ${keycloakUserId} no longer exists`);
      throw error;
    });
    let outcome: 'renamed' | 'already' = 'already';
    if (user.username !== username) {
      const holder = await this.keycloak.findUserByUsername(username);
      if (holder) throw usernameTaken(teacherId, keycloakUserId, holder.id);
      try {
        await this.keycloak.renameUser(keycloakUserId, username);
      } catch (error) {
        // Taken between the look-up and the update.
        if (error instanceof KeycloakError && error.status === 409) throw usernameTaken(teacherId, keycloakUserId, 'another user');
        throw error;
      }
      outcome = 'renamed';
    }
    await this.accounts.recordUsername(this.dataSource.manager, teacherId, account.idNumberHash);
    return outcome;
  }
}

function usernameTaken(teacherId: string, userId: string, holder: string): KeycloakError {
  return new KeycloakError(
    409,
    'rename user',
    `teacher ${teacherId}: the corrected ID number is already the username of Keycloak user ${holder}; user ${userId} keeps its old username until an operator removes or renames that user`,
  );
}
