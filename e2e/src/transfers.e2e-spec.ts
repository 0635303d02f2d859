import { randomInt } from 'node:crypto';
import { eventually, projectOpenToday, randomIdNumber, seededOrgId } from './fixtures.js';
import { tokenFor } from './keycloak.js';
import { startPlatform, type RunningPlatform } from './platform.js';


// Every e2e run replays the shared topics' history into its fresh reporting database, so counts are
// only checked exactly at schools whose codes no earlier run used.
const uniqueSchoolCode = () => `S${randomInt(10_000_000, 100_000_000)}`;

describe('departures and transfers through the gateway', () => {
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  let lixia: { id: string };
  let laoshan: { id: string };
  let s0001: { id: string; path?: unknown };

  beforeAll(async () => {
    platform = await startPlatform();
    for (const user of ['city-admin', 'other-city-admin', 'county-admin', 'school-admin', 'province-admin', 'teacher-demo']) tokens[user] = await tokenFor(user);
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
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> & { id: string } };
  };
  const createOrg = async (user: string, parentId: string, code: string, level: 'county' | 'school') => {
    const created = await call('POST', '/orgs', user, { parentId, code, name: `${code} 单位`, level });
    expect(created.status).toBe(201);
    return created.body;
  };
  const createTeacher = async (user: string, orgId: string, county: string) => {
    const idNumber = randomIdNumber(county);
    const created = await call('POST', '/teachers', user, { orgId, name: '刘洋', idNumber, gender: 'male', stage: 'middle', subject: '物理' });
    expect(created.status).toBe(201);
    return { ...created.body, idNumber };
  };
  beforeAll(async () => {
    lixia = await createOrg('city-admin', seededOrgId('/37/3701'), '370102', 'county');
    laoshan = await createOrg('other-city-admin', seededOrgId('/37/3702'), '370202', 'county');
    // S0001 is the school-admin's school; this run's identity database is fresh, so it is created here.
    s0001 = await createOrg('county-admin', lixia.id, 'S0001', 'school');
    expect(s0001.path).toBe('/37/3701/370102/S0001');
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
    // The teacher has no Keycloak account yet (provisioning would make it at the new unit): nothing to sync.
    expect(moved.body).toMatchObject({
      teacher: { orgPath: to.path, status: 'in_service' },
      transfer: { kind: 'within_city', fromOrgPath: from.path, toOrgPath: to.path, byUsername: 'city-admin' },
      accountSync: 'not_needed',
    });
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
    const qingdaoSchool = await createOrg('other-city-admin', laoshan.id, uniqueSchoolCode(), 'school');
    const teacher = await createTeacher('other-city-admin', qingdaoSchool.id, '370202');
    await eventually(() => total(qingdaoSchool.id, 'other-city-admin'), (n) => n === 1);

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
      accountSync: 'not_needed',
    });
    expect((await call('GET', `/teachers/${teacher.id}/transfers`, 'school-admin')).body).toEqual([expect.objectContaining({ kind: 'from_departed_pool' })]);
    // Qingdao no longer sees the teacher; its school stays at zero.
    expect((await call('GET', `/teachers/${teacher.id}`, 'other-city-admin')).status).toBe(403);
    expect(await total(qingdaoSchool.id, 'other-city-admin')).toBe(0);
  });

  const lookup = (user: string, idNumber: string, reason = '调入本校前核对身份') => call('POST', '/teachers/departed-pool/lookup', user, { idNumber, reason });

  it('lets a school admin of Jinan find a teacher who left Qingdao by the full ID number, audited; an in-service teacher of Qingdao is 404 like nobody', async () => {
    const qingdaoSchool = await createOrg('other-city-admin', laoshan.id, uniqueSchoolCode(), 'school');
    const leaver = await createTeacher('other-city-admin', qingdaoSchool.id, '370202');
    const stayer = await createTeacher('other-city-admin', qingdaoSchool.id, '370202');
    expect((await call('POST', `/teachers/${leaver.id}/depart`, 'other-city-admin')).status).toBe(200);

    const found = await lookup('school-admin', leaver.idNumber);
    expect(found.status).toBe(200);
    expect(found.headers.get('cache-control')).toBe('no-store');
    expect(found.body).toMatchObject({ id: leaver.id, status: 'departed', orgPath: qingdaoSchool.path, idNumberMasked: `${leaver.idNumber.slice(0, 6)}********${leaver.idNumber.slice(14)}` });
    expect(JSON.stringify(found.body)).not.toContain(leaver.idNumber);

    const inService = await lookup('school-admin', stayer.idNumber);
    const nobody = await lookup('school-admin', randomIdNumber('370202'));
    expect(inService.status).toBe(404);
    expect(nobody.status).toBe(404);
    expect(inService.body.detail).toBe(nobody.body.detail);
    // The admins over the in-service teacher don't find them here either: the pool holds departed teachers only.
    expect((await lookup('other-city-admin', stayer.idNumber)).status).toBe(404);

    expect((await lookup('school-admin', leaver.idNumber.slice(0, 14))).status).toBe(400);
    expect((await lookup('school-admin', leaver.idNumber, '')).status).toBe(400);
    expect((await lookup('teacher-demo', leaver.idNumber)).status).toBe(403);

    // Qingdao's city admin sees who looked up their former teacher, and why.
    const reads = await call('GET', `/personal-data-reads?teacherId=${leaver.id}`, 'other-city-admin');
    expect(reads.body).toMatchObject({ total: 1, items: [{ endpoint: 'LookupDepartedTeacher', readerRole: 'school-admin', readerUsername: 'school-admin', teacherOrgPath: qingdaoSchool.path, reason: '调入本校前核对身份' }] });
  });

  it("moves the teacher's enrollment with them when a school admin pulls them in from the pool; progress and catalog follow the new school", async () => {
    const project = await call('POST', '/training-projects', 'province-admin', projectOpenToday('middle', ['物理']));
    expect(project.status).toBe(201);
    const projectId = project.body.id;
    // Catalog needs the project's selection policy before it reports a school's learners: one pushed course.
    const course = await call('POST', '/courses', 'province-admin', { title: '物理实验教学中的信息技术', kind: 'subject', creditHours: 2, stages: ['middle'] });
    expect(course.status).toBe(201);
    const policy = await eventually(
      () => call('PUT', `/projects/${projectId}/selection-policy`, 'province-admin', { expectedRevision: 0, pushed: [{ stage: 'middle', courseIds: [course.body.id] }] }),
      (r) => r.status !== 404,
    );
    expect(policy.status).toBe(200);

    // Enrolled through a Qingdao school, then departed: the enrollment stays there.
    const qingdaoSchool = await createOrg('other-city-admin', laoshan.id, uniqueSchoolCode(), 'school');
    const teacher = await createTeacher('other-city-admin', qingdaoSchool.id, '370202');
    expect((await call('POST', `/training-projects/${projectId}/enrollment/open`, 'other-city-admin', { orgIds: [laoshan.id] })).status).toBe(200);
    expect((await call('POST', `/training-projects/${projectId}/enrollment/open`, 'other-city-admin', { orgIds: [qingdaoSchool.id] })).status).toBe(200);
    const enrolled = await call('POST', `/training-projects/${projectId}/enrollments`, 'other-city-admin', { orgId: qingdaoSchool.id, entries: [{ teacherId: teacher.id, subject: '物理', role: 'trainee' }] });
    expect(enrolled.status).toBe(201);
    const enrollmentId = (enrolled.body as unknown as { id: string }[])[0]!.id;
    const participants = (user: string, orgPath: unknown) =>
      call('GET', `/progress/projects/${projectId}/participants?orgPath=${encodeURIComponent(orgPath as string)}`, user).then((r) => (r.body.participants as { teacherId: string; orgPath: string }[] | undefined) ?? []);
    const learners = (user: string, orgId: string) =>
      call('GET', `/projects/${projectId}/schools/${orgId}/selection-status`, user).then((r) => ((r.body.teachers as { teacherId: string }[] | undefined) ?? []).map((t) => t.teacherId));
    await eventually(() => participants('other-city-admin', qingdaoSchool.path), (list) => list.some((p) => p.teacherId === teacher.id));
    await eventually(() => learners('other-city-admin', qingdaoSchool.id), (ids) => ids.includes(teacher.id));
    expect((await call('POST', `/teachers/${teacher.id}/depart`, 'other-city-admin')).status).toBe(200);
    expect((await call('GET', `/training-projects/${projectId}/enrollments?orgId=${qingdaoSchool.id}`, 'other-city-admin')).body).toMatchObject({ total: 1 });

    const pulled = await call('POST', `/teachers/${teacher.id}/transfer`, 'school-admin', { targetOrgId: s0001.id });
    expect(pulled.status).toBe(200);
    expect(pulled.body).toMatchObject({
      transfer: { kind: 'from_departed_pool' },
      movedEnrollments: [{ id: enrollmentId, projectId, orgId: s0001.id, orgPath: s0001.path, subject: '物理', role: 'trainee', status: 'enrolled', version: 2 }],
    });

    // Identity lists them at S0001 now, not in Qingdao; progress and catalog follow the event.
    expect((await call('GET', `/training-projects/${projectId}/enrollments?orgId=${s0001.id}`, 'school-admin')).body).toMatchObject({ total: 1, enrollments: [{ teacherId: teacher.id }] });
    expect((await call('GET', `/training-projects/${projectId}/enrollments?orgId=${qingdaoSchool.id}`, 'other-city-admin')).body).toMatchObject({ total: 0 });
    expect(await eventually(() => participants('school-admin', s0001.path), (list) => list.some((p) => p.teacherId === teacher.id))).toEqual([
      expect.objectContaining({ teacherId: teacher.id, orgPath: s0001.path }),
    ]);
    expect(await participants('other-city-admin', qingdaoSchool.path)).toEqual([]);
    await eventually(() => learners('school-admin', s0001.id), (ids) => ids.includes(teacher.id));
    expect(await learners('other-city-admin', qingdaoSchool.id)).not.toContain(teacher.id);
  });
});
