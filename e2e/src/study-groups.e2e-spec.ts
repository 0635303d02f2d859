import { randomInt } from 'node:crypto';
import { projectOpenToday, randomIdNumber, seededOrgId } from './fixtures.js';
import { tokenFor } from './keycloak.js';
import { startPlatform, type RunningPlatform } from './platform.js';

describe('study groups and tutors through the gateway', () => {
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    platform = await startPlatform();
    for (const user of ['province-admin', 'city-admin', 'other-city-admin', 'county-admin', 'school-admin']) tokens[user] = await tokenFor(user);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const call = async (method: string, url: string, user: string, body?: unknown) => {
    const response = await fetch(`${platform.gateway}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${tokens[user]!}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id: string; detail?: string } };
  };

  it('forms a county’s groups with their tutors, reports the shortfall, re-checks overrides and confines every read', async () => {
    const project = (await call('POST', '/training-projects', 'province-admin', projectOpenToday('middle', ['语文', '数学', '物理'], { groupSizeMin: 10, mergeScope: 'county' }))).body;
    const county = (await call('POST', '/orgs', 'city-admin', { parentId: seededOrgId('/37/3701'), code: '370102', name: '历下区', level: 'county' })).body;
    const s0001 = (await call('POST', '/orgs', 'county-admin', { parentId: county.id, code: 'S0001', name: '历下区实验中学', level: 'school' })).body;
    const s2 = (await call('POST', '/orgs', 'county-admin', { parentId: county.id, code: `S${randomInt(10_000_000, 100_000_000)}`, name: '历下区第二中学', level: 'school' })).body;
    const teachers = async (school: { id: string }, subject: string, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const created = await call('POST', '/teachers', 'county-admin', { orgId: school.id, name: `${subject}老师${i}`, idNumber: randomIdNumber('370102'), gender: 'female', stage: 'middle', subject });
        expect(created.status).toBe(201);
        ids.push(created.body.id);
      }
      return ids;
    };
    const maths = await teachers(s0001, '数学', 6);
    const physics1 = await teachers(s0001, '物理', 2);
    const physics2 = await teachers(s2, '物理', 3);
    const [tutor] = await teachers(s2, '物理', 1);

    await call('POST', `/training-projects/${project.id}/enrollment/open`, 'city-admin', { orgIds: [county.id] });
    await call('POST', `/training-projects/${project.id}/enrollment/open`, 'county-admin', { orgIds: [s0001.id, s2.id] });
    const enroll = (user: string, orgId: string, entries: { teacherId: string; subject: string; role: string }[]) => call('POST', `/training-projects/${project.id}/enrollments`, user, { orgId, entries });
    expect(
      (await enroll('school-admin', s0001.id, [
        ...maths.map((teacherId, i) => ({ teacherId, subject: '数学', role: i === 0 ? 'group_leader' : 'trainee' })),
        ...physics1.map((teacherId) => ({ teacherId, subject: '物理', role: 'trainee' })),
      ])).status,
    ).toBe(201);
    expect((await enroll('county-admin', s2.id, physics2.map((teacherId) => ({ teacherId, subject: '物理', role: 'trainee' })))).status).toBe(201);
    expect((await enroll('county-admin', s2.id, [{ teacherId: tutor!, subject: '物理', role: 'tutor' }])).status).toBe(201);

    // 编组: the county admin (or above) of the tutor teams' region, nobody else.
    const formUrl = `/training-projects/${project.id}/study-groups/formations`;
    expect((await call('POST', formUrl, 'other-city-admin', { orgId: county.id })).status).toBe(403);
    expect((await call('POST', formUrl, 'school-admin', { orgId: county.id })).status).toBe(403);
    const formed = await call('POST', formUrl, 'county-admin', { orgId: county.id });
    expect(formed.status).toBe(200);
    const groups = formed.body.groups as { id: string; name: string; memberCount: number; leaderTeacherId: string; leaderSource: string; tutorTeacherId: string | null; orgPath: string }[];
    expect(groups.map((g) => [g.name, g.memberCount]).sort()).toEqual([
      ['济南市历下区初中物理第1研修组', 5],
      ['济南市历下区实验中学初中数学研修组', 6],
    ]);
    const mathsGroup = groups.find((g) => g.name.includes('数学'))!;
    const physicsGroup = groups.find((g) => g.name.includes('物理'))!;
    expect(mathsGroup).toMatchObject({ leaderTeacherId: maths[0], leaderSource: 'enrolled', tutorTeacherId: null, orgPath: s0001.path });
    expect(physicsGroup).toMatchObject({ tutorTeacherId: tutor, orgPath: '/37/3701/370102' });
    expect(formed.body.teams).toEqual([
      expect.objectContaining({ regionName: '历下区', subject: '数学', tutors: 0, groups: 1, required: 1, missing: 1, groupsWithoutTutor: 1 }),
      expect.objectContaining({ regionName: '历下区', subject: '物理', headTeacherId: tutor, tutors: 1, missing: 0 }),
    ]);
    expect((await call('GET', `/training-projects/${project.id}/tutor-report`, 'city-admin')).body).toMatchObject({ missing: 1 });
    const head = { orgId: county.id, subject: '物理', teacherId: tutor };
    expect((await call('PUT', `/training-projects/${project.id}/tutor-teams/head`, 'other-city-admin', head)).status).toBe(403);
    expect((await call('PUT', `/training-projects/${project.id}/tutor-teams/head`, 'county-admin', { ...head, subject: '数学' })).status).toBe(422);
    expect((await call('PUT', `/training-projects/${project.id}/tutor-teams/head`, 'county-admin', head)).body).toMatchObject({ subject: '物理', headTeacherId: tutor });

    // Reads stay in the caller's subtree: the school admin sees the school's own group, not the county's merged one.
    const listUrl = `/training-projects/${project.id}/study-groups`;
    expect((await call('GET', listUrl, 'school-admin')).body).toMatchObject({ total: 1, groups: [{ id: mathsGroup.id }] });
    expect((await call('GET', `${listUrl}?orgId=${county.id}`, 'county-admin')).body).toMatchObject({ total: 2 });
    expect((await call('GET', `${listUrl}?orgId=${county.id}`, 'other-city-admin')).status).toBe(403);
    expect((await call('GET', `/study-groups/${physicsGroup.id}`, 'school-admin')).status).toBe(403);
    expect((await call('GET', `/study-groups/${physicsGroup.id}`, 'other-city-admin')).status).toBe(403);
    const detail = await call('GET', `/study-groups/${mathsGroup.id}`, 'school-admin');
    expect((detail.body.members as unknown[]).length).toBe(6);

    // Overrides re-check the rules and say which one they would break.
    const crossing = await call('POST', `/study-groups/${physicsGroup.id}/members`, 'county-admin', { teacherId: maths[1] });
    expect(crossing.status).toBe(422);
    expect(crossing.body.detail).toContain('one subject');
    expect((await call('POST', `/study-groups/${physicsGroup.id}/members`, 'other-city-admin', { teacherId: maths[1] })).status).toBe(403);
    const appointed = await call('PUT', `/study-groups/${physicsGroup.id}/leader`, 'county-admin', { teacherId: physics2[0] });
    expect(appointed.body).toMatchObject({ leaderTeacherId: physics2[0], leaderSource: 'appointed' });
    const wrongTeam = await call('PUT', `/study-groups/${mathsGroup.id}/tutor`, 'county-admin', { tutorTeacherId: tutor });
    expect(wrongTeam.status).toBe(422);
    expect(wrongTeam.body.detail).toContain('物理 team');
    expect((await call('PUT', `/study-groups/${mathsGroup.id}/tutor`, 'county-admin', { tutorTeacherId: 'not-a-uuid' })).status).toBe(400);
  });
});
