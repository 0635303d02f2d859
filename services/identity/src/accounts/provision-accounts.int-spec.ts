import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminRole, Principal } from '@yanxiu/auth';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { identityMigrations } from '../identity.data-source.js';
import { AddTeacherAccountProfileHash1796300000200 } from '../migrations/1796300000200-AddTeacherAccountProfileHash.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import { OrgRepository } from '../orgs/org.repository.js';
import { CreateTeacherUseCase } from '../teachers/create-teacher.use-case.js';
import { checkCharacter } from '../teachers/id-number.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { RosterRepository } from '../teachers/roster.repository.js';
import { TeacherRepository } from '../teachers/teacher.repository.js';
import { UpdateTeacherUseCase } from '../teachers/update-teacher.use-case.js';
import { DepartTeacherUseCase, type TransferTeacherUseCase } from '../transfers/transfer-teacher.use-case.js';
import { transferTeacherUseCase } from '../transfers/transfer.spec-helper.js';
import { TransferRepository } from '../transfers/transfer.repository.js';
import { AccountRepository } from './account.repository.js';
import { KeycloakAdmin } from './keycloak-admin.js';
import { ProvisionAccountsUseCase } from './provision-accounts.use-case.js';
import { SyncAccountsUseCase } from './sync-accounts.use-case.js';
import { browserLogin, passwordForm, signedIn } from '../../test/keycloak-login.js';

const env = (key: string) => {
  const value = process.env[key];
  if (!value) throw new Error(`${key} missing from the stack env`);
  return value;
};
const admin = (role: AdminRole, orgPath: string): Principal => ({ subject: `sub-${role}-${orgPath}`, username: role, roles: [role], orgPath, token: 't' });
const cityAdmin = admin('city-admin', '/37/3701');
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
  let sync: SyncAccountsUseCase;
  /** Corrections and transfers that sync the account right after they commit. */
  let correct: UpdateTeacherUseCase;
  let transfer: TransferTeacherUseCase;
  /** The same while Keycloak is unreachable (nothing listens on port 9 here). */
  let correctDuringOutage: UpdateTeacherUseCase;
  let transferDuringOutage: TransferTeacherUseCase;
  /** The same while Keycloak hangs: a local socket that accepts and never answers, and a client that waits 500 ms. */
  let hungKeycloak: Server;
  let correctDuringHang: UpdateTeacherUseCase;
  let transferDuringHang: TransferTeacherUseCase;
  let depart: DepartTeacherUseCase;
  /** Keycloak users made by a test itself, not through teacher_accounts. */
  const otherUsers: string[] = [];
  const accounts = new AccountRepository();
  const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
  const schoolPath = '/37/3701/370102/S0001';
  let schoolId: string;
  /** Other units, by code: S0002 in the same county, S0003 in another county of 济南, S0004 in 青岛. */
  const units: Record<string, { id: string; path: string }> = {};

  beforeAll(async () => {
    keycloak = new KeycloakAdmin({ url: env('KEYCLOAK_URL'), realm: env('KEYCLOAK_REALM'), clientId: env('KEYCLOAK_IDENTITY_CLIENT_ID'), clientSecret: env('KEYCLOAK_IDENTITY_CLIENT_SECRET') });
    ({ db, dataSource } = await migratedTestDatabase('identity', identityMigrations));
    const orgs = new CreateOrgUseCase(dataSource, new OrgRepository());
    await orgs.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
      { code: '3702', name: '青岛市', level: 'city', parentPath: '/37' },
    ]);
    const province = admin('province-admin', '/37');
    for (const [city, county, schools] of [['3701', '370102', ['S0001', 'S0002']], ['3701', '370103', ['S0003']], ['3702', '370202', ['S0004']]] as const) {
      const c = await orgs.execute(province, { parentId: seededOrgId(`/37/${city}`), code: county, name: county, level: 'county' });
      for (const code of schools) units[code] = await orgs.execute(province, { parentId: c.id, code, name: code, level: 'school' });
    }
    schoolId = units.S0001!.id;
    createTeacher = new CreateTeacherUseCase(dataSource, new OrgRepository(), new TeacherRepository(), cipher);
    provision = new ProvisionAccountsUseCase(dataSource, accounts, keycloak, cipher, { chunkSize: 2 });
    sync = new SyncAccountsUseCase(dataSource, accounts, keycloak, cipher);
    correct = new UpdateTeacherUseCase(dataSource, new RosterRepository(), cipher, sync);
    transfer = transferTeacherUseCase(dataSource, undefined, sync);
    const unreachable = new KeycloakAdmin({ url: 'http://127.0.0.1:9', realm: env('KEYCLOAK_REALM'), clientId: 'x', clientSecret: 'x' });
    const syncDuringOutage = new SyncAccountsUseCase(dataSource, accounts, unreachable, cipher);
    correctDuringOutage = new UpdateTeacherUseCase(dataSource, new RosterRepository(), cipher, syncDuringOutage);
    transferDuringOutage = transferTeacherUseCase(dataSource, undefined, syncDuringOutage);
    hungKeycloak = createServer(() => {});
    await new Promise<void>((resolve) => hungKeycloak.listen(0, '127.0.0.1', resolve));
    const hanging = new KeycloakAdmin({ url: `http://127.0.0.1:${(hungKeycloak.address() as AddressInfo).port}`, realm: env('KEYCLOAK_REALM'), clientId: 'x', clientSecret: 'x', timeoutMs: 500 });
    const syncDuringHang = new SyncAccountsUseCase(dataSource, accounts, hanging, cipher);
    correctDuringHang = new UpdateTeacherUseCase(dataSource, new RosterRepository(), cipher, syncDuringHang);
    transferDuringHang = transferTeacherUseCase(dataSource, undefined, syncDuringHang);
    depart = new DepartTeacherUseCase(dataSource, new TeacherRepository(), new TransferRepository());
  });

  afterAll(async () => {
    hungKeycloak?.closeAllConnections();
    hungKeycloak?.close();
    if (dataSource?.isInitialized) {
      const rows = await dataSource.query<{ keycloak_user_id: string | null }[]>('SELECT keycloak_user_id FROM teacher_accounts');
      for (const r of rows) if (r.keycloak_user_id) await keycloak.deleteUser(r.keycloak_user_id);
      for (const id of otherUsers) await keycloak.deleteUser(id);
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
    // The user Keycloak already had may show an older unit or name: it is compared once, and here only recorded.
    expect(await accounts.findOwingSync(dataSource.manager, '', 10)).toEqual([teachers[0]!.id]);
    expect(await sync.execute()).toEqual({ updated: 0, alreadyInSync: 1, failed: [] });
  });

  const provisioned = async (name: string) => {
    const teacher = await addTeacher(name);
    await provision.execute({ teacherIds: [teacher.id] });
    // Provisioning records which ID number, unit and name the user was made from: nothing is owed yet.
    expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([]);
    const user = (await keycloak.findUserByUsername(teacher.idNumber))!;
    return { ...teacher, userId: user.id };
  };

  describe('a corrected ID number', () => {
    it('renames the same Keycloak user: its password, required action and attributes stay, and the new number logs in', async () => {
      const teacher = await provisioned('孟浩然');
      const newIdNumber = randomIdNumber();
      expect((await correct.execute(cityAdmin, { id: teacher.id, idNumber: newIdNumber })).accountSync).toBe('synced');

      const user = await keycloak.findUserByUsername(newIdNumber);
      expect(user?.id).toBe(teacher.userId);
      expect(await keycloak.findUserByUsername(teacher.idNumber)).toBeNull();
      expect(user).toMatchObject({ lastName: '孟', firstName: '浩然', enabled: true, requiredActions: ['UPDATE_PASSWORD'] });
      expect(user?.attributes).toMatchObject({ org_path: [schoolPath], teacher_id: [teacher.id] });
      expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([]);

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
      expect((await correctDuringOutage.execute(cityAdmin, { id: teacher.id, idNumber: latest })).accountSync).toBe('owed');
      // Both corrections committed; the account still has the original number and is owed a rename.
      expect((await keycloak.findUserByUsername(teacher.idNumber))?.id).toBe(teacher.userId);
      expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([teacher.id]);

      expect(await sync.execute()).toEqual({ updated: 1, alreadyInSync: 0, failed: [] });
      expect((await keycloak.findUserByUsername(latest))?.id).toBe(teacher.userId);
      expect(await keycloak.findUserByUsername(first)).toBeNull();
      expect(await keycloak.findUserByUsername(teacher.idNumber)).toBeNull();
      expect(await sync.execute()).toEqual({ updated: 0, alreadyInSync: 0, failed: [] });

      // A run that died after Keycloak but before its record (or an account of before the record
      // existed): the user already has the number, so it is only recorded.
      await dataSource.query('UPDATE teacher_accounts SET username_hash = NULL WHERE teacher_id = ?', [teacher.id]);
      expect(await sync.execute({ teacherIds: [teacher.id] })).toEqual({ updated: 0, alreadyInSync: 1, failed: [] });
      expect(await keycloak.userIdsWithPrefix(latest)).toEqual([teacher.userId]);
    });

    it('taken by another Keycloak user is reported and overwrites nothing', async () => {
      const teacher = await provisioned('柳宗元');
      const newIdNumber = randomIdNumber();
      const holder = await keycloak.createUser({ username: newIdNumber.toLowerCase(), enabled: true, lastName: '别人' });
      otherUsers.push(holder);

      // The correction itself stands and its answer tells the admin; the rename is refused and stays owed.
      await expect(correct.execute(cityAdmin, { id: teacher.id, idNumber: newIdNumber })).resolves.toMatchObject({ teacher: { id: teacher.id }, accountSync: 'username_taken' });
      const result = await sync.execute({ teacherIds: [teacher.id] });
      expect(result).toMatchObject({ updated: 0, alreadyInSync: 0, failed: [{ teacherId: teacher.id }] });
      expect(result.failed[0]!.reason).toContain(`already the username of Keycloak user ${holder}; user ${teacher.userId} keeps its old username`);
      expect(result.failed[0]!.reason).not.toContain(newIdNumber);
      expect((await keycloak.findUserByUsername(teacher.idNumber))?.id).toBe(teacher.userId);
      expect(await keycloak.getUser(holder)).toMatchObject({ username: newIdNumber.toLowerCase(), lastName: '别人' });

      // Once an operator removed the other user, the next run renames.
      await keycloak.deleteUser(holder);
      expect(await sync.execute({ teacherIds: [teacher.id] })).toEqual({ updated: 1, alreadyInSync: 0, failed: [] });
      expect((await keycloak.findUserByUsername(newIdNumber))?.id).toBe(teacher.userId);
    });
  });

  describe('a corrected name', () => {
    it('renames the person of the same Keycloak user: username, unit, password and required action stay', async () => {
      const teacher = await provisioned('张三丰');
      expect((await correct.execute(cityAdmin, { id: teacher.id, name: '欧阳修' })).accountSync).toBe('synced');

      const user = await keycloak.getUser(teacher.userId);
      expect(user).toMatchObject({ username: teacher.idNumber.toLowerCase(), lastName: '欧阳', firstName: '修', enabled: true, requiredActions: ['UPDATE_PASSWORD'] });
      expect(user.attributes).toMatchObject({ org_path: [schoolPath], teacher_id: [teacher.id] });
      expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([]);
      // The initial password was made from the old name and is still the one to change.
      expect((await login(teacher.idNumber, 'zhangsanfeng')).body.error_description).toBe('Account is not fully set up');
    });

    it('is owed while Keycloak is down and caught up by the next run', async () => {
      const teacher = await provisioned('韩愈');
      await correctDuringOutage.execute(cityAdmin, { id: teacher.id, name: '韩昌黎' });
      expect((await keycloak.getUser(teacher.userId)).firstName).toBe('愈');
      expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([teacher.id]);

      expect(await sync.execute({ teacherIds: [teacher.id] })).toEqual({ updated: 1, alreadyInSync: 0, failed: [] });
      expect(await keycloak.getUser(teacher.userId)).toMatchObject({ lastName: '韩', firstName: '昌黎' });
    });
  });

  describe('a transfer', () => {
    const orgPathOf = async (userId: string) => (await keycloak.getUser(userId)).attributes?.org_path;

    it('gives the same Keycloak user the new unit at once: a fresh login carries the new org_path', async () => {
      const teacher = await provisioned('杜甫');
      const moved = await transfer.execute(admin('county-admin', '/37/3701/370102'), { teacherId: teacher.id, targetOrgId: units.S0002!.id });
      expect(moved).toMatchObject({ teacher: { orgPath: units.S0002!.path }, accountSync: 'synced' });

      const user = await keycloak.getUser(teacher.userId);
      expect(user).toMatchObject({ username: teacher.idNumber.toLowerCase(), lastName: '杜', firstName: '甫', enabled: true, requiredActions: ['UPDATE_PASSWORD'] });
      expect(user.attributes).toMatchObject({ org_path: [units.S0002!.path], teacher_id: [teacher.id] });
      expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([]);

      const asked = passwordForm(await browserLogin(env('KEYCLOAK_URL'), env('KEYCLOAK_REALM'), teacher.idNumber, 'dufu'));
      const { claims } = signedIn(await asked.submit('guoposhanhezai'));
      expect(claims).toMatchObject({ org_path: units.S0002!.path, teacher_id: teacher.id, sub: teacher.userId });
    });

    it('keeps the last unit when the teacher departs, and gives the new school when a school admin pulls them from the pool', async () => {
      const teacher = await provisioned('李白');
      await depart.execute(cityAdmin, teacher.id);
      expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([]);
      expect(await orgPathOf(teacher.userId)).toEqual([schoolPath]);

      const pulled = await transfer.execute(admin('school-admin', units.S0004!.path), { teacherId: teacher.id, targetOrgId: units.S0004!.id });
      expect(pulled).toMatchObject({ transfer: { kind: 'from_departed_pool' }, accountSync: 'synced' });
      expect(await orgPathOf(teacher.userId)).toEqual([units.S0004!.path]);
      expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([]);
    });

    it('is owed while Keycloak is down and caught up once, to the latest unit, by the next run', async () => {
      const teacher = await provisioned('王维');
      await transferDuringOutage.execute(cityAdmin, { teacherId: teacher.id, targetOrgId: units.S0003!.id });
      const latest = await transferDuringOutage.execute(admin('province-admin', '/37'), { teacherId: teacher.id, targetOrgId: units.S0004!.id });
      // Both transfers committed and say so; the user still shows the first unit and owes a sync.
      expect(latest).toMatchObject({ teacher: { orgPath: units.S0004!.path }, accountSync: 'owed' });
      expect(await orgPathOf(teacher.userId)).toEqual([schoolPath]);
      expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([teacher.id]);

      // Two runs at once (the job, a change's own sync) queue on the account: one updates, the other finds nothing owed.
      const runs = await Promise.all([sync.execute(), sync.execute()]);
      expect(runs.map((r) => r.failed)).toEqual([[], []]);
      expect(runs.reduce((sum, r) => sum + r.updated + r.alreadyInSync, 0)).toBe(1);
      expect(await orgPathOf(teacher.userId)).toEqual([units.S0004!.path]);
      expect(await sync.execute()).toEqual({ updated: 0, alreadyInSync: 0, failed: [] });

      // A run that died after Keycloak but before its record (or an account of before the record existed):
      // the user already shows the unit and name, so it is only recorded.
      await dataSource.query('UPDATE teacher_accounts SET profile_hash = NULL WHERE teacher_id = ?', [teacher.id]);
      expect(await sync.execute({ teacherIds: [teacher.id] })).toEqual({ updated: 0, alreadyInSync: 1, failed: [] });
    });

    it('needs no sync for a teacher without an account yet: provisioning makes the user at the new unit', async () => {
      const teacher = await addTeacher('高适');
      const moved = await transfer.execute(admin('county-admin', '/37/3701/370102'), { teacherId: teacher.id, targetOrgId: units.S0002!.id });
      expect(moved.accountSync).toBe('not_needed');

      expect(await provision.execute({ teacherIds: [teacher.id] })).toMatchObject({ created: 1, failed: [] });
      expect((await keycloak.findUserByUsername(teacher.idNumber))?.attributes).toMatchObject({ org_path: [units.S0002!.path], teacher_id: [teacher.id] });
    });

    it('gives the new unit while a corrected ID number is still another user\'s username, and says the username is still owed', async () => {
      const teacher = await provisioned('岑参');
      const newIdNumber = randomIdNumber();
      const holder = await keycloak.createUser({ username: newIdNumber.toLowerCase(), enabled: true, lastName: '别人' });
      otherUsers.push(holder);
      expect((await correct.execute(cityAdmin, { id: teacher.id, idNumber: newIdNumber })).accountSync).toBe('username_taken');

      const moved = await transfer.execute(admin('county-admin', '/37/3701/370102'), { teacherId: teacher.id, targetOrgId: units.S0002!.id });
      expect(moved.accountSync).toBe('username_taken');
      expect(await keycloak.getUser(teacher.userId)).toMatchObject({ username: teacher.idNumber.toLowerCase(), attributes: { org_path: [units.S0002!.path] } });
      expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([teacher.id]);

      // Once an operator removed the other user, the next run renames; nothing else was owed.
      await keycloak.deleteUser(holder);
      expect(await sync.execute({ teacherIds: [teacher.id] })).toEqual({ updated: 1, alreadyInSync: 0, failed: [] });
      expect(await keycloak.getUser(teacher.userId)).toMatchObject({ username: newIdNumber.toLowerCase(), attributes: { org_path: [units.S0002!.path] } });
    });
  });

  it('answers a correction and a transfer within the timeout while Keycloak hangs: both stand, the account stays owed and the next run syncs it', async () => {
    const teacher = await provisioned('贺知章');
    const newIdNumber = randomIdNumber();
    let started = performance.now();
    await expect(correctDuringHang.execute(cityAdmin, { id: teacher.id, idNumber: newIdNumber })).resolves.toMatchObject({ teacher: { id: teacher.id }, accountSync: 'owed' });
    expect(performance.now() - started).toBeLessThan(3000);
    started = performance.now();
    const moved = await transferDuringHang.execute(admin('county-admin', '/37/3701/370102'), { teacherId: teacher.id, targetOrgId: units.S0002!.id });
    expect(moved).toMatchObject({ teacher: { orgPath: units.S0002!.path }, accountSync: 'owed' });
    expect(performance.now() - started).toBeLessThan(3000);

    // Both committed; the sync that timed out let go of the account's row lock and left it owed.
    expect(await accounts.findOwingSync(dataSource.manager, '', 10, [teacher.id])).toEqual([teacher.id]);
    expect(await sync.execute({ teacherIds: [teacher.id] })).toEqual({ updated: 1, alreadyInSync: 0, failed: [] });
    const user = await keycloak.getUser(teacher.userId);
    expect(user).toMatchObject({ username: newIdNumber.toLowerCase() });
    expect(user.attributes?.org_path).toEqual([units.S0002!.path]);
  });

  it('after the migration, knows the profile of accounts never transferred nor corrected and compares the others once', async () => {
    const untouched = await provisioned('白居易');
    const moved = await provisioned('苏轼');
    expect((await transfer.execute(admin('county-admin', '/37/3701/370102'), { teacherId: moved.id, targetOrgId: units.S0002!.id })).accountSync).toBe('synced');
    const corrected = await provisioned('苏辙');
    expect((await correct.execute(cityAdmin, { id: corrected.id, phone: '13800000000' })).accountSync).toBe('not_needed');

    const migration = new AddTeacherAccountProfileHash1796300000200();
    const runner = dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const owing = await accounts.findOwingSync(dataSource.manager, '', 1000);
    expect(owing).toEqual(expect.arrayContaining([moved.id, corrected.id]));
    expect(owing).not.toContain(untouched.id);
    // Every user already shows its teacher's unit and name: recorded, nothing written to Keycloak.
    const result = await sync.execute();
    expect(result).toEqual({ updated: 0, alreadyInSync: owing.length, failed: [] });
    expect(await accounts.findOwingSync(dataSource.manager, '', 1000)).toEqual([]);
  });
});
