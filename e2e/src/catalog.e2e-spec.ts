import { randomInt } from 'node:crypto';
import { eventually, projectOpenToday, projectStudyStarted, provinceDay, randomIdNumber, seededOrgId } from './fixtures.js';
import { realmAdmin, tokenFor } from './keycloak.js';
import { startPlatform, type RunningPlatform } from './platform.js';

describe('course catalog and selections through the gateway', () => {
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const keycloakUsers: string[] = [];
  let admin: Awaited<ReturnType<typeof realmAdmin>>;

  beforeAll(async () => {
    platform = await startPlatform();
    for (const user of ['province-admin', 'city-admin', 'other-city-admin', 'county-admin', 'school-admin', 'teacher-demo']) tokens[user] = await tokenFor(user);
    admin = await realmAdmin();
    lixiaId = (await created('POST', '/orgs', 'city-admin', { parentId: seededOrgId('/37/3701'), code: '370102', name: '历下区', level: 'county' })).id;
  });

  afterAll(async () => {
    for (const id of keycloakUsers) await admin?.deleteUser(id);
    await platform?.stop();
  });

  type Answer = { status: number; body: Record<string, unknown> & { id: string; detail?: string } };
  const call = async (method: string, url: string, user: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${platform.gateway}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${tokens[user] ?? user}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: response.status === 204 ? ({} as Answer['body']) : ((await response.json()) as Answer['body']) };
  };
  const created = async (method: string, url: string, user: string, body: unknown) => {
    const answer = await call(method, url, user, body);
    if (answer.status >= 300) throw new Error(`${method} ${url} → ${answer.status}: ${answer.body.detail ?? ''}`);
    return answer.body;
  };
  // 历下区, where the county admin and the school admin's S0001 are: this run's identity has it once.
  let lixiaId: string | undefined;
  const lixia = () => {
    if (!lixiaId) throw new Error('历下区 was not created');
    return lixiaId;
  };

  it('keeps the catalog, checks the policy, lets the school choose and the teacher select, and locks at study start', async () => {
    // The catalog: kept by the province, read by everyone.
    const course = async (title: string, creditHours: number, chapterId: string) => (await created('POST', '/courses', 'province-admin', { title, kind: 'general', creditHours, stages: ['high'], chapterId })).id;
    const chapters: Record<string, string> = {};
    for (const [position, name] of ['理念篇', '热点篇', '方法篇', '技术篇'].entries()) chapters[name] = (await created('POST', '/chapters', 'province-admin', { name, position })).id;
    const ch = (name: string) => chapters[name] as string;
    const power = await course('教育变革中的技术力量', 2, ch('理念篇'));
    const change = await course('信息化支持的学习方式变革思考', 2, ch('理念篇'));
    const hot = [await course('人工智能与教育', 2, ch('热点篇')), await course('大数据支持的精准教学', 2, ch('热点篇')), await course('翻转课堂', 2, ch('热点篇'))];
    const optimise = await course('信息技术支持的教学环节优化', 4, ch('方法篇'));
    const micro = await course('微课程的设计与开发', 4, ch('方法篇'));
    const methods = [await course('教学导入中的技术应用', 4, ch('方法篇')), await course('技术支持的教学评价', 4, ch('方法篇')), await course('互动反馈', 2, ch('方法篇'))];
    const tools = [await course('演示文稿高级应用', 6, ch('技术篇')), await course('交互式电子白板', 6, ch('技术篇')), await course('音视频编辑', 6, ch('技术篇')), await course('思维导图', 3, ch('技术篇'))];
    expect((await call('POST', '/courses', 'teacher-demo', { title: 'x', kind: 'general', creditHours: 1 })).status).toBe(403);
    const found = await call('GET', `/courses?stage=high&chapterId=${ch('理念篇')}&q=${encodeURIComponent('技术力量')}`, 'teacher-demo');
    expect((found.body.courses as { id: string }[]).map((c) => c.id)).toEqual([power]);

    // The project comes from identity; catalog learns it from identity's events.
    const p = await created('POST', '/training-projects', 'province-admin', projectOpenToday('high', ['数学']));
    const exact = (hours: number) => ({ mode: 'exact', hours });
    const packages = [
      {
        code: 'A',
        name: '信息技术支持的教学环节优化',
        chapters: [
          { chapterId: ch('理念篇'), hours: exact(2), courseIds: [power], requiredCourseIds: [power] },
          { chapterId: ch('热点篇'), hours: exact(4), courseIds: hot },
          { chapterId: ch('方法篇'), hours: exact(12), courseIds: [optimise, ...methods], requiredCourseIds: [optimise] },
          { chapterId: ch('技术篇'), hours: exact(18), courseIds: tools },
        ],
      },
      {
        code: 'B',
        name: '微课程的设计与开发',
        chapters: [
          { chapterId: ch('理念篇'), hours: exact(2), courseIds: [power, change], chooseSets: [{ courseIds: [power, change], choose: 1 }] },
          { chapterId: ch('热点篇'), hours: exact(4), courseIds: hot },
          { chapterId: ch('方法篇'), hours: exact(12), courseIds: [micro, ...methods], requiredCourseIds: [micro] },
          { chapterId: ch('技术篇'), hours: exact(18), courseIds: tools },
        ],
      },
    ];
    const policyUrl = `/projects/${p.id}/selection-policy`;
    const impossibleA = { ...packages[0], chapters: [{ chapterId: ch('理念篇'), hours: exact(2), courseIds: [power, change], requiredCourseIds: [power, change] }] };
    // 404 project_not_found until catalog's consumer has seen the project.
    const impossible = await eventually(() => call('PUT', policyUrl, 'province-admin', { expectedRevision: 0, packages: [impossibleA] }), (r) => r.status !== 404);
    expect(impossible.status).toBe(400);
    expect(impossible.body.detail).toContain('套餐 A · 理念篇：必选课程共 4 学时，超过本篇要求的 2 学时');
    expect((await call('PUT', policyUrl, 'city-admin', { expectedRevision: 0, packages })).status).toBe(403);
    const policy = await call('PUT', policyUrl, 'province-admin', { expectedRevision: 0, packages });
    expect(policy.status).toBe(200);
    expect(policy.body).toMatchObject({ revision: 1, packages: [{ code: 'A' }, { code: 'B', chapters: [{ name: '理念篇', chooseSets: [{ choose: 1 }] }, {}, {}, {}] }] });

    // Orgs and one enrolled teacher (identity), the school admin's S0001 among them.
    const county = { id: lixia() };
    const s0001 = await created('POST', '/orgs', 'county-admin', { parentId: county.id, code: 'S0001', name: '历下区实验中学', level: 'school' });
    const idNumber = randomIdNumber('370102');
    const teacher = await created('POST', '/teachers', 'county-admin', { orgId: s0001.id, name: '李静', idNumber, gender: 'female', stage: 'high', subject: '数学' });
    await created('POST', `/training-projects/${p.id}/enrollment/open`, 'city-admin', { orgIds: [county.id] });
    await created('POST', `/training-projects/${p.id}/enrollment/open`, 'county-admin', { orgIds: [s0001.id] });
    await created('POST', `/training-projects/${p.id}/enrollments`, 'school-admin', { orgId: s0001.id, entries: [{ teacherId: teacher.id, subject: '数学', role: 'trainee' }] });
    const password = `Yx-${randomInt(100_000, 1_000_000)}-e2e!`;
    keycloakUsers.push(await admin.createTeacher(idNumber.toLowerCase(), password, s0001.path as string, teacher.id));
    tokens.teacher = await tokenFor(idNumber.toLowerCase(), password);

    // The school chooses A; nobody outside the county sees or changes it.
    const choiceUrl = `/projects/${p.id}/schools/${s0001.id}/choice`;
    await eventually(() => call('PUT', choiceUrl, 'school-admin', { packageCode: 'A' }).then((r) => r.status), (status) => status === 200);
    expect((await call('PUT', choiceUrl, 'school-admin', { packageCode: 'C' })).body.detail).toContain('本项目没有套餐 C');
    expect((await call('PUT', choiceUrl, 'other-city-admin', { packageCode: 'B' })).status).toBe(403);
    expect((await call('GET', choiceUrl, 'teacher')).body).toMatchObject({ choice: { packageCode: 'A', imposed: false } });

    // The teacher chooses inside A: refused when it cannot stand, saved with what is missing otherwise.
    const selectionUrl = `/me/projects/${p.id}/course-selection`;
    await eventually(() => call('GET', `/me/projects/${p.id}/courses`, 'teacher').then((r) => r.status), (status) => status === 200);
    const refused = await call('PUT', selectionUrl, 'teacher', { courseIds: [power, micro] });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('《微课程的设计与开发》不在本校所选的套餐 A 中');
    const partial = await call('PUT', selectionUrl, 'teacher', { courseIds: [power, hot[0], optimise, methods[0]] });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ complete: false, revision: 1 });
    expect((partial.body.violations as { message: string }[]).map((v) => v.message)).toEqual(
      expect.arrayContaining(['热点篇已选 2 学时，需要 4 学时，还差 2 学时', '方法篇已选 8 学时，需要 12 学时，还差 4 学时', '技术篇已选 0 学时，需要 18 学时，还差 18 学时']),
    );
    const whole = [power, hot[0], hot[1], optimise, methods[0], methods[1], tools[0], tools[1], tools[2]];
    // A check first: nothing is saved (still revision 1).
    expect((await call('PUT', `${selectionUrl}?dryRun=true`, 'teacher', { courseIds: whole })).body).toMatchObject({ complete: true, revision: 1 });
    const complete = await call('PUT', selectionUrl, 'teacher', { courseIds: whole });
    expect(complete.body).toMatchObject({ complete: true, violations: [], revision: 2 });
    const mine = await call('GET', `/me/projects/${p.id}/courses`, 'teacher');
    expect(mine.body).toMatchObject({ countedHours: 36, projectHours: 50, locked: false, package: { code: 'A' }, schoolChoice: { packageCode: 'A' } });
    expect((mine.body.counted as { courseId: string; reason: string }[]).find((c) => c.courseId === optimise)?.reason).toBe('package_required');

    // Completeness for the school and the county; other cities see nothing.
    const status = await call('GET', `/projects/${p.id}/schools/${s0001.id}/selection-status`, 'school-admin');
    expect(status.body).toMatchObject({ enrolled: 1, complete: 1, teachers: [{ teacherId: teacher.id, complete: true, countedHours: 36 }] });
    expect((await call('GET', `/projects/${p.id}/schools/${s0001.id}/selection-status`, 'other-city-admin')).status).toBe(403);
    const summary = await call('GET', `/projects/${p.id}/orgs/${county.id}/school-selections`, 'county-admin');
    // Other runs' schools of 历下区 are in the replayed history too; S0001 is this run's.
    expect(summary.body.schools).toContainEqual(expect.objectContaining({ orgId: s0001.id, orgPath: '/37/3701/370102/S0001', enrolled: 1, complete: 1, choice: expect.objectContaining({ packageCode: 'A' }) as unknown }));
    expect((await call('GET', `/projects/${p.id}/orgs/${county.id}/school-selections`, 'other-city-admin')).status).toBe(403);

    // The county imposes B on all its schools; the school cannot choose otherwise until it is lifted.
    const imposeUrl = `/projects/${p.id}/orgs/${county.id}/imposed-choice`;
    expect((await call('PUT', imposeUrl, 'school-admin', { packageCode: 'B' })).status).toBe(403);
    expect((await call('PUT', imposeUrl, 'county-admin', { packageCode: 'B' })).body).toMatchObject({ packageCode: 'B', imposed: true });
    const blocked = await call('PUT', choiceUrl, 'school-admin', { packageCode: 'A' });
    expect(blocked.status).toBe(422);
    expect(blocked.body.detail).toContain('choice_imposed');
    expect((await call('GET', `/me/projects/${p.id}/courses`, 'teacher')).body).toMatchObject({ countedHours: 4, selection: { complete: false, courseIds: [] } });
    // Catalog republished what counts; progress follows over Kafka: only B's 必选 counts now, A's list again once lifted.
    const progressCourses = () => call('GET', `/progress/projects/${p.id}/me`, 'teacher').then((r) => ((r.body.courses ?? []) as { courseId: string }[]).map((c) => c.courseId).sort());
    await eventually(progressCourses, (ids) => ids.join() === micro);
    expect((await call('DELETE', imposeUrl, 'county-admin')).status).toBe(204);
    expect((await call('GET', `/me/projects/${p.id}/courses`, 'teacher')).body).toMatchObject({ countedHours: 36 });
    await eventually(progressCourses, (ids) => ids.join() === [...whole].sort().join());

    // A project whose study started (middle school: one project per stage and year, and these tests hold the high and primary ones):
    // every selection change gets a clear refusal.
    const started = await created('POST', '/training-projects', 'province-admin', projectStudyStarted('middle', ['数学']));
    const late = await eventually(
      () => call('PUT', `/projects/${started.id}/schools/${s0001.id}/choice`, 'school-admin', { packageCode: 'A' }),
      (r) => r.status === 422,
    );
    expect(late.body.detail).toContain(`selection_locked: 研修已于 ${provinceDay(-1)} 开始，选课已锁定，不能再修改`);
  });

  it('lets a school choose its elective topics and its teacher choose courses under them only', async () => {
    // The catalog's topics (专题) and their courses, for primary teachers.
    const topic = async (name: string, courses: [string, number][]) => {
      const id = (await created('POST', '/topics', 'province-admin', { name })).id;
      const ids = [];
      for (const [title, creditHours] of courses) ids.push((await created('POST', '/courses', 'province-admin', { title, kind: 'general', creditHours, stages: ['primary'], topicId: id })).id);
      return { id, courses: ids };
    };
    const mental = await topic('中小学心理健康教育', [['学生心理问题的识别', 2], ['心理辅导的基本方法', 4]]);
    const classroom = await topic('班级管理', [['班主任工作艺术', 2], ['家校沟通', 2]]);
    const safety = await topic('校园安全', [['校园安全事故的预防', 3]]);
    const p = await created('POST', '/training-projects', 'province-admin', projectOpenToday('primary', ['数学']));
    const electives = { topics: [mental, classroom, safety].map((t) => ({ topicId: t.id })), groups: [{ name: '选修专题', topicIds: [mental.id, classroom.id, safety.id], minimumHours: 6 }], schoolMinTopics: 2, schoolMaxTopics: 2 };
    const policy = await eventually(() => call('PUT', `/projects/${p.id}/selection-policy`, 'province-admin', { expectedRevision: 0, electives }), (r) => r.status !== 404);
    expect(policy.status).toBe(200);

    // A primary school of 历下区 and one of its teachers, enrolled, with an account.
    const countyId = lixia();
    const code = `P${randomInt(1000, 10000)}`;
    const school = await created('POST', '/orgs', 'county-admin', { parentId: countyId, code, name: `历下区第${code}小学`, level: 'school' });
    const idNumber = randomIdNumber('370102');
    const t = await created('POST', '/teachers', 'county-admin', { orgId: school.id, name: '王芳', idNumber, gender: 'female', stage: 'primary', subject: '数学' });
    await created('POST', `/training-projects/${p.id}/enrollment/open`, 'city-admin', { orgIds: [countyId] });
    await created('POST', `/training-projects/${p.id}/enrollment/open`, 'county-admin', { orgIds: [school.id] });
    await created('POST', `/training-projects/${p.id}/enrollments`, 'county-admin', { orgId: school.id, entries: [{ teacherId: t.id, subject: '数学', role: 'trainee' }] });
    const password = `Yx-${randomInt(100_000, 1_000_000)}-e2e!`;
    keycloakUsers.push(await admin.createTeacher(idNumber.toLowerCase(), password, school.path as string, t.id));
    tokens.primaryTeacher = await tokenFor(idNumber.toLowerCase(), password);

    const choiceUrl = `/projects/${p.id}/schools/${school.id}/choice`;
    const one = await eventually(() => call('PUT', choiceUrl, 'county-admin', { topicIds: [mental.id] }), (r) => r.status !== 404);
    expect(one.body.detail).toContain('学校需要选择 2 个专题，现在选了 1 个');
    expect((await call('PUT', choiceUrl, 'county-admin', { topicIds: [mental.id, classroom.id] })).body).toMatchObject({ topicIds: [mental.id, classroom.id] });

    const selectionUrl = `/me/projects/${p.id}/course-selection`;
    await eventually(() => call('GET', `/me/projects/${p.id}/courses`, 'primaryTeacher').then((r) => r.status), (status) => status === 200);
    const outside = await call('PUT', selectionUrl, 'primaryTeacher', { courseIds: safety.courses });
    expect(outside.status).toBe(400);
    expect(outside.body.detail).toContain('《校园安全事故的预防》不在本校可选的课程中');
    const chosen = await call('PUT', selectionUrl, 'primaryTeacher', { courseIds: [mental.courses[1], classroom.courses[0]] });
    expect(chosen.body).toMatchObject({ complete: true, violations: [] });
    expect((await call('GET', `/me/projects/${p.id}/courses`, 'primaryTeacher')).body).toMatchObject({ countedHours: 6, schoolChoice: { topicIds: [mental.id, classroom.id] } });
  });
});
