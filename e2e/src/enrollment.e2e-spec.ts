import { randomInt } from 'node:crypto';
import { projectOpenToday, provinceDay, randomIdNumber, seededOrgId } from './fixtures.js';
import { realmAdmin, tokenFor } from './keycloak.js';
import { startPlatform, type RunningPlatform } from './platform.js';

/** A project whose study started yesterday: every window before it is over. */
function startedProject(stage: string, subjects: string[]) {
  const d = provinceDay;
  const open = projectOpenToday(stage, subjects);
  return {
    ...open,
    year: Number(d(-1).slice(0, 4)),
    phases: [
      { name: '集中研修', kind: 'concentrated', hours: 36, dates: { start: d(-1), end: d(4) } },
      { name: '分散研修', kind: 'dispersed', hours: 14, dates: { start: d(5), end: d(60) } },
    ],
    windows: {
      enrollment: { start: d(-20), end: d(-15) },
      grouping: { start: d(-14), end: d(-10) },
      confirmation: { start: d(-9), end: d(-5) },
      courseSelection: { start: d(-20), end: d(-15) },
      study: { start: d(-1), end: d(60) },
      creditRegistrationDeadline: d(90),
    },
  };
}

describe('training project and enrollment cascade through the gateway', () => {
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const keycloakUsers: string[] = [];
  let admin: Awaited<ReturnType<typeof realmAdmin>>;

  beforeAll(async () => {
    platform = await startPlatform();
    for (const user of ['province-admin', 'city-admin', 'other-city-admin', 'county-admin', 'school-admin']) tokens[user] = await tokenFor(user);
    admin = await realmAdmin();
  });

  afterAll(async () => {
    for (const id of keycloakUsers) await admin?.deleteUser(id);
    await platform?.stop();
  });

  const call = async (method: string, url: string, token: string, body?: unknown) => {
    const response = await fetch(`${platform.gateway}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id: string; detail?: string } };
  };
  const as = (user: string) => tokens[user]!;

  it('walks city → county → school → submit → check, the participant confirms, and a started project is frozen', async () => {
    // The province runs the project; a city admin may not create one.
    const spec = projectOpenToday('primary', ['语文', '数学', '英语']);
    expect((await call('POST', '/training-projects', as('city-admin'), spec)).status).toBe(403);
    const bad = await call('POST', '/training-projects', as('province-admin'), { ...spec, requiredHours: 60 });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain("phases' hours add up to 50");
    const created = await call('POST', '/training-projects', as('province-admin'), spec);
    expect(created.status).toBe(201);
    const project = created.body;
    expect(project).toMatchObject({ ownerOrgPath: '/37', version: 1, windows: spec.windows, grouping: spec.grouping });
    expect((await call('GET', `/training-projects?year=${spec.year}`, as('school-admin'))).body).toEqual([project]);

    // The org tree: 历下区 with S0001 (the school admin's school) and a second school.
    const county = await call('POST', '/orgs', as('city-admin'), { parentId: seededOrgId('/37/3701'), code: '370102', name: '历下区', level: 'county' });
    expect(county.status).toBe(201);
    const s0001 = (await call('POST', '/orgs', as('county-admin'), { parentId: county.body.id, code: 'S0001', name: '历下区实验小学', level: 'school' })).body;
    const other = (await call('POST', '/orgs', as('county-admin'), { parentId: county.body.id, code: `S${randomInt(10_000_000, 100_000_000)}`, name: '历下区第二小学', level: 'school' })).body;
    const idNumber = randomIdNumber('370102');
    const teacher = (await call('POST', '/teachers', as('county-admin'), { orgId: s0001.id, name: '李静', idNumber, gender: 'female', stage: 'primary', subject: '数学' })).body;
    const elsewhere = (await call('POST', '/teachers', as('county-admin'), { orgId: other.id, name: '王强', idNumber: randomIdNumber('370102'), gender: 'male', stage: 'primary', subject: '语文' })).body;

    // The cascade, each step by its admin and only inside their subtree.
    const openCounty = { orgIds: [county.body.id] };
    expect((await call('POST', `/training-projects/${project.id}/enrollment/open`, as('county-admin'), { orgIds: [s0001.id] })).status).toBe(422);
    expect((await call('POST', `/training-projects/${project.id}/enrollment/open`, as('other-city-admin'), openCounty)).status).toBe(403);
    expect((await call('POST', `/training-projects/${project.id}/enrollment/open`, as('city-admin'), openCounty)).status).toBe(200);
    const opened = await call('POST', `/training-projects/${project.id}/enrollment/open`, as('county-admin'), { orgIds: [s0001.id] });
    expect(opened.body).toEqual([expect.objectContaining({ orgPath: '/37/3701/370102/S0001', level: 'unit', status: 'open' })]);

    const enrollUrl = `/training-projects/${project.id}/enrollments`;
    const wrongSchool = await call('POST', enrollUrl, as('school-admin'), { orgId: s0001.id, entries: [{ teacherId: elsewhere.id, subject: '语文', role: 'trainee' }] });
    expect(wrongSchool.status).toBe(400);
    expect(wrongSchool.body.detail).toContain('not to this unit');
    expect((await call('POST', enrollUrl, as('school-admin'), { orgId: s0001.id, entries: [{ teacherId: teacher.id, subject: '数学', role: 'tutor' }] })).status).toBe(403);
    const enrolled = await call('POST', enrollUrl, as('school-admin'), { orgId: s0001.id, entries: [{ teacherId: teacher.id, subject: '数学', role: 'trainee' }] });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toEqual([expect.objectContaining({ teacherId: teacher.id, subject: '数学', role: 'trainee', confirmation: 'pending', idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}` })]);
    expect(JSON.stringify(enrolled.body)).not.toContain(idNumber);
    const again = await call('POST', enrollUrl, as('county-admin'), { orgId: s0001.id, entries: [{ teacherId: teacher.id, subject: '语文', role: 'group_leader' }] });
    expect(again.status).toBe(409);

    expect((await call('GET', `${enrollUrl}?orgId=${county.body.id}`, as('other-city-admin'))).status).toBe(403);
    const listed = await call('GET', `${enrollUrl}?orgId=${county.body.id}&subject=数学`, as('county-admin'));
    expect(listed.body).toMatchObject({ total: 1, nextPageToken: '', enrollments: [{ teacherId: teacher.id }] });

    const unitUrl = (orgId: string) => `/training-projects/${project.id}/enrollment/units/${orgId}`;
    expect((await call('POST', `${unitUrl(s0001.id)}/submit`, as('school-admin'))).body).toMatchObject({ status: 'submitted', submittedByUsername: 'school-admin' });
    expect((await call('POST', `${unitUrl(county.body.id)}/submit`, as('county-admin'))).status).toBe(200);
    expect((await call('POST', `${unitUrl(seededOrgId('/37/3701'))}/submit`, as('city-admin'))).body).toMatchObject({ level: 'city', status: 'submitted' });
    const progress = await call('GET', `${unitUrl(seededOrgId('/37/3701'))}/progress`, as('city-admin'));
    expect(progress.body).toMatchObject({
      self: { orgPath: '/37/3701', unit: { status: 'submitted' }, enrolled: 1, pending: 1 },
      children: [{ orgPath: '/37/3701/370102', unit: { status: 'submitted' }, enrolled: 1 }],
    });

    // 信息确认: the participant signs in with their own account (username = ID number) and confirms.
    const password = `Yx-${randomInt(100_000, 1_000_000)}-e2e!`;
    keycloakUsers.push(await admin.createTeacher(idNumber.toLowerCase(), password, s0001.path as string, teacher.id));
    const teacherToken = await tokenFor(idNumber.toLowerCase(), password);
    expect((await call('GET', `${enrollUrl}?orgId=${s0001.id}`, teacherToken)).status).toBe(403);
    const mine = await call('GET', '/me/enrollments', teacherToken);
    // Only their own row, saying which training it is and when its study runs.
    expect(mine.body).toEqual([
      expect.objectContaining({
        projectId: project.id,
        teacherId: teacher.id,
        subject: '数学',
        confirmation: 'pending',
        project: { name: spec.name, year: spec.year, stage: 'primary', study: spec.windows.study, requiredHours: spec.requiredHours },
      }),
    ]);
    expect((await call('POST', `/me/enrollments/${project.id}/confirmation`, teacherToken, { correct: false })).status).toBe(400);
    const confirmed = await call('POST', `/me/enrollments/${project.id}/confirmation`, teacherToken, { correct: true });
    expect(confirmed.body).toMatchObject({ confirmation: 'confirmed', version: 2 });
    const completeness = await call('GET', `${unitUrl(county.body.id)}/progress`, as('county-admin'));
    expect(completeness.body).toMatchObject({ self: { enrolled: 1, confirmed: 1, pending: 0 }, children: expect.arrayContaining([expect.objectContaining({ orgPath: '/37/3701/370102/S0001', confirmed: 1 })]) as unknown });

    // A project whose study has started: enrollment is frozen, and only the end of study may move.
    const started = startedProject('middle', ['语文', '数学']);
    const frozen = (await call('POST', '/training-projects', as('province-admin'), started)).body;
    const refused = await call('POST', `/training-projects/${frozen.id}/enrollment/open`, as('city-admin'), openCounty);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('enrollment_frozen');
    const renamed = await call('PUT', `/training-projects/${frozen.id}`, as('province-admin'), { ...started, name: '改名', expectedVersion: 1 });
    expect(renamed.status).toBe(400);
    const extended = { ...started, windows: { ...started.windows, study: { ...started.windows.study, end: provinceDay(70) }, creditRegistrationDeadline: provinceDay(100) }, expectedVersion: 1 };
    expect((await call('PUT', `/training-projects/${frozen.id}`, as('province-admin'), extended)).body).toMatchObject({ version: 2, windows: { study: { end: provinceDay(70) } } });
    expect((await call('PUT', `/training-projects/${frozen.id}`, as('province-admin'), extended)).status).toBe(409);
  });
});
