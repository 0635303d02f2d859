import { randomUUID } from 'node:crypto';
import { eventually, projectOpenToday, randomIdNumber, seededOrgId } from './fixtures.js';
import { realmAdmin, tokenFor } from './keycloak.js';
import { startPlatform, type RunningPlatform } from './platform.js';

/**
 * A player's report: `from`..`to` seconds of one video at normal speed, 30 s per segment, the last one
 * ending `endedSecondsAgo` ago. Watched time never exceeds the wall clock the segments claim, so a test
 * that reports minutes of playback within seconds must place them at realistic client times.
 */
function played(courseId: string, from: number, to: number, endedSecondsAgo = 0) {
  const count = Math.ceil((to - from) / 30);
  const now = Date.now() - endedSecondsAgo * 1000;
  return {
    segments: Array.from({ length: count }, (_, i) => ({
      courseId,
      mediaId: 'lesson-1',
      sessionId: 'tab-1',
      startPosition: from + i * 30,
      endPosition: Math.min(to, from + (i + 1) * 30),
      clientTime: now - (count - 1 - i) * 30_000,
      playbackRate: 1,
    })),
  };
}

describe('study progress and credits through the gateway', () => {
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  let admin: Awaited<ReturnType<typeof realmAdmin>>;
  const accountIds: string[] = [];
  let teacherId = '';
  const school = '/37/3701/370102/S0001';
  const orgIds = { county: '', school: '' };

  const call = async (method: string, url: string, token: string, body?: unknown) => {
    const response = await fetch(`${platform.gateway}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    platform = await startPlatform();
    for (const user of ['province-admin', 'city-admin', 'county-admin', 'school-admin']) tokens[user] = await tokenFor(user);
    admin = await realmAdmin();
    const county = await call('POST', '/orgs', tokens['city-admin']!, { parentId: seededOrgId('/37/3701'), code: '370102', name: '历下区', level: 'county' });
    const s0001 = await call('POST', '/orgs', tokens['county-admin']!, { parentId: county.body.id, code: 'S0001', name: '历下区实验小学', level: 'school' });
    orgIds.county = county.body.id as string;
    orgIds.school = s0001.body.id as string;
    const idNumber = randomIdNumber();
    const teacher = await call('POST', '/teachers', tokens['school-admin']!, { orgId: s0001.body.id, name: '王芳', idNumber, gender: 'female', stage: 'primary', subject: '数学' });
    if (teacher.status !== 201) throw new Error(`create teacher: ${teacher.status} ${JSON.stringify(teacher.body)}`);
    teacherId = teacher.body.id as string;
    accountIds.push(await admin.createTeacher(idNumber.toLowerCase(), 'Study-2026!', school, teacherId));
    tokens.teacher = await tokenFor(idNumber.toLowerCase(), 'Study-2026!');
  });

  afterAll(async () => {
    for (const id of accountIds) await admin?.deleteUser(id);
    await platform?.stop();
  });

  it('takes heartbeats only from teachers, checks them, and counts re-sent ones once', async () => {
    const courseId = randomUUID();
    const refused = await call('POST', '/heartbeats', tokens['school-admin']!, played(courseId, 0, 60));
    expect(refused).toMatchObject({ status: 403, type: expect.stringContaining('application/problem+json') as unknown, body: { detail: expect.stringContaining('not_a_teacher') as unknown } });
    const bad = played(courseId, 0, 60);
    bad.segments[1]!.playbackRate = 32;
    expect(await call('POST', '/heartbeats', tokens.teacher!, bad)).toMatchObject({ status: 400, body: { detail: 'segments[1].playbackRate: must be a number in (0, 16]' } });

    expect(await call('POST', '/heartbeats', tokens.teacher!, played(courseId, 0, 60, 60))).toMatchObject({ status: 202, body: { accepted: 2 } });
    const watching = () => call('GET', `/progress/courses/${courseId}/watching/me`, tokens.teacher!);
    await eventually(watching, (r) => r.body.watchedSeconds === 60);
    // The player re-sends the same minute (no answer reached it), then the next half minute. Both go to the
    // teacher's partition in this order, so once the second shows, the first has been applied too.
    expect((await call('POST', '/heartbeats', tokens.teacher!, played(courseId, 0, 60, 60))).status).toBe(202);
    expect((await call('POST', '/heartbeats', tokens.teacher!, played(courseId, 60, 90))).status).toBe(202);
    const after = await eventually(watching, (r) => r.body.watchedSeconds !== 60);
    expect(after.body).toEqual({ courseId, watchedSeconds: 90, media: [{ mediaId: 'lesson-1', intervals: [{ start: 0, end: 90 }] }] });
  });

  it('scores quizzes on the server under the attempts policy', async () => {
    const quizId = `q-${randomUUID()}`;
    const quiz = {
      courseId: randomUUID(),
      title: '理念篇 随堂测验',
      passPoints: 2,
      maxAttempts: 2,
      expectedVersion: 0,
      questions: [
        { id: 'q1', prompt: '信息技术支持的教学环节优化指什么？', options: [{ id: 'a', text: '甲' }, { id: 'b', text: '乙' }], correctOptionIds: ['b'], points: 2 },
      ],
    };
    expect((await call('PUT', `/progress/quizzes/${quizId}`, tokens.teacher!, quiz)).status).toBe(403);
    expect(await call('PUT', `/progress/quizzes/${quizId}`, tokens['province-admin']!, quiz)).toMatchObject({ status: 200, body: { id: quizId, version: 1 } });
    const taken = await call('GET', `/progress/quizzes/${quizId}`, tokens.teacher!);
    expect(taken.body).toMatchObject({ quiz: { questions: [{ id: 'q1', correctOptionIds: [] }] }, attempts: [] });
    const attempt = (optionIds: string[]) => call('POST', `/progress/quizzes/${quizId}/attempts`, tokens.teacher!, { answers: [{ questionId: 'q1', optionIds }] });
    expect(await attempt(['a'])).toMatchObject({ status: 201, body: { attempt: 1, points: 0, passed: false, attemptsLeft: 1 } });
    expect(await attempt(['b'])).toMatchObject({ status: 201, body: { attempt: 2, points: 2, passed: true } });
    expect(await attempt(['b'])).toMatchObject({ status: 422, body: { detail: expect.stringContaining('already_passed') as unknown } });
  });

  it("shows a teacher their own certification cycle (credits follow the person, not the school)", async () => {
    const mine = await call('GET', '/credits/me', tokens.teacher!);
    expect(mine).toMatchObject({ status: 200, body: { teacherId, cycle: { firstYear: 2024, lastYear: 2028, targetHours: 360 }, totalHours: 0, remainingHours: 360 } });
    expect((mine.body.byYear as unknown[]).length).toBe(5);
    expect((await call('GET', '/credits/me', tokens['school-admin']!)).status).toBe(403);
  });

  it("shows a study group's progress, its leader, tutor and members named, to its leader and to nobody else; admins see participants named and masked; the county admin confirms the leader's duty once", async () => {
    const project = await call('POST', '/training-projects', tokens['province-admin']!, projectOpenToday('primary', ['数学']));
    expect(project.status).toBe(201);
    const projectId = project.body.id as string;
    const newTeacher = async (name: string) => {
      const idNumber = randomIdNumber();
      const created = await call('POST', '/teachers', tokens['school-admin']!, { orgId: orgIds.school, name, idNumber, gender: 'female', stage: 'primary', subject: '数学' });
      expect(created.status).toBe(201);
      return { id: created.body.id as string, idNumber };
    };
    const leader = await newTeacher('李静');
    const trainee = await newTeacher('张敏');
    const tutor = await newTeacher('周洁');
    accountIds.push(await admin.createTeacher(leader.idNumber.toLowerCase(), 'Lead-2026!', school, leader.id));
    const leaderToken = await tokenFor(leader.idNumber.toLowerCase(), 'Lead-2026!');

    expect((await call('POST', `/training-projects/${projectId}/enrollment/open`, tokens['city-admin']!, { orgIds: [orgIds.county] })).status).toBe(200);
    expect((await call('POST', `/training-projects/${projectId}/enrollment/open`, tokens['county-admin']!, { orgIds: [orgIds.school] })).status).toBe(200);
    const enrolled = await call('POST', `/training-projects/${projectId}/enrollments`, tokens['school-admin']!, {
      orgId: orgIds.school,
      entries: [
        { teacherId: leader.id, subject: '数学', role: 'group_leader' },
        { teacherId: trainee.id, subject: '数学', role: 'trainee' },
      ],
    });
    expect(enrolled.status).toBe(201);
    // Tutors are the county's (its tutor team); formation binds the group to this one.
    expect((await call('POST', `/training-projects/${projectId}/enrollments`, tokens['county-admin']!, { orgId: orgIds.school, entries: [{ teacherId: tutor.id, subject: '数学', role: 'tutor' }] })).status).toBe(201);
    const formed = await call('POST', `/training-projects/${projectId}/study-groups/formations`, tokens['county-admin']!, { orgId: orgIds.county });
    expect(formed.status).toBe(200);
    const [group] = formed.body.groups as Array<{ id: string; leaderTeacherId: string }>;
    expect(group).toMatchObject({ leaderTeacherId: leader.id, tutorTeacherId: tutor.id });

    // identity's group and enrollment events reach progress; then the leader sees the group's progress.
    const mine = await eventually(
      () => call('GET', `/progress/projects/${projectId}/groups/mine`, leaderToken),
      (r) => {
        const [g] = (r.body.groups ?? []) as Array<{ members: unknown[]; tutorTeacherId: string | null }>;
        return r.status === 200 && g?.members.length === 2 && g.tutorTeacherId === tutor.id;
      },
    );
    // Progress holds ids only; the gateway names the leader, the tutor and each member from identity's study group, without ID numbers.
    const leaderAndTutor = { leaderTeacherId: leader.id, leaderName: '李静', tutorTeacherId: tutor.id, tutorName: '周洁' };
    expect(mine.body).toMatchObject({
      projectId,
      groups: [{ groupId: group!.id, ...leaderAndTutor, qualifiedTotal: 0, members: expect.arrayContaining([expect.objectContaining({ teacherId: trainee.id, role: 'trainee', qualified: false })]) as unknown }],
    });
    const named = (members: unknown) => (members as Array<{ teacherId: string; teacherName: string | null; idNumberMasked?: string }>).map((m) => [m.teacherId, m.teacherName, m.idNumberMasked]).sort();
    const members = [[leader.id, '李静', undefined], [trainee.id, '张敏', undefined]].sort();
    expect(named((mine.body.groups as Array<{ members: unknown }>)[0]!.members)).toEqual(members);
    const one = await call('GET', `/progress/groups/${group!.id}`, leaderToken);
    expect(one).toMatchObject({ status: 200, body: { groupId: group!.id, ...leaderAndTutor } });
    expect(named(one.body.members)).toEqual(members);

    // Admins over the school see the participants named, with the ID number masked as the enrollment list shows it.
    const masked = (idNumber: string) => `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`;
    const participants = await eventually(
      () => call('GET', `/progress/projects/${projectId}/participants`, tokens['school-admin']!),
      (r) => r.body.participantsTotal === 3,
    );
    expect(participants).toMatchObject({ status: 200, body: { orgPath: school, participantsTotal: 3 } });
    expect(named(participants.body.participants)).toEqual(
      [
        [leader.id, '李静', masked(leader.idNumber)],
        [trainee.id, '张敏', masked(trainee.idNumber)],
        [tutor.id, '周洁', masked(tutor.idNumber)],
      ].sort(),
    );
    const countyPage = await call('GET', `/progress/projects/${projectId}/participants?orgPath=${school}&pageSize=1`, tokens['county-admin']!);
    expect(countyPage.body.participants).toEqual([expect.objectContaining({ teacherName: expect.stringMatching(/^(李静|张敏|周洁)$/) as unknown, idNumberMasked: expect.stringContaining('********') as unknown })]);

    // A teacher of another group (here: of none) and an admin are refused.
    const outsider = await call('GET', `/progress/groups/${group!.id}`, tokens.teacher!);
    expect(outsider).toMatchObject({ status: 403, type: expect.stringContaining('application/problem+json') as unknown, body: { detail: expect.stringContaining('not_group_staff') as unknown } });
    expect((await call('GET', `/progress/projects/${projectId}/groups/mine`, tokens.teacher!)).status).toBe(403);
    expect((await call('GET', `/progress/groups/${group!.id}`, tokens['county-admin']!)).status).toBe(403);

    // The leader qualifies by the courses and the duty confirmed by the county admin (the default standard).
    const standards = await call('GET', `/progress/projects/${projectId}/qualification-standards`, leaderToken);
    expect(standards.body.standards).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'group_leader', coursesRequired: true, dutyConfirmationRequired: true })]));
    const confirmUrl = `/progress/projects/${projectId}/duty-confirmations/${leader.id}`;
    expect((await call('PUT', confirmUrl, tokens['school-admin']!)).status).toBe(403);
    expect(await call('PUT', confirmUrl, tokens['county-admin']!)).toMatchObject({ status: 200, body: { created: true, confirmation: { teacherId: leader.id, role: 'group_leader', regionPath: '/37/3701/370102' } } });
    expect(await call('PUT', confirmUrl, tokens['county-admin']!)).toMatchObject({ status: 200, body: { created: false } });
  });
});
