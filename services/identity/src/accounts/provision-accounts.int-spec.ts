import { randomBytes, randomInt } from 'node:crypto';
import type { Principal } from '@yanxiu/auth';
import { createDataSource, createTestDatabase, runMigrations, type TestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import { OrgRepository } from '../orgs/org.repository.js';
import { CreateTeacherUseCase } from '../teachers/create-teacher.use-case.js';
import { checkCharacter } from '../teachers/id-number.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { RosterRepository } from '../teachers/roster.repository.js';
import { TeacherRepository } from '../teachers/teacher.repository.js';
import { UpdateTeacherUseCase } from '../teachers/update-teacher.use-case.js';
import { AccountRepository } from './account.repository.js';
import { KeycloakAdmin } from './keycloak-admin.js';
import { ProvisionAccountsUseCase } from './provision-accounts.use-case.js';
import { RenameAccountsUseCase } from './rename-accounts.use-case.js';
import { browserLogin, passwordForm, signedIn } from '../../test/keycloak-login.js';

const env = (key: string) => {
  const value = process.env[key];
  if (!value) throw new Error(`${key} missing from the stack env`);
  return value;
};
const cityAdmin: Principal = { subject: 'u1', username: 'city-admin', roles: ['city-admin'], orgPath: '/37/3701', token: 't' };
/** A valid, random ID number (a fresh one each run, so runs never share a Keycloak user). */
const randomIdNumber = () => {
  const first17 = `370102${1970 + randomInt(30)}${String(1 + randomInt(12)).padStart(2, '0')}${String(1 + randomInt(28)).padStart(2, '0')}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

/** A real login of the dev CLI client with the password grant. */
async function login(username: string, password: string): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${env('KEYCLOAK_URL')}/realms/${env('KEYCLOAK_REALM')}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'yanxiu-dev-cli', username, password }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** A token of the identity service account, for admin API reads the client has no method for. */
async function serviceAccountToken(): Promise<string> {
  const response = await fetch(`${env('KEYCLOAK_URL')}/realms/${env('KEYCLOAK_REALM')}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: env('KEYCLOAK_IDENTITY_CLIENT_ID'), client_secret: env('KEYCLOAK_IDENTITY_CLIENT_SECRET') }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('teacher accounts in the real Keycloak', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let keycloak: KeycloakAdmin;
  let provision: ProvisionAccountsUseCase;
  let createTeacher: CreateTeacherUseCase;
  let renames: RenameAccountsUseCase;
  /** Corrections that rename the account right after they commit. */
  let correct: UpdateTeacherUseCase;
  /** Corrections while Keycloak is unreachable (nothing listens on port 9 here). */
  let correctDuringOutage: UpdateTeacherUseCase;
  /** Keycloak users made by a test itself, not through teacher_accounts. */
  const otherUsers: string[] = [];
  const accounts = new AccountRepository();
  const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
  const schoolPath = '/37/3701/370102/S0001';
  let schoolId: string;

  beforeAll(async () => {
    keycloak = new KeycloakAdmin({ url: env('KEYCLOAK_URL'), realm: env('KEYCLOAK_REALM'), clientId: env('KEYCLOAK_IDENTITY_CLIENT_ID'), clientSecret: env('KEYCLOAK_IDENTITY_CLIENT_SECRET') });
    db = await createTestDatabase('identity');
    dataSource = await createDataSource({ ...db.options, migrations: identityMigrations }).initialize();
    await runMigrations(dataSource);
    const orgs = new CreateOrgUseCase(dataSource, new OrgRepository());
    await orgs.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
    ]);
    const county = await orgs.execute(cityAdmin, { parentId: seededOrgId('/37/3701'), code: '370102', name: '历下区', level: 'county' });
    schoolId = (await orgs.execute(cityAdmin, { parentId: county.id, code: 'S0001', name: '第一实验小学', level: 'school' })).id;
    createTeacher = new CreateTeacherUseCase(dataSource, new OrgRepository(), new TeacherRepository(), cipher);
    provision = new ProvisionAccountsUseCase(dataSource, accounts, keycloak, cipher, { chunkSize: 2 });
    renames = new RenameAccountsUseCase(dataSource, accounts, keycloak, cipher);
    correct = new UpdateTeacherUseCase(dataSource, new RosterRepository(), cipher, renames);
    const unreachable = new KeycloakAdmin({ url: 'http://127.0.0.1:9', realm: env('KEYCLOAK_REALM'), clientId: 'x', clientSecret: 'x' });
    correctDuringOutage = new UpdateTeacherUseCase(dataSource, new RosterRepository(), cipher, new RenameAccountsUseCase(dataSource, accounts, unreachable, cipher));
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) {
      const rows = await dataSource.query<{ keycloak_user_id: string | null }[]>('SELECT keycloak_user_id FROM teacher_accounts');
      for (const r of rows) if (r.keycloak_user_id) await keycloak.deleteUser(r.keycloak_user_id);
      for (const id of otherUsers) await keycloak.deleteUser(id);
      await dataSource.destroy();
    }
    await db?.drop();
  });

  const addTeacher = (name: string, idNumber = randomIdNumber()) =>
    createTeacher.execute(cityAdmin, { orgId: schoolId, name, idNumber, gender: 'male', stage: 'primary', subject: '语文', title: '', phone: '' }).then((t) => ({ ...t, idNumber }));

  it('provisions a teacher whose first login with the pinyin of the name forces a password change; the token carries roles and org path', async () => {
    const teacher = await addTeacher('单田芳');
    expect(await provision.execute()).toEqual({ created: 1, existing: 0, failed: [] });

    // The password grant can't complete a required action: it only says the account is not ready.
    const first = await login(teacher.idNumber, 'shantianfang');
    expect(first.status).toBe(400);
    expect(first.body).toMatchObject({ error: 'invalid_grant', error_description: 'Account is not fully set up' });
    expect((await login(teacher.idNumber, 'dantianfang')).body.error_description).toBe('Invalid user credentials');

    // Keycloak's own pages, as the frontend's browser login sees them.
    const asked = passwordForm(await browserLogin(env('KEYCLOAK_URL'), env('KEYCLOAK_REALM'), teacher.idNumber, 'shantianfang'));
    expect(asked.message).toBe('You need to change your password to activate your account.');
    // Keeping the pinyin is not a change (password history), and a teacher's new password needs 8 characters.
    const kept = passwordForm(await asked.submit('shantianfang'));
    expect(kept.message).toMatch(/last 3 passwords/);
    const short = passwordForm(await kept.submit('tianfa'));
    expect(short.message).toMatch(/minimum length 8/);
    // Lowercase letters only would be refused for an admin (ADR 0011); teachers keep the gentler rules.
    const { claims } = signedIn(await short.submit('pingshuyanyi'));
    expect(claims.roles).toEqual(expect.arrayContaining(['teacher']));
    expect(claims.org_path).toBe(schoolPath);
    expect(claims.preferred_username).toBe(teacher.idNumber.toLowerCase());

    expect((await login(teacher.idNumber, 'pingshuyanyi')).status).toBe(200);
    expect((await login(teacher.idNumber, 'shantianfang')).body.error_description).toBe('Invalid user credentials');
  });

  it('uses the reading an admin recorded for the name', async () => {
    const teacher = await addTeacher('覃海');
    await accounts.setNamePinyin(dataSource.manager, teacher.id, 'tanhai');
    expect(await provision.execute({ teacherIds: [teacher.id] })).toMatchObject({ created: 1, failed: [] });
    expect((await login(teacher.idNumber, 'tanhai')).body.error_description).toBe('Account is not fully set up');
  });

  it('is idempotent: re-runs, and a run that crashed before recording, create no second user', async () => {
    const teachers = await Promise.all(['曾重阳', '吕律', '查良镛'].map((name) => addTeacher(name)));
    expect(await provision.execute()).toEqual({ created: 3, existing: 0, failed: [] });
    expect(await provision.execute()).toEqual({ created: 0, existing: 0, failed: [] });

    // Lose the local record of one teacher, as if the job died between Keycloak and the database.
    await dataSource.query('DELETE FROM teacher_accounts WHERE teacher_id = ?', [teachers[0]!.id]);
    expect(await provision.execute()).toEqual({ created: 0, existing: 1, failed: [] });
    for (const t of teachers) expect(await keycloak.userIdsWithPrefix(t.idNumber)).toHaveLength(1);
    expect(await accounts.keycloakUserId(dataSource.manager, teachers[0]!.id)).toBeTruthy();
  });

  it('moves an account to another unit by its org_path only (transfers)', async () => {
    const teacher = await addTeacher('乐嘉');
    await provision.execute({ teacherIds: [teacher.id] });
    await keycloak.updateOrgPath(teacher.idNumber, '/37/3701/370102/S0002');
    const user = (await keycloak.findUserByUsername(teacher.idNumber))!;
    expect(user.attributes?.org_path).toEqual(['/37/3701/370102/S0002']);
    expect(user.lastName).toBe('乐');
    expect(user.requiredActions).toEqual(['UPDATE_PASSWORD']);
    expect(user.enabled).toBe(true);
  });

  describe('a corrected ID number', () => {
    const provisioned = async (name: string) => {
      const teacher = await addTeacher(name);
      await provision.execute({ teacherIds: [teacher.id] });
      // Provisioning records which ID number the username was made from: nothing is owed yet.
      expect(await accounts.findStale(dataSource.manager, '', 10, [teacher.id])).toEqual([]);
      const user = (await keycloak.findUserByUsername(teacher.idNumber))!;
      return { ...teacher, userId: user.id };
    };

    it('renames the same Keycloak user: its password, required action and attributes stay, and the new number logs in', async () => {
      const teacher = await provisioned('孟浩然');
      const newIdNumber = randomIdNumber();
      await correct.execute(cityAdmin, { id: teacher.id, idNumber: newIdNumber });

      const user = await keycloak.findUserByUsername(newIdNumber);
      expect(user?.id).toBe(teacher.userId);
      expect(await keycloak.findUserByUsername(teacher.idNumber)).toBeNull();
      expect(user).toMatchObject({ lastName: '孟', firstName: '浩然', enabled: true, requiredActions: ['UPDATE_PASSWORD'] });
      expect(user?.attributes).toMatchObject({ org_path: [schoolPath], teacher_id: [teacher.id] });
      expect(await accounts.findStale(dataSource.manager, '', 10, [teacher.id])).toEqual([]);

      // The old number is no login any more; the new one logs in with the same initial password.
      expect((await login(teacher.idNumber, 'menghaoran')).body.error_description).toBe('Invalid user credentials');
      const asked = passwordForm(await browserLogin(env('KEYCLOAK_URL'), env('KEYCLOAK_REALM'), newIdNumber, 'menghaoran'));
      const { claims } = signedIn(await asked.submit('chunmianbujuexiao'));
      expect(claims).toMatchObject({ preferred_username: newIdNumber.toLowerCase(), teacher_id: teacher.id, org_path: schoolPath, sub: teacher.userId });

      // The realm lets admins rename (editUsernameAllowed); its user profile keeps the username
      // read-only for the user (account console, update-profile pages).
      const profile = (await (await fetch(`${env('KEYCLOAK_URL')}/admin/realms/${env('KEYCLOAK_REALM')}/users/profile`, { headers: { authorization: `Bearer ${await serviceAccountToken()}` } })).json()) as {
        attributes: { name: string; permissions: { edit: string[] } }[];
      };
      expect(profile.attributes.find((a) => a.name === 'username')?.permissions.edit).toEqual(['admin']);
    });

    it('is renamed by the next run when Keycloak was down at the correction, once, to the latest number', async () => {
      const teacher = await provisioned('岳飞');
      const [first, latest] = [randomIdNumber(), randomIdNumber()];
      await correctDuringOutage.execute(cityAdmin, { id: teacher.id, idNumber: first });
      await correctDuringOutage.execute(cityAdmin, { id: teacher.id, idNumber: latest });
      // Both corrections committed; the account still has the original number and is owed a rename.
      expect((await keycloak.findUserByUsername(teacher.idNumber))?.id).toBe(teacher.userId);
      expect(await accounts.findStale(dataSource.manager, '', 10, [teacher.id])).toHaveLength(1);

      expect(await renames.execute()).toEqual({ renamed: 1, alreadyRenamed: 0, failed: [] });
      expect((await keycloak.findUserByUsername(latest))?.id).toBe(teacher.userId);
      expect(await keycloak.findUserByUsername(first)).toBeNull();
      expect(await keycloak.findUserByUsername(teacher.idNumber)).toBeNull();
      expect(await renames.execute()).toEqual({ renamed: 0, alreadyRenamed: 0, failed: [] });

      // A run that died after Keycloak but before its record (or an account of before the record
      // existed): the user already has the number, so it is only recorded.
      await dataSource.query('UPDATE teacher_accounts SET username_hash = NULL WHERE teacher_id = ?', [teacher.id]);
      expect(await renames.execute({ teacherIds: [teacher.id] })).toEqual({ renamed: 0, alreadyRenamed: 1, failed: [] });
      expect(await keycloak.userIdsWithPrefix(latest)).toEqual([teacher.userId]);
    });

    it('taken by another Keycloak user is reported and overwrites nothing', async () => {
      const teacher = await provisioned('柳宗元');
      const newIdNumber = randomIdNumber();
      const holder = await keycloak.createUser({ username: newIdNumber.toLowerCase(), enabled: true, lastName: '别人' });
      otherUsers.push(holder);

      // The correction itself stands; the rename is refused and stays owed.
      await expect(correct.execute(cityAdmin, { id: teacher.id, idNumber: newIdNumber })).resolves.toMatchObject({ id: teacher.id });
      const result = await renames.execute({ teacherIds: [teacher.id] });
      expect(result).toMatchObject({ renamed: 0, alreadyRenamed: 0, failed: [{ teacherId: teacher.id }] });
      expect(result.failed[0]!.reason).toContain(`already the username of Keycloak user ${holder}; user ${teacher.userId} keeps its old username`);
      expect(result.failed[0]!.reason).not.toContain(newIdNumber);
      expect((await keycloak.findUserByUsername(teacher.idNumber))?.id).toBe(teacher.userId);
      expect(await keycloak.getUser(holder)).toMatchObject({ username: newIdNumber.toLowerCase(), lastName: '别人' });

      // Once an operator removed the other user, the next run renames.
      await keycloak.deleteUser(holder);
      expect(await renames.execute({ teacherIds: [teacher.id] })).toEqual({ renamed: 1, alreadyRenamed: 0, failed: [] });
      expect((await keycloak.findUserByUsername(newIdNumber))?.id).toBe(teacher.userId);
    });
  });
});
