import { randomInt } from 'node:crypto';
import { randomIdNumber, seededOrgId } from './fixtures.js';
import { tokenFor } from './keycloak.js';
import { startPlatform, type RunningPlatform } from './platform.js';

/**
 * The gateway's 403/404 mapping for the roster, org tree, personal data and information collection,
 * with real Keycloak tokens of two subtrees: Jinan (city-admin, county-admin, school-admin) and
 * Qingdao (other-city-admin). Every pair of (use case, identity) is enumerated in identity's
 * jurisdiction integration test; this one proves the same refusals reach HTTP clients as 403 / 404.
 */
describe('roster jurisdiction through the gateway, with tokens of two subtrees', () => {
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let jinanIdNumber = '';

  const call = async (method: string, url: string, user: string, body?: unknown) => {
    const response = await fetch(`${platform.gateway}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${tokens[user]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> & { id: string } };
  };
  const created = async (method: string, url: string, user: string, body: unknown) => {
    const response = await call(method, url, user, body);
    expect(response.status).toBe(201);
    return response.body;
  };

  beforeAll(async () => {
    platform = await startPlatform();
    for (const user of ['province-admin', 'city-admin', 'other-city-admin', 'county-admin', 'school-admin']) tokens[user] = await tokenFor(user);

    const lixia = await created('POST', '/orgs', 'city-admin', { parentId: seededOrgId('/37/3701'), code: '370102', name: '历下区', level: 'county' });
    const s0001 = await created('POST', '/orgs', 'county-admin', { parentId: lixia.id, code: 'S0001', name: '历下区第一实验小学', level: 'school' });
    const laoshan = await created('POST', '/orgs', 'other-city-admin', { parentId: seededOrgId('/37/3702'), code: '370212', name: '崂山区', level: 'county' });
    const qingdaoSchool = await created('POST', '/orgs', 'other-city-admin', { parentId: laoshan.id, code: `S${randomInt(10_000, 100_000)}`, name: '崂山区实验小学', level: 'school' });
    jinanIdNumber = randomIdNumber('370102');
    const jinanTeacher = await created('POST', '/teachers', 'school-admin', { orgId: s0001.id, name: '王芳', idNumber: jinanIdNumber, gender: 'female', stage: 'primary', subject: '数学', phone: '13912345678' });
    const qingdaoTeacher = await created('POST', '/teachers', 'other-city-admin', { orgId: qingdaoSchool.id, name: '刘洋', idNumber: randomIdNumber('370212'), gender: 'male', stage: 'primary', subject: '语文' });
    const now = Date.now();
    const window = { startsAt: new Date(now - 86_400_000).toISOString(), endsAt: new Date(now + 10 * 86_400_000).toISOString() };
    const jinanCampaign = await created('POST', '/collection-campaigns', 'city-admin', { year: 2027, name: '2027年春季信息采集', ...window });
    const qingdaoCampaign = await created('POST', '/collection-campaigns', 'other-city-admin', { year: 2027, name: '2027年春季信息采集', ...window });
    Object.assign(ids, {
      lixia: lixia.id,
      jinanSchool: s0001.id,
      jinanTeacher: jinanTeacher.id,
      jinanCampaign: jinanCampaign.id,
      laoshan: laoshan.id,
      qingdaoSchool: qingdaoSchool.id,
      qingdaoTeacher: qingdaoTeacher.id,
      qingdaoCampaign: qingdaoCampaign.id,
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  /** Every ID-taking endpoint of this feature, aimed at one subtree's teacher, school and campaign. */
  const idTaking = (side: 'jinan' | 'qingdao'): [string, string, unknown?][] => {
    const teacher = ids[`${side}Teacher`];
    const school = ids[`${side}School`];
    const campaign = ids[`${side}Campaign`];
    return [
      ['GET', `/orgs/${school}`],
      ['GET', `/orgs/${school}/children`],
      ['GET', `/orgs?rootId=${school}`],
      ['GET', `/teachers?orgId=${school}`],
      ['GET', `/teachers/${teacher}`],
      ['PATCH', `/teachers/${teacher}`, { title: '一级教师' }],
      ['POST', `/teachers/${teacher}/depart`],
      ['POST', `/teachers/${teacher}/retire`],
      ['POST', `/teachers/${teacher}/transfer`, { targetOrgId: school }],
      ['GET', `/teachers/${teacher}/transfers`],
      ['POST', `/teachers/${teacher}/personal-data/reveal`, { reason: '核对身份证号' }],
      ['GET', `/personal-data-reads?teacherId=${teacher}`],
      ['GET', `/collection-campaigns/${campaign}`],
      ['POST', `/collection-campaigns/${campaign}/close`],
      ['POST', `/collection-campaigns/${campaign}/teachers/${teacher}/verify`],
      ['GET', `/collection-campaigns/${campaign}/completeness`],
      ['GET', `/collection-campaigns/${campaign}/teachers`],
    ];
  };

  it.each([
    ['other-city-admin', 'jinan'],
    ['city-admin', 'qingdao'],
    ['county-admin', 'qingdao'],
    ['school-admin', 'qingdao'],
  ] as const)('answers %s with 403 problem+json on every ID-taking endpoint aimed at %s, and changes nothing', async (user, side) => {
    for (const [method, url, body] of idTaking(side)) {
      const response = await call(method, url, user, body);
      expect({ method, url, status: response.status }).toEqual({ method, url, status: 403 });
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const teacher = await call('GET', `/teachers/${ids[`${side}Teacher`]}`, side === 'jinan' ? 'city-admin' : 'other-city-admin');
    expect(teacher.body).toMatchObject({ status: 'in_service', title: '' });
  });

  it('answers 404 for ids that do not exist, whoever asks', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const url of [`/teachers/${missing}`, `/orgs/${missing}`, `/orgs/${missing}/children`, `/collection-campaigns/${missing}`, `/teachers?orgId=${missing}`]) {
      expect({ url, status: (await call('GET', url, 'city-admin')).status }).toEqual({ url, status: 404 });
    }
    expect((await call('PATCH', `/teachers/${missing}`, 'other-city-admin', { title: 'x' })).status).toBe(404);
  });

  it('lists only the caller’s subtree: teachers, orgs and campaigns', async () => {
    const paths = async (url: string, user: string, key: 'orgPath' | 'path') => ((await call('GET', url, user)).body.items as Record<string, string>[]).map((row) => row[key] ?? '');
    const qingdaoTeachers = await paths('/teachers?pageSize=500', 'other-city-admin', 'orgPath');
    const jinanTeachers = await paths('/teachers?pageSize=500', 'city-admin', 'orgPath');
    expect(qingdaoTeachers.length).toBeGreaterThan(0);
    expect(jinanTeachers.length).toBeGreaterThan(0);
    expect(qingdaoTeachers.every((p) => p.startsWith('/37/3702/'))).toBe(true);
    expect(jinanTeachers.every((p) => p.startsWith('/37/3701/'))).toBe(true);
    expect((await paths('/orgs?pageSize=500', 'county-admin', 'path')).every((p) => p === '/37/3701/370102' || p.startsWith('/37/3701/370102/'))).toBe(true);
    expect(((await call('GET', '/collection-campaigns', 'school-admin')).body.items as { id: string }[]).map((c) => c.id)).toEqual([ids.jinanCampaign]);
  });

  it('reveals a full ID number to the county admin only, audited for the province admin; masked everywhere else', async () => {
    const masked = await call('GET', `/teachers/${ids.jinanTeacher}`, 'city-admin');
    expect(masked.body.idNumberMasked).toBe(`${jinanIdNumber.slice(0, 6)}********${jinanIdNumber.slice(14)}`);
    expect(JSON.stringify(masked.body)).not.toContain(jinanIdNumber);

    expect((await call('POST', `/teachers/${ids.jinanTeacher}/personal-data/reveal`, 'city-admin', { reason: '核对身份证号' })).status).toBe(403);
    expect((await call('POST', `/teachers/${ids.jinanTeacher}/personal-data/reveal`, 'county-admin', {})).status).toBe(400);
    const shown = await call('POST', `/teachers/${ids.jinanTeacher}/personal-data/reveal`, 'county-admin', { reason: '学员账号无法登录' });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(shown.body).toEqual({ teacherId: ids.jinanTeacher, idNumber: jinanIdNumber, phone: '13912345678' });

    const audit = await call('GET', `/personal-data-reads?teacherId=${ids.jinanTeacher}`, 'province-admin');
    expect(audit.body.items).toEqual([expect.objectContaining({ readerUsername: 'county-admin', readerRole: 'county-admin', reason: '学员账号无法登录', fields: ['id_number', 'phone'] })]);
    expect((await call('GET', '/personal-data-reads', 'county-admin')).status).toBe(403);
  });

  it('lets the school verify and correct its teacher in the campaign, and the county follow completeness', async () => {
    const bad = await call('PATCH', `/teachers/${ids.jinanTeacher}`, 'school-admin', { idNumber: `${jinanIdNumber.slice(0, 17)}${jinanIdNumber[17] === '0' ? '1' : '0'}` });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('idNumber');
    expect((await call('PATCH', `/teachers/${ids.jinanTeacher}`, 'school-admin', { status: 'retired' })).status).toBe(400);
    const corrected = await call('PATCH', `/teachers/${ids.jinanTeacher}`, 'school-admin', { subject: '英语', title: '一级教师' });
    expect(corrected).toMatchObject({ status: 200, body: { subject: '英语', title: '一级教师', accountSync: 'not_needed' } });

    const verified = await call('POST', `/collection-campaigns/${ids.jinanCampaign}/teachers/${ids.jinanTeacher}/verify`, 'school-admin');
    expect(verified).toMatchObject({ status: 200, body: { teacherId: ids.jinanTeacher, verifiedByUsername: 'school-admin' } });
    const completeness = await call('GET', `/collection-campaigns/${ids.jinanCampaign}/completeness`, 'county-admin');
    expect(completeness.status).toBe(200);
    expect(completeness.body.units).toEqual([expect.objectContaining({ org: expect.objectContaining({ id: ids.jinanSchool }) as unknown, inService: 1, verified: 1, complete: true })]);
    expect(completeness.body.totals).toMatchObject({ units: 1, completeUnits: 1 });
    expect((await call('POST', `/collection-campaigns/${ids.jinanCampaign}/close`, 'county-admin')).status).toBe(403);
    expect((await call('POST', `/collection-campaigns/${ids.jinanCampaign}/close`, 'city-admin')).body).toMatchObject({ status: 'closed', closedByUsername: 'city-admin' });
  });
});
