import { randomUUID } from 'node:crypto';
import { adminLevel, type AdminRole, type Principal } from '@yanxiu/auth';
import { adminAccount as contract, Topics } from '@yanxiu/contracts';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { splitChineseName } from '../accounts/initial-password.js';
import { KeycloakError, type KeycloakAdmin } from '../accounts/keycloak-admin.js';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { pageQuery, type Page, type PageRequest } from '../listing/page.js';
import type { OrgRecord, OrgRepository } from '../orgs/org.repository.js';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { ADMIN_USERNAME, decideAdminAccount, maskPhone } from './admin-account-rules.js';
import { adminRoleToProto } from './admin-account.mapper.js';
import type { AdminAccountRecord, AdminAccountRepository } from './admin-account.repository.js';
import { generateAdminPassword } from './admin-password.js';

export interface CreateAdminAccountCommand {
  orgId: string;
  username: string;
  name: string;
  /** Empty when none is given. */
  phone: string;
}

/** An account with the initial password that was just set: shown to the caller once, stored nowhere. */
export interface IssuedAdminAccount {
  account: AdminAccountRecord;
  initialPassword: string;
}

function keycloakOrFail(keycloak: KeycloakAdmin | null): KeycloakAdmin {
  if (!keycloak) throw new IdentityError('accounts_unavailable', 'identity is not connected to Keycloak (KEYCLOAK_URL, KEYCLOAK_IDENTITY_CLIENT_SECRET)');
  return keycloak;
}

/** Removes a half-made user; if that fails too, the error names the user an operator has to delete. */
async function deleteOrReport(keycloak: KeycloakAdmin, userId: string, cause: unknown): Promise<void> {
  try {
    await keycloak.deleteUser(userId);
  } catch (cleanup) {
    throw new Error(`${String(cause)}; the Keycloak user ${userId} made for it could not be deleted: ${String(cleanup)}`, { cause });
  }
}

/** Refuses unless the caller is the admin one level above `org` (admin-account-rules.ts). */
function assertManages(principal: Principal, org: OrgRecord): AdminRole {
  const decision = decideAdminAccount(principal, org);
  if (!decision.allowed) throw new IdentityError(decision.reason, decision.message);
  return decision.role;
}

/**
 * An admin creates the account of an admin one level below: a Keycloak user with the role and the
 * org_path of the org, a generated initial password that must be changed at first login (the realm
 * policy then asks an admin for a complex one, ADR 0011), and the admin_accounts row with its event.
 *
 * Keycloak and the database are not one transaction. The user is created inside the database
 * transaction, before the row; when anything after it fails, or the commit does, the user is deleted
 * again, so there is never an account without its record. The password is never stored.
 */
export class CreateAdminAccountUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly admins: AdminAccountRepository,
    private readonly keycloak: KeycloakAdmin | null,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async execute(principal: Principal, command: CreateAdminAccountCommand): Promise<IssuedAdminAccount> {
    const username = command.username.trim();
    const name = command.name.trim();
    if (!ADMIN_USERNAME.test(username)) {
      throw new IdentityError('invalid_argument', 'username must be 4–32 lowercase letters, digits, dots, dashes or underscores, starting with a letter');
    }
    if (!name || name.length > 50) throw new IdentityError('invalid_argument', 'name must be 1–50 characters');
    if (command.phone && !/^1\d{10}$/.test(command.phone)) throw new IdentityError('invalid_argument', 'phone must be an 11-digit mobile number starting with 1');
    const keycloak = keycloakOrFail(this.keycloak);

    const created: { keycloakUserId?: string } = {};
    try {
      return await this.dataSource.transaction(async (manager) => {
        const org = await this.orgs.findById(manager, command.orgId);
        if (!org) throw new IdentityError('org_not_found', `org ${command.orgId} not found`);
        const role = assertManages(principal, org);
        if (await this.admins.usernameTaken(manager, username)) throw new IdentityError('admin_exists', `an admin account named ${username} already exists`);

        const initialPassword = generateAdminPassword();
        const keycloakUserId = await this.createUser(keycloak, { username, name, role, orgPath: org.path });
        created.keycloakUserId = keycloakUserId;
        await keycloak.resetPassword(keycloakUserId, initialPassword, true);

        const account: AdminAccountRecord = {
          id: randomUUID(),
          keycloakUserId,
          username,
          name,
          phoneEnc: command.phone ? this.cipher.encrypt(command.phone) : null,
          phoneMasked: command.phone ? maskPhone(command.phone) : null,
          role,
          orgId: org.id,
          orgPath: org.path,
          createdBySubject: principal.subject,
          createdByUsername: principal.username,
          createdAt: new Date(),
          passwordResetAt: null,
        };
        if (!(await this.admins.insert(manager, account))) throw new IdentityError('admin_exists', `an admin account named ${username} already exists`);
        await this.enqueueCreated(manager, account);
        return { account, initialPassword };
      });
    } catch (error) {
      if (created.keycloakUserId) await deleteOrReport(keycloak, created.keycloakUserId, error);
      throw error;
    }
  }

  /** The user first, then its role: the id is known before anything else can fail, so it can be cleaned up. */
  private async createUser(keycloak: KeycloakAdmin, user: { username: string; name: string; role: AdminRole; orgPath: string }): Promise<string> {
    const { surname, given } = splitChineseName(user.name);
    let id: string;
    try {
      id = await keycloak.createUser({
        username: user.username,
        enabled: true,
        lastName: surname,
        firstName: given,
        attributes: { org_path: [user.orgPath] },
        requiredActions: ['UPDATE_PASSWORD'],
      });
    } catch (error) {
      if (error instanceof KeycloakError && error.status === 409) throw new IdentityError('admin_exists', `the login name ${user.username} is already taken`);
      throw error;
    }
    try {
      // The role before the password: the admin password policy applies to admins only.
      await keycloak.addRealmRoles(id, [user.role]);
    } catch (error) {
      await deleteOrReport(keycloak, id, error);
      throw error;
    }
    return id;
  }

  private async enqueueCreated(manager: EntityManager, account: AdminAccountRecord): Promise<void> {
    const event: contract.AdminAccountCreated = {
      adminId: account.id,
      keycloakUserId: account.keycloakUserId,
      role: adminRoleToProto(account.role),
      orgId: account.orgId,
      orgPath: account.orgPath,
      createdAt: account.createdAt.toISOString(),
    };
    await enqueueEvents(manager, 'identity', [
      { topic: Topics.adminCreated, key: account.id, type: 'yanxiu.identity.v1.AdminAccountCreated', version: 1, subject: account.id, payload: contract.AdminAccountCreated.encode(event).finish() },
    ]);
  }
}

/**
 * A new initial password for an admin, by the admin who may create the account: for a forgotten
 * password or a leaked one (账户泄露). It ends the account's sessions and must be changed at the next
 * login. Keycloak is written first; if the row's update then fails, the password was still reset
 * and a second reset is harmless.
 */
export class ResetAdminPasswordUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly admins: AdminAccountRepository,
    private readonly keycloak: KeycloakAdmin | null,
  ) {}

  async execute(principal: Principal, adminId: string): Promise<IssuedAdminAccount> {
    if (!adminId) throw new IdentityError('invalid_argument', 'admin account id is required');
    const keycloak = keycloakOrFail(this.keycloak);
    return this.dataSource.transaction(async (manager) => {
      const account = await this.admins.findById(manager, adminId, { lock: true });
      if (!account) throw new IdentityError('admin_not_found', `admin account ${adminId} not found`);
      const org = await this.orgs.findById(manager, account.orgId);
      if (!org) throw new Error(`org ${account.orgId} of admin account ${account.id} vanished`);
      assertManages(principal, org);

      const initialPassword = generateAdminPassword();
      await keycloak.resetPassword(account.keycloakUserId, initialPassword, true);
      await keycloak.logout(account.keycloakUserId);
      const resetAt = new Date();
      await this.admins.markPasswordReset(manager, account.id, resetAt);
      const event: contract.AdminPasswordReset = { adminId: account.id, orgPath: account.orgPath, resetAt: resetAt.toISOString() };
      await enqueueEvents(manager, 'identity', [
        {
          topic: Topics.adminPasswordReset,
          key: account.id,
          type: 'yanxiu.identity.v1.AdminPasswordReset',
          version: 1,
          subject: account.id,
          payload: contract.AdminPasswordReset.encode(event).finish(),
        },
      ]);
      return { account: { ...account, passwordResetAt: resetAt }, initialPassword };
    });
  }
}

/** Admin accounts of the orgs below `orgId` (default: the caller's org), inside the caller's jurisdiction. */
export class ListAdminAccountsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly admins: AdminAccountRepository,
  ) {}

  async execute(principal: Principal, request: { orgId: string } & PageRequest): Promise<Page<AdminAccountRecord>> {
    if (!adminLevel(principal) || !principal.orgPath) throw new IdentityError('role_not_allowed', 'only admins list admin accounts');
    const query = pageQuery(request, [{ sql: 'a.org_path' }, { sql: 'a.username' }]);
    let rootPath = principal.orgPath;
    if (request.orgId) {
      const org = await this.orgs.findById(this.dataSource.manager, request.orgId);
      if (!org) throw new IdentityError('org_not_found', `org ${request.orgId} not found`);
      rootPath = org.path;
    }
    assertInJurisdiction(principal, rootPath);
    return this.admins.list(this.dataSource.manager, rootPath, query);
  }
}
