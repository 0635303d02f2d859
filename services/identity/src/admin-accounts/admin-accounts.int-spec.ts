import { randomBytes } from 'node:crypto';
import type { Principal } from '@yanxiu/auth';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import type { DataSource, EntityManager } from 'typeorm';
import { browserLogin, passwordForm, signedIn } from '../../test/keycloak-login.js';
import { KeycloakAdmin, KeycloakError } from '../accounts/keycloak-admin.js';
import { prehashedPassword } from '../accounts/teacher-account.js';
import { identityMigrations } from '../identity.data-source.js';
import { IdentityError, type IdentityErrorCode } from '../identity.error.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import { OrgRepository } from '../orgs/org.repository.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { AdminAccountRepository, type AdminAccountRecord } from './admin-account.repository.js';
import { CreateAdminAccountUseCase, ListAdminAccountsUseCase, ResetAdminPasswordUseCase } from './admin-account.use-case.js';

const env = (key: string) => {
  const value = process.env[key];
  if (!value) throw new Error(`${key} missing from the stack env`);
  return value;
};
const principal = (role: Principal['roles'][number], orgPath: string): Principal => ({ subject: `sub-${role}`, username: role, roles: [role], orgPath, token: 't' });
const provinceAdmin = principal('province-admin', '/37');
const cityAdmin = principal('city-admin', '/37/3701');
const countyAdmin = principal('county-admin', '/37/3701/370102');
const otherCountyAdmin: Principal = { ...principal('county-admin', '/37/3701/370103'), username: 'other-county-admin' };

async function tokenRequest(form: Record<string, string>): Promise<{ status: number; error?: string; refreshToken?: string }> {
  const response = await fetch(`${env('KEYCLOAK_URL')}/realms/${env('KEYCLOAK_REALM')}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'yanxiu-dev-cli', ...form }),
  });
  const body = (await response.json()) as { error_description?: string; refresh_token?: string };
  return { status: response.status, ...(body.error_description ? { error: body.error_description } : {}), ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}) };
}

/** A real login of the dev CLI client with the password grant: status and Keycloak's error only. */
async function passwordGrant(username: string, password: string): Promise<{ status: number; error?: string }> {
  const { status, error } = await tokenRequest({ grant_type: 'password', username, password });
  return { status, ...(error ? { error } : {}) };
}

async function refusal(promise: Promise<unknown>): Promise<IdentityErrorCode> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IdentityError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('admin accounts in the real Keycloak and MariaDB', () => {
  // Usernames of this run only, so runs never meet each other's users.
  const run = randomBytes(3).toString('hex');
  const username = (name: string) => `t${run}-${name}`;
  let db: TestDatabase;
  let dataSource: DataSource;
  let keycloak: KeycloakAdmin;
  let create: CreateAdminAccountUseCase;
  let reset: ResetAdminPasswordUseCase;
  let list: ListAdminAccountsUseCase;
  const orgs = new OrgRepository();
  const admins = new AdminAccountRepository();
  const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
  let school: { id: string; path: string };
  let otherSchool: { id: string; path: string };
  let county: { id: string; path: string };

  beforeAll(async () => {
    keycloak = new KeycloakAdmin({ url: env('KEYCLOAK_URL'), realm: env('KEYCLOAK_REALM'), clientId: env('KEYCLOAK_IDENTITY_CLIENT_ID'), clientSecret: env('KEYCLOAK_IDENTITY_CLIENT_SECRET') });
    ({ db, dataSource } = await migratedTestDatabase('identity', identityMigrations));
    const createOrg = new CreateOrgUseCase(dataSource, orgs);
    await createOrg.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
    ]);
    county = await createOrg.execute(cityAdmin, { parentId: seededOrgId('/37/3701'), code: '370102', name: '历下区', level: 'county' });
    const otherCounty = await createOrg.execute(cityAdmin, { parentId: seededOrgId('/37/3701'), code: '370103', name: '市中区', level: 'county' });
    school = await createOrg.execute(countyAdmin, { parentId: county.id, code: 'S0001', name: '第一实验小学', level: 'school' });
    otherSchool = await createOrg.execute(otherCountyAdmin, { parentId: otherCounty.id, code: 'S0002', name: '市中区实验小学', level: 'school' });
    create = new CreateAdminAccountUseCase(dataSource, orgs, admins, keycloak, cipher);
    reset = new ResetAdminPasswordUseCase(dataSource, orgs, admins, keycloak);
    list = new ListAdminAccountsUseCase(dataSource, orgs, admins);
  });

  afterAll(async () => {
    if (keycloak) for (const id of await keycloak.userIdsWithPrefix(`t${run}-`)) await keycloak.deleteUser(id);
    await db?.drop();
  });

  const outbox = (topic: string) => dataSource.query<{ message_key: string }[]>('SELECT message_key FROM outbox WHERE topic = ?', [topic]);

  it('lets a county admin create the admin of a school in their county: a Keycloak user with role, org path and a password to change', async () => {
    const issued = await create.execute(countyAdmin, { orgId: school.id, username: username('s0001'), name: '王校长', phone: '13812345678' });
    expect(issued.account).toMatchObject({ username: username('s0001'), role: 'school-admin', orgId: school.id, orgPath: school.path, phoneMasked: '138****5678', createdByUsername: 'county-admin' });
    expect(cipher.decrypt(issued.account.phoneEnc!)).toBe('13812345678');
    expect(issued.initialPassword).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z\d]).{16}$/);
    expect(await outbox('identity.admin.created.v1')).toEqual([expect.objectContaining({ message_key: issued.account.id })]);

    const user = (await keycloak.findUserByUsername(username('s0001')))!;
    expect(user.id).toBe(issued.account.keycloakUserId);
    expect(user.attributes?.org_path).toEqual([school.path]);
    expect(user.requiredActions).toEqual(['UPDATE_PASSWORD']);
    expect(await passwordGrant(username('s0001'), issued.initialPassword)).toEqual({ status: 400, error: 'Account is not fully set up' });

    // First login: Keycloak asks for a new password and holds the admin to the complex rules (ADR 0011).
    const asked = passwordForm(await browserLogin(env('KEYCLOAK_URL'), env('KEYCLOAK_REALM'), username('s0001'), issued.initialPassword));
    const lowercase = passwordForm(await asked.submit('pingshuyanyi'));
    expect(lowercase.message).toMatch(/upper case/);
    const short = passwordForm(await lowercase.submit('Ab3$efgh'));
    expect(short.message).toMatch(/minimum length 10/);
    const noSpecial = passwordForm(await short.submit('Abcdefgh1234'));
    expect(noSpecial.message).toMatch(/special/);
    const { claims } = signedIn(await noSpecial.submit('Lixia-School-2026'));
    expect(claims.roles).toEqual(expect.arrayContaining(['school-admin']));
    expect(claims.org_path).toBe(school.path);
    expect(claims.preferred_username).toBe(username('s0001'));
  });

  it('keeps weak passwords away from admins on every path Keycloak sets one, and only from admins', async () => {
    const issued = await create.execute(countyAdmin, { orgId: school.id, username: username('weak'), name: '李四', phone: '' });
    const weak = await keycloak.resetPassword(issued.account.keycloakUserId, 'lowercaseonly1', false).then(
      () => null,
      (error: unknown) => error,
    );
    expect(weak).toBeInstanceOf(KeycloakError);
    expect((weak as KeycloakError).status).toBe(400);
    expect((weak as KeycloakError).body).toContain('invalidPasswordMinUpperCaseCharsMessage');

    // The same password is fine for a teacher.
    const teacherId = await keycloak.createUser({ username: username('teacher-weak'), enabled: true, attributes: { org_path: [school.path] }, realmRoles: ['teacher'] });
    await keycloak.resetPassword(teacherId, 'lowercaseonly1', false);
    expect(await passwordGrant(username('teacher-weak'), 'lowercaseonly1')).toEqual({ status: 200 });
  });

  it('forces an admin whose password is older than the realm allows (adminPasswordMaxAge 90 days) to change it, never a teacher', async () => {
    const setDaysAgo = async (password: string, days: number) => ({ ...(await prehashedPassword(password)), createdDate: Date.now() - days * 24 * 3600 * 1000 });
    await keycloak.partialImportUsers([
      { username: username('old-admin'), enabled: true, attributes: { org_path: [county.path] }, realmRoles: ['county-admin'], credentials: [await setDaysAgo('Old-Admin-2025!', 91)] },
      { username: username('new-admin'), enabled: true, attributes: { org_path: [county.path] }, realmRoles: ['county-admin'], credentials: [await setDaysAgo('New-Admin-2026!', 89)] },
      { username: username('old-teacher'), enabled: true, attributes: { org_path: [school.path] }, realmRoles: ['teacher'], credentials: [await setDaysAgo('oldteacher2025', 400)] },
    ]);

    expect(await passwordGrant(username('old-teacher'), 'oldteacher2025')).toEqual({ status: 200 });
    expect(await passwordGrant(username('new-admin'), 'New-Admin-2026!')).toEqual({ status: 200 });
    expect(await passwordGrant(username('old-admin'), 'Old-Admin-2025!')).toEqual({ status: 400, error: 'Account is not fully set up' });

    const asked = passwordForm(await browserLogin(env('KEYCLOAK_URL'), env('KEYCLOAK_REALM'), username('old-admin'), 'Old-Admin-2025!'));
    const reused = passwordForm(await asked.submit('Old-Admin-2025!'));
    expect(reused.message).toMatch(/last 3 passwords/);
    const { claims } = signedIn(await reused.submit('Renewed-Admin-2026!'));
    expect(claims.roles).toEqual(expect.arrayContaining(['county-admin']));
    // The new password starts a new period.
    expect(await passwordGrant(username('old-admin'), 'Renewed-Admin-2026!')).toEqual({ status: 200 });
  });

  it('lets only the admin one level up create an account, directly under their own org', async () => {
    const attempts: [Principal, string, IdentityErrorCode][] = [
      [cityAdmin, school.id, 'role_not_allowed'], // schools' admins are the county's to create
      [provinceAdmin, school.id, 'role_not_allowed'],
      [otherCountyAdmin, school.id, 'out_of_jurisdiction'],
      [countyAdmin, otherSchool.id, 'out_of_jurisdiction'],
      [countyAdmin, county.id, 'role_not_allowed'], // not their own level
      [principal('school-admin', school.path), school.id, 'role_not_allowed'],
      [principal('teacher', school.path), school.id, 'role_not_allowed'],
      [cityAdmin, seededOrgId('/37'), 'role_not_allowed'], // province admins come from operations
    ];
    for (const [who, orgId, code] of attempts) {
      expect(await refusal(create.execute(who, { orgId, username: username('refused'), name: '张三', phone: '' }))).toBe(code);
    }
    expect(await keycloak.findUserByUsername(username('refused'))).toBeNull();

    const countyAccount = await create.execute(cityAdmin, { orgId: county.id, username: username('lixia'), name: '历下管理员', phone: '' });
    expect(countyAccount.account.role).toBe('county-admin');
    const cityAccount = await create.execute(provinceAdmin, { orgId: seededOrgId('/37/3701'), username: username('jinan'), name: '济南管理员', phone: '' });
    expect(cityAccount.account.role).toBe('city-admin');
  });

  it('refuses bad input and taken names, leaving neither a row nor a Keycloak user', async () => {
    const bad: [Partial<Parameters<CreateAdminAccountUseCase['execute']>[1]>, RegExp][] = [
      [{ username: 'ab' }, /4–32 lowercase/],
      [{ username: '370102198807120016' }, /starting with a letter/],
      [{ username: username('UPPER') }, /lowercase/],
      [{ name: ' ' }, /name must be/],
      [{ phone: '12345' }, /11-digit/],
    ];
    for (const [change, message] of bad) {
      await expect(create.execute(countyAdmin, { orgId: school.id, username: username('bad'), name: '赵六', phone: '', ...change })).rejects.toThrow(message);
    }
    // A name Keycloak already has (a demo user): refused by Keycloak, nothing recorded.
    expect(await refusal(create.execute(provinceAdmin, { orgId: seededOrgId('/37/3701'), username: 'city-admin', name: '重名', phone: '' }))).toBe('admin_exists');
    expect(await admins.usernameTaken(dataSource.manager, 'city-admin')).toBe(false);
    await create.execute(countyAdmin, { orgId: school.id, username: username('twice'), name: '赵六', phone: '' });
    expect(await refusal(create.execute(countyAdmin, { orgId: school.id, username: username('twice'), name: '赵六', phone: '' }))).toBe('admin_exists');
  });

  it('deletes the Keycloak user again when the row cannot be written', async () => {
    class FailingInsert extends AdminAccountRepository {
      override insert(_manager: EntityManager, _account: AdminAccountRecord): Promise<boolean> {
        return Promise.reject(new Error('the database refused the row'));
      }
    }
    const failing = new CreateAdminAccountUseCase(dataSource, orgs, new FailingInsert(), keycloak, cipher);
    await expect(failing.execute(countyAdmin, { orgId: school.id, username: username('orphan'), name: '孤儿', phone: '' })).rejects.toThrow('the database refused the row');
    expect(await keycloak.findUserByUsername(username('orphan'))).toBeNull();
    expect(await admins.usernameTaken(dataSource.manager, username('orphan'))).toBe(false);
  });

  it('resets a password by the same admin only: a new initial password, the old one and its sessions gone', async () => {
    const issued = await create.execute(countyAdmin, { orgId: school.id, username: username('reset'), name: '钱七', phone: '' });
    signedIn(await passwordForm(await browserLogin(env('KEYCLOAK_URL'), env('KEYCLOAK_REALM'), username('reset'), issued.initialPassword)).submit('Chosen-Secret-2026'));
    const session = await tokenRequest({ grant_type: 'password', username: username('reset'), password: 'Chosen-Secret-2026' });
    expect(session.status).toBe(200);

    expect(await refusal(reset.execute(otherCountyAdmin, issued.account.id))).toBe('out_of_jurisdiction');
    expect(await refusal(reset.execute(cityAdmin, issued.account.id))).toBe('role_not_allowed');
    expect(await refusal(reset.execute(countyAdmin, '00000000-0000-0000-0000-000000000000'))).toBe('admin_not_found');

    const renewed = await reset.execute(countyAdmin, issued.account.id);
    expect(renewed.initialPassword).not.toBe(issued.initialPassword);
    expect(renewed.account.passwordResetAt).toBeInstanceOf(Date);
    expect(await passwordGrant(username('reset'), 'Chosen-Secret-2026')).toEqual({ status: 401, error: 'Invalid user credentials' });
    expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refreshToken ?? '' })).toMatchObject({ status: 400, error: 'Session not active' });
    expect(await passwordGrant(username('reset'), renewed.initialPassword)).toEqual({ status: 400, error: 'Account is not fully set up' });
    expect(await outbox('identity.admin.password-reset.v1')).toEqual([expect.objectContaining({ message_key: issued.account.id })]);
  });

  it('lists the accounts of the caller’s subtree only', async () => {
    const mine = await list.execute(countyAdmin, { orgId: '', pageSize: 0, pageToken: '' });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((a) => a.orgPath.startsWith(`${county.path}`))).toBe(true);
    expect(mine.total).toBe(mine.items.length);

    const theirs = await list.execute(otherCountyAdmin, { orgId: '', pageSize: 0, pageToken: '' });
    expect(theirs.items).toEqual([]);
    expect(await refusal(list.execute(otherCountyAdmin, { orgId: school.id, pageSize: 0, pageToken: '' }))).toBe('out_of_jurisdiction');
    expect(await refusal(list.execute(principal('teacher', school.path), { orgId: '', pageSize: 0, pageToken: '' }))).toBe('role_not_allowed');

    // Pages of one walk the whole list in order, without repeats.
    const all = await list.execute(provinceAdmin, { orgId: '', pageSize: 500, pageToken: '' });
    const walked: string[] = [];
    let token = '';
    do {
      const page = await list.execute(provinceAdmin, { orgId: '', pageSize: 1, pageToken: token });
      walked.push(...page.items.map((a) => a.id));
      token = page.nextPageToken;
    } while (token);
    expect(walked).toEqual(all.items.map((a) => a.id));
  });
});
