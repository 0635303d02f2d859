import { randomBytes } from 'node:crypto';
import { projectOpenToday, randomIdNumber, seededOrgId } from './fixtures.js';
import { tokenFor } from './keycloak.js';
import { startPlatform, type RunningPlatform } from './platform.js';

/** Deletes the Keycloak users this run created, through the master realm's admin API. */
async function deleteKeycloakUsers(usernamePrefix: string): Promise<void> {
  const base = process.env.KEYCLOAK_URL ?? '';
  const tokenResponse = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: process.env.KEYCLOAK_ADMIN_USER ?? '', password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? '' }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const users = `${base}/admin/realms/${process.env.KEYCLOAK_REALM ?? 'yanxiu'}/users`;
  const found = (await (await fetch(`${users}?search=${encodeURIComponent(usernamePrefix)}&max=100`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string; username: string }[];
  for (const user of found.filter((u) => u.username.startsWith(usernamePrefix))) await fetch(`${users}/${user.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
}

describe('admin accounts and workshops through the gateway', () => {
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const prefix = `e2e${randomBytes(3).toString('hex')}`;
  let county: { id: string; path: string };
  let s0001: { id: string; path: string };

  beforeAll(async () => {
    platform = await startPlatform();
    for (const user of ['province-admin', 'city-admin', 'other-city-admin', 'county-admin', 'school-admin']) tokens[user] = await tokenFor(user);
    county = (await call('POST', '/orgs', 'city-admin', { parentId: seededOrgId('/37/3701'), code: '370102', name: '历下区', level: 'county' })).body as typeof county;
    s0001 = (await call('POST', '/orgs', 'county-admin', { parentId: county.id, code: 'S0001', name: '历下区实验小学', level: 'school' })).body as typeof s0001;
  });

  afterAll(async () => {
    await deleteKeycloakUsers(prefix);
    await platform?.stop();
  });

  async function call(method: string, url: string, user: string, body?: unknown) {
    const response = await fetch(`${platform.gateway}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${tokens[user]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> & { id: string; detail?: string } };
  }

  async function passwordGrant(username: string, password: string) {
    const response = await fetch(`${process.env.KEYCLOAK_URL}/realms/${process.env.KEYCLOAK_REALM ?? 'yanxiu'}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'yanxiu-dev-cli', username, password }),
    });
    return { status: response.status, error: ((await response.json()) as { error_description?: string }).error_description };
  }

  it('lets the county admin give a new school its admin, who must change the generated password first', async () => {
    const username = `${prefix}.s0001`;
    const request = { orgId: s0001.id, username, name: '王校长', phone: '13812345678' };
    expect((await call('POST', '/admin-accounts', 'city-admin', request)).status).toBe(403);
    expect((await call('POST', '/admin-accounts', 'other-city-admin', request)).status).toBe(403);
    const badName = await call('POST', '/admin-accounts', 'county-admin', { ...request, username: '370102198807120016' });
    expect(badName.status).toBe(400);
    expect(badName.body.detail).toContain('starting with a letter');

    const created = await call('POST', '/admin-accounts', 'county-admin', request);
    expect(created.status).toBe(201);
    expect(created.body.account).toMatchObject({ username, role: 'school-admin', orgPath: s0001.path, phoneMasked: '138****5678', createdByUsername: 'county-admin' });
    expect(created.text).not.toContain('13812345678');
    const initialPassword = created.body.initialPassword as string;
    expect(initialPassword).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z\d]).{16}$/);
    expect(await passwordGrant(username, initialPassword)).toEqual({ status: 400, error: 'Account is not fully set up' });
    expect((await call('POST', '/admin-accounts', 'county-admin', request)).status).toBe(409);

    const listed = await call('GET', '/admin-accounts', 'county-admin');
    expect(listed.body).toMatchObject({ total: 1, accounts: [{ username }] });
    expect((await call('GET', '/admin-accounts', 'other-city-admin')).body).toMatchObject({ total: 0, accounts: [] });
    expect((await call('GET', `/admin-accounts?orgId=${county.id}`, 'other-city-admin')).status).toBe(403);

    const accountId = (created.body.account as { id: string }).id;
    expect((await call('POST', `/admin-accounts/${accountId}/reset-password`, 'other-city-admin')).status).toBe(403);
    const reset = await call('POST', `/admin-accounts/${accountId}/reset-password`, 'county-admin');
    expect(reset.status).toBe(200);
    expect(reset.body.initialPassword).not.toBe(initialPassword);
    expect(await passwordGrant(username, initialPassword)).toMatchObject({ status: 401 });
  });

  it('lets the county admin build a subject workshop from appointed hosts; its members follow enrollment', async () => {
    const project = (await call('POST', '/training-projects', 'province-admin', projectOpenToday('primary', ['语文', '数学']))).body;
    const teacher = async (subject: string) =>
      (await call('POST', '/teachers', 'county-admin', { orgId: s0001.id, name: '张老师', idNumber: randomIdNumber('370102'), gender: 'female', stage: 'primary', subject })).body.id;
    const hosts = [await teacher('语文'), await teacher('语文'), await teacher('语文')];
    const trainee = await teacher('语文');
    expect((await call('POST', `/training-projects/${project.id}/enrollment/open`, 'city-admin', { orgIds: [county.id] })).status).toBe(200);
    expect((await call('POST', `/training-projects/${project.id}/enrollment/open`, 'county-admin', { orgIds: [s0001.id] })).status).toBe(200);
    const enroll = (user: string, entries: { teacherId: string; subject: string; role: string }[]) => call('POST', `/training-projects/${project.id}/enrollments`, user, { orgId: s0001.id, entries });
    expect((await enroll('county-admin', hosts.map((teacherId) => ({ teacherId, subject: '语文', role: 'workshop_host' })))).status).toBe(201);
    expect((await enroll('school-admin', [{ teacherId: trainee, subject: '语文', role: 'trainee' }])).status).toBe(201);

    const body = (hostTeacherIds: string[]) => ({ projectId: project.id, orgId: county.id, subject: '语文', hostTeacherIds });
    const tooFew = await call('POST', '/workshops', 'county-admin', body(hosts.slice(0, 2)));
    expect(tooFew.status).toBe(400);
    expect(tooFew.body.detail).toContain('at least 3 hosts');
    const notHost = await call('POST', '/workshops', 'county-admin', body([...hosts.slice(0, 2), trainee]));
    expect(notHost.status).toBe(422);
    expect(notHost.body.detail).toContain('host_not_appointed');
    expect((await call('POST', '/workshops', 'other-city-admin', body(hosts))).status).toBe(403);

    const created = await call('POST', '/workshops', 'county-admin', body(hosts));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '历下区小学语文工作坊', kind: 'subject', stage: 'primary', orgPath: county.path, version: 1 });
    expect((created.body.hosts as { teacherId: string }[]).map((h) => h.teacherId).sort()).toEqual([...hosts].sort());
    const id = created.body.id;
    expect((await call('POST', '/workshops', 'city-admin', body(hosts))).status).toBe(409);

    expect((await call('GET', `/workshops/${id}`, 'county-admin')).body).toMatchObject({ id, memberCount: 1 });
    expect((await call('GET', `/workshops/${id}`, 'other-city-admin')).status).toBe(403);
    expect((await call('GET', `/workshops/${id}`, 'school-admin')).status).toBe(403);
    expect((await call('GET', `/workshops?projectId=${project.id}`, 'city-admin')).body).toMatchObject({ total: 1, workshops: [{ id }] });
    expect((await call('GET', '/workshops', 'other-city-admin')).body).toMatchObject({ total: 0 });

    const members = await call('GET', `/workshops/${id}/members`, 'county-admin');
    expect(members.body).toMatchObject({ total: 1, members: [{ teacherId: trainee, subject: '语文', orgPath: s0001.path }] });
    expect((members.body.members as { idNumberMasked: string }[])[0]?.idNumberMasked).toMatch(/^370102\*{8}/);

    const stale = await call('PUT', `/workshops/${id}/hosts`, 'county-admin', { hostTeacherIds: hosts, expectedVersion: 5 });
    expect(stale.status).toBe(409);
    expect((await call('PUT', `/workshops/${id}/hosts`, 'county-admin', { hostTeacherIds: hosts, expectedVersion: 1 })).body).toMatchObject({ version: 2 });
  });
});
