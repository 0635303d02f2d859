import { randomInt } from 'node:crypto';
import { eventually, randomIdNumber, seededOrgId } from './fixtures.js';
import { tokenFor } from './keycloak.js';
import { startPlatform, type RunningPlatform } from './platform.js';


// Every e2e run replays the shared topics' history into its fresh reporting database, so counts are
// only checked exactly at schools whose codes no earlier run used.
const uniqueSchoolCode = () => `S${randomInt(10_000_000, 100_000_000)}`;

describe('departures and transfers through the gateway', () => {
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  let lixia: { id: string };

  beforeAll(async () => {
    platform = await startPlatform();
    for (const user of ['city-admin', 'other-city-admin', 'county-admin', 'school-admin', 'province-admin']) tokens[user] = await tokenFor(user);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const call = async (method: string, url: string, user: string, body?: unknown) => {
    const response = await fetch(`${platform.gateway}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${tokens[user]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id: string } };
  };
  const createOrg = async (user: string, parentId: string, code: string, level: 'county' | 'school') => {
    const created = await call('POST', '/orgs', user, { parentId, code, name: `${code} 单位`, level });
    expect(created.status).toBe(201);
    return created.body;
  };
  const createTeacher = async (user: string, orgId: string, county: string) => {
    const created = await call('POST', '/teachers', user, { orgId, name: '刘洋', idNumber: randomIdNumber(county), gender: 'male', stage: 'middle', subject: '物理' });
    expect(created.status).toBe(201);
    return created.body;
  };
  beforeAll(async () => {
    lixia = await createOrg('city-admin', seededOrgId('/37/3701'), '370102', 'county');
  });

  const total = (orgId: string, user: string) => call('GET', `/orgs/${orgId}/teacher-count`, user).then((r) => (r.status === 200 ? (r.body.total as number) : null));

  it('lets a city admin, not a county admin, move an in-service teacher to another county; counts follow', async () => {
    const jinan = seededOrgId('/37/3701');
    const shizhong = await createOrg('city-admin', jinan, '370103', 'county');
    const from = await createOrg('city-admin', lixia.id, uniqueSchoolCode(), 'school');
    const to = await createOrg('city-admin', shizhong.id, uniqueSchoolCode(), 'school');
    const teacher = await createTeacher('city-admin', from.id, '370102');

    const byCounty = await call('POST', `/teachers/${teacher.id}/transfer`, 'county-admin', { targetOrgId: to.id });
    expect(byCounty.status).toBe(403);
    expect(byCounty.body.detail).toContain('transfer_not_allowed');

    const moved = await call('POST', `/teachers/${teacher.id}/transfer`, 'city-admin', { targetOrgId: to.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ teacher: { orgPath: to.path, status: 'in_service' }, transfer: { kind: 'within_city', fromOrgPath: from.path, toOrgPath: to.path, byUsername: 'city-admin' } });
    const history = await call('GET', `/teachers/${teacher.id}/transfers`, 'city-admin');
    expect(history.body).toEqual([expect.objectContaining({ kind: 'within_city', toOrgId: to.id })]);

    const counts = await eventually(
      async () => [await total(from.id, 'city-admin'), await total(to.id, 'city-admin')],
      ([atFrom, atTo]) => atFrom === 0 && atTo === 1,
    );
    expect(counts).toEqual([0, 1]);
    expect((await call('POST', `/teachers/${teacher.id}/transfer`, 'city-admin', { targetOrgId: 'not-a-uuid' })).status).toBe(400);
  });

  it('lets the school admin pull a teacher who left Qingdao from the departed pool into S0001', async () => {
    const qingdao = seededOrgId('/37/3702');
    const laoshan = await createOrg('other-city-admin', qingdao, '370202', 'county');
    const qingdaoSchool = await createOrg('other-city-admin', laoshan.id, uniqueSchoolCode(), 'school');
    const teacher = await createTeacher('other-city-admin', qingdaoSchool.id, '370202');
    await eventually(() => total(qingdaoSchool.id, 'other-city-admin'), (n) => n === 1);

    // S0001 is the school-admin's school; this run's identity database is fresh, so it is created here.
    const s0001 = await createOrg('county-admin', lixia.id, 'S0001', 'school');
    expect(s0001.path).toBe('/37/3701/370102/S0001');

    const inService = await call('POST', `/teachers/${teacher.id}/transfer`, 'school-admin', { targetOrgId: s0001.id });
    expect(inService.status).toBe(403);

    const departed = await call('POST', `/teachers/${teacher.id}/depart`, 'other-city-admin');
    expect(departed.status).toBe(200);
    expect(departed.body).toMatchObject({ status: 'departed', orgPath: qingdaoSchool.path });
    expect((await call('POST', `/teachers/${teacher.id}/depart`, 'other-city-admin')).status).toBe(422);
    await eventually(() => total(qingdaoSchool.id, 'other-city-admin'), (n) => n === 0);

    const pulled = await call('POST', `/teachers/${teacher.id}/transfer`, 'school-admin', { targetOrgId: s0001.id });
    expect(pulled.status).toBe(200);
    expect(pulled.body).toMatchObject({
      teacher: { status: 'in_service', orgPath: '/37/3701/370102/S0001' },
      transfer: { kind: 'from_departed_pool', fromOrgPath: qingdaoSchool.path, byUsername: 'school-admin' },
    });
    expect((await call('GET', `/teachers/${teacher.id}/transfers`, 'school-admin')).body).toEqual([expect.objectContaining({ kind: 'from_departed_pool' })]);
    // Qingdao no longer sees the teacher; its school stays at zero.
    expect((await call('GET', `/teachers/${teacher.id}`, 'other-city-admin')).status).toBe(403);
    expect(await total(qingdaoSchool.id, 'other-city-admin')).toBe(0);
  });
});
