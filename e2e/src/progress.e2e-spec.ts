import { randomUUID } from 'node:crypto';
import { eventually, randomIdNumber, seededOrgId } from './fixtures.js';
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
  let accountId = '';
  let teacherId = '';
  const school = '/37/3701/370102/S0001';

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
    const idNumber = randomIdNumber();
    const teacher = await call('POST', '/teachers', tokens['school-admin']!, { orgId: s0001.body.id, name: '王芳', idNumber, gender: 'female', stage: 'primary', subject: '数学' });
    if (teacher.status !== 201) throw new Error(`create teacher: ${teacher.status} ${JSON.stringify(teacher.body)}`);
    teacherId = teacher.body.id as string;
    accountId = await admin.createTeacher(idNumber.toLowerCase(), 'Study-2026!', school, teacherId);
    tokens.teacher = await tokenFor(idNumber.toLowerCase(), 'Study-2026!');
  });

  afterAll(async () => {
    if (accountId) await admin?.deleteUser(accountId);
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
});
