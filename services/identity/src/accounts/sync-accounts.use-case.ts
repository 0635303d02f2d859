import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import type { AccountRepository, AccountToSync } from './account.repository.js';
import { KeycloakError, type KeycloakAdmin } from './keycloak-admin.js';
import { teacherProfile, teacherUsername } from './teacher-account.js';

export interface SyncAccountsResult {
  /** Keycloak users changed by this run: renamed, given another unit or another name. */
  updated: number;
  /** Accounts whose user already showed the roster (a sync done before its record, or a record not known): recorded. */
  alreadyInSync: number;
  /** Accounts not (fully) synced, by teacher id and why (never the ID number itself). */
  failed: { teacherId: string; reason: string }[];
}

/** Page size of the sweep over accounts owing a sync. */
const PAGE = 200;

/** What one account's sync did; a username another user holds is reported beside it. */
type Outcome = { kind: 'updated' | 'already' | 'not_owed'; renameRefused?: KeycloakError };

/**
 * What became of a teacher's account right after a change that may owe it a sync, for the change's
 * answer: `not_needed` (nothing owed: no account yet, or it already shows the roster), `synced`, `owed`
 * (Keycloak failed, hung or refused: the provisioning job syncs it) or `username_taken` (by another
 * Keycloak user: unit and name synced, the username stays owed until an operator resolves it).
 */
export type AccountSyncOutcome = 'not_needed' | 'synced' | 'owed' | 'username_taken';

/** A refusal of this account's sync only; missing permissions or an unreachable, failing or hung Keycloak fail every account alike. */
function concernsOneAccount(error: unknown): error is KeycloakError {
  return error instanceof KeycloakError && error.status !== 401 && error.status !== 403 && error.status < 502;
}

/**
 * Makes teachers' Keycloak users follow the roster (ADR 0006, 0016): the username is the current ID
 * number, `org_path` the current unit (transfers), `lastName`/`firstName` the current name (corrections).
 * Driven by state, like provisioning: an account owes a sync while `teacher_accounts.username_hash` or
 * `profile_hash` differs from what the teacher row gives now, which the change itself made so in its
 * own transaction, so nothing can lose the sync: a run that fails (Keycloak down) leaves it owed for the
 * next. Idempotent: the user gets what the teacher has *now* (several changes give one update), and a
 * user that already shows it is only recorded. Each account is synced under its row lock, so two syncs of
 * one teacher (the change's own, the job's) queue and the later Keycloak write is the later record.
 * A username already taken by another Keycloak user is reported and nothing of that user is overwritten;
 * the unit and the name are synced all the same.
 */
export class SyncAccountsUseCase {
  private readonly logger = new Logger('SyncAccounts');

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly keycloak: KeycloakAdmin,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(options: { teacherIds?: string[] } = {}): Promise<SyncAccountsResult> {
    const result: SyncAccountsResult = { updated: 0, alreadyInSync: 0, failed: [] };
    let afterId = '';
    for (;;) {
      const owing = await this.accounts.findOwingSync(this.dataSource.manager, afterId, PAGE, options.teacherIds);
      if (owing.length === 0) return result;
      afterId = owing[owing.length - 1]!;
      // Transfers and corrections are single records: one account at a time keeps Keycloak's load flat.
      for (const teacherId of owing) {
        try {
          const outcome = await this.syncOne(teacherId);
          if (outcome.kind === 'updated') result.updated += 1;
          if (outcome.renameRefused) result.failed.push({ teacherId, reason: outcome.renameRefused.message });
          else if (outcome.kind === 'already') result.alreadyInSync += 1;
        } catch (error) {
          // Missing permissions or an unreachable or hung Keycloak fail every account alike: stop the run.
          if (!concernsOneAccount(error)) throw error;
          result.failed.push({ teacherId, reason: error.message });
        }
      }
    }
  }

  /**
   * Right after a change that owes a sync has committed (a corrected ID number or name, a transfer):
   * syncs that teacher's account now, which only saves the wait for the provisioning job. Never throws:
   * the change itself succeeded, and what fails here stays owed for the job.
   */
  async afterCommit(teacherId: string): Promise<AccountSyncOutcome> {
    try {
      const { kind, renameRefused } = await this.syncOne(teacherId);
      if (renameRefused) {
        this.logger.error(`account of teacher ${teacherId} not synced: ${renameRefused.message}`);
        return 'username_taken';
      }
      return kind === 'not_owed' ? 'not_needed' : 'synced';
    } catch (error) {
      if (!concernsOneAccount(error)) {
        this.logger.warn(`account of teacher ${teacherId} not synced now (the provisioning job will): ${error instanceof Error ? error.message : String(error)}`);
        return 'owed';
      }
      this.logger.error(`account of teacher ${teacherId} not synced: ${error.message}`);
      // 409: another user took the username between the look-up and the update.
      return error.status === 409 ? 'username_taken' : 'owed';
    }
  }

  private async syncOne(teacherId: string): Promise<Outcome> {
    // READ COMMITTED: the teacher row read after the account's lock is the latest committed one.
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const account = await this.accounts.lockForSync(manager, teacherId);
      if (!account || !owesSync(account)) return { kind: 'not_owed' };
      const { keycloakUserId, teacher } = account;
      if (!keycloakUserId) throw new KeycloakError(404, 'sync user', `teacher ${teacherId}: no Keycloak user id recorded for the account`);
      const user = await this.keycloak.getUser(keycloakUserId).catch((error: unknown) => {
        if (error instanceof KeycloakError && error.status === 404) throw new KeycloakError(404, 'sync user', `teacher ${teacherId}: Keycloak user ${keycloakUserId} no longer exists`);
        throw error;
      });

      const username = teacherUsername(this.cipher.decrypt(teacher.idNumberEnc));
      const holder = user.username === username ? null : await this.keycloak.findUserByUsername(username);
      const renameRefused = holder ? usernameTaken(teacherId, keycloakUserId, holder.id) : undefined;
      const profile = teacherProfile(teacher);
      const next = {
        ...user,
        username: renameRefused ? user.username : username,
        lastName: profile.lastName,
        firstName: profile.firstName,
        attributes: { ...user.attributes, org_path: [profile.orgPath] },
      };
      const changed =
        next.username !== user.username ||
        next.lastName !== (user.lastName ?? '') ||
        next.firstName !== (user.firstName ?? '') ||
        JSON.stringify(user.attributes?.org_path) !== JSON.stringify(next.attributes.org_path);
      if (changed) {
        try {
          await this.keycloak.updateUser(next);
        } catch (error) {
          // The username was taken between the look-up and the update: nothing was written; the next run syncs the rest.
          if (error instanceof KeycloakError && error.status === 409) throw usernameTaken(teacherId, keycloakUserId, 'another user');
          throw error;
        }
      }
      await this.accounts.recordSynced(manager, teacherId, {
        usernameHash: renameRefused ? account.synced.usernameHash : teacher.idNumberHash,
        profileHash: teacher.profileHash,
      });
      return { kind: changed ? 'updated' : 'already', ...(renameRefused ? { renameRefused } : {}) };
    });
  }
}

function owesSync(account: AccountToSync): boolean {
  return account.synced.usernameHash !== account.teacher.idNumberHash || account.synced.profileHash !== account.teacher.profileHash;
}

function usernameTaken(teacherId: string, userId: string, holder: string): KeycloakError {
  return new KeycloakError(
    409,
    'rename user',
    `teacher ${teacherId}: the corrected ID number is already the username of Keycloak user ${holder}; user ${userId} keeps its old username until an operator removes or renames that user`,
  );
}
