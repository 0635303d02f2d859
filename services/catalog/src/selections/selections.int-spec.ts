import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { isWithinJurisdiction, type Principal, type Role } from '@yanxiu/auth';
import { catalogSelection, enrollment as enrollmentContract, studyGroup as groupContract, Topics } from '@yanxiu/contracts';
import type { TestDatabase } from '@yanxiu/database';
import { incomingEvent } from '@yanxiu/messaging/testing';
import { EntityManager, type DataSource } from 'typeorm';
import { CourseRepository } from '../courses/course.repository.js';
import { CreateCourseUseCase } from '../courses/save-course.use-case.js';
import { PolicyRepository } from '../policies/policy.repository.js';
import type { PolicyRulesInput } from '../policies/resolve-policy.js';
import { SavePolicyUseCase } from '../policies/save-policy.use-case.js';
import { IdentityEventsProjection } from '../projections/identity-events.projection.js';
import { IdentityProjectionRepository, type EnrollmentRecord } from '../projections/identity-projection.repository.js';
import type { ProjectRecord } from '../projections/project.js';
import { catalogDatabase, catalogue2024, chinaDate, knownProject, outbox, principal, provinceExpert } from '../testing.spec-helper.js';
import { SaveTopicUseCase } from '../topics/save-topic.use-case.js';
import { TopicRepository } from '../topics/topic.repository.js';
import { LockSelectionsJob } from './lock-selections.job.js';
import { GetSchoolChoiceUseCase, ImposeChoiceUseCase, SaveSchoolChoiceUseCase } from './school-choice.use-case.js';
import { SelectionContext } from './selection-context.js';
import { SelectionRepository } from './selection.repository.js';
import { GetSchoolSelectionStatusUseCase, ListSchoolSelectionStatusUseCase } from './selection-status.use-case.js';
import { ChooseGroupLevelUseCase, GetMyCoursesUseCase, SaveTeacherSelectionUseCase } from './teacher-selection.use-case.js';

const LIXIA = '/37/3701/370102';
const S1 = `${LIXIA}/S0001`;
const S2 = `${LIXIA}/S0002`;
const S3 = '/37/3701/370103/S0003';
const S4 = '/37/3702/370202/S0004';
const orgs = [
  ['/37', 'province'],
  ['/37/3701', 'city'],
  ['/37/3702', 'city'],
  [LIXIA, 'county'],
  ['/37/3701/370103', 'county'],
  ['/37/3702/370202', 'county'],
  [S1, 'school'],
  [S2, 'school'],
  [S3, 'school'],
  [S4, 'school'],
] as const;
const orgId = (path: string) => `00000000-0000-4000-8000-${path.replace(/\D/g, '').padStart(12, '0').slice(-12)}`;
const teacher = (teacherId: string, orgPath: string): Principal => ({ ...principal(['teacher'], orgPath, `t-${teacherId.slice(0, 8)}`), teacherId });
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: Error & { code?: string }) => e.code ?? e.message,
  );

describe('school choices, teacher selections and their lock on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let ctx: SelectionContext;
  let rules: PolicyRulesInput;
  let courseId: (fixtureId: string) => string;
  let saveChoice: SaveSchoolChoiceUseCase;
  let impose: ImposeChoiceUseCase;
  let saveSelection: SaveTeacherSelectionUseCase;
  let myCourses: GetMyCoursesUseCase;
  const projections = new IdentityProjectionRepository();

  beforeAll(async () => {
    ({ db, dataSource } = await catalogDatabase());
    ctx = new SelectionContext(projections, new PolicyRepository(), new SelectionRepository());
    saveChoice = new SaveSchoolChoiceUseCase(dataSource, ctx);
    impose = new ImposeChoiceUseCase(dataSource, ctx, saveChoice);
    saveSelection = new SaveTeacherSelectionUseCase(dataSource, ctx);
    myCourses = new GetMyCoursesUseCase(dataSource, ctx);
    ({ rules, courseId } = await catalogue2024(dataSource));
    await dataSource.transaction(async (m) => {
      for (const [path, level] of orgs) await projections.upsertOrg(m, { id: orgId(path), path, name: path, level });
    });
  });

  afterAll(async () => {
    await db?.drop();
  });

  const savePolicy = (projectId: string, policyRules = rules, expectedRevision = 0) =>
    new SavePolicyUseCase(dataSource, new PolicyRepository(), new CourseRepository(), new TopicRepository(), ctx).execute(provinceExpert, { projectId, rules: policyRules, expectedRevision });
  const enrol = async (project: ProjectRecord, orgPath: string, role: EnrollmentRecord['role'] = 'trainee', subject = '数学'): Promise<string> => {
    const teacherId = randomUUID();
    await dataSource.transaction((m) => projections.applyEnrollment(m, { enrollmentId: randomUUID(), projectId: project.id, teacherId, orgId: orgId(orgPath), orgPath, subject, role, status: 'enrolled', version: 1 }));
    return teacherId;
  };
  /** A project in its selection window with the 2024 packages as policy. */
  const openProject = async (overrides: Partial<ProjectRecord> = {}) => {
    const project = await knownProject(dataSource, overrides);
    await savePolicy(project.id);
    return project;
  };
  const ids = (...fixtureIds: string[]) => fixtureIds.map(courseId);
  // 2 + 4 + 12 + 18 学时 in package A.
  const completeA = () =>
    ids('tech-power', 'hot-ai', 'hot-big-data', 'a-step-optimisation', 'a-introduction', 'a-lecturing', 'a-assessment', 'a-analysis', 'tool-slides', 'tool-whiteboard', 'tool-audio-video', 'tool-subject', 'tool-mind-map', 'tool-images');
  const schoolAdmin = (path: string) => principal(['school-admin'], path);
  const countyAdmin = principal(['county-admin'], LIXIA);
  const choose = (who: Principal, project: ProjectRecord, path: string, packageCode: string | null) => saveChoice.execute(who, { projectId: project.id, orgId: orgId(path), packageCode, topicIds: [] });
  const countedEvents = async (teacherId: string) =>
    (await outbox(dataSource, Topics.countedCoursesChanged)).filter((e) => e.key === teacherId).map((e) => catalogSelection.CountedCoursesChanged.decode(e.payload));

  describe('school choices', () => {
    it('lets a school admin pick one package of the policy for their school only, and events it', async () => {
      const project = await openProject();
      const chosen = await choose(schoolAdmin(S1), project, S1, 'A');
      expect(chosen).toMatchObject({ orgPath: S1, packageCode: 'A', imposed: false, revision: 1, chosenBy: 'school-admin' });
      const events = (await outbox(dataSource, Topics.schoolChoiceSaved)).filter((e) => e.key === orgId(S1)).map((e) => catalogSelection.SchoolChoiceSaved.decode(e.payload).choice);
      expect(events).toContainEqual(expect.objectContaining({ projectId: project.id, packageCode: 'A', imposed: false }));

      expect(await codeOf(choose(schoolAdmin(S2), project, S1, 'B'))).toBe('out_of_jurisdiction');
      expect(await codeOf(choose(teacher(randomUUID(), S1), project, S1, 'B'))).toBe('role_not_allowed');
      await expect(choose(schoolAdmin(S1), project, S1, 'C')).rejects.toMatchObject({ code: 'choice_invalid', message: '本项目没有套餐 C（可选：A、B）' });
      await expect(choose(schoolAdmin(S1), project, S1, null)).rejects.toMatchObject({ code: 'choice_invalid', message: '请选择一个课程套餐' });
      expect(await codeOf(choose(countyAdmin, project, LIXIA, 'A'))).toBe('invalid_argument');
      expect((await choose(schoolAdmin(S1), project, S1, 'B')).revision).toBe(2);
    });

    it("lets a county impose one package on all its schools, overriding theirs until lifted", async () => {
      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      await impose.execute(countyAdmin, { projectId: project.id, orgId: orgId(LIXIA), packageCode: 'B', topicIds: [] });
      const get = new GetSchoolChoiceUseCase(dataSource, ctx);
      expect(await get.execute(schoolAdmin(S1), { projectId: project.id, orgId: orgId(S1) })).toMatchObject({ packageCode: 'B', imposed: true, orgPath: LIXIA });
      expect(await get.execute(schoolAdmin(S3), { projectId: project.id, orgId: orgId(S3) })).toBeNull();
      await expect(choose(schoolAdmin(S2), project, S2, 'A')).rejects.toMatchObject({ code: 'choice_imposed', message: `${LIXIA} 已为所属学校统一选择了套餐 B，学校不能另选` });
      expect(await codeOf(impose.execute(schoolAdmin(S1), { projectId: project.id, orgId: orgId(LIXIA), packageCode: 'A', topicIds: [] }))).toBe('role_not_allowed');
      expect(await codeOf(impose.execute(principal(['county-admin'], '/37/3701/370103'), { projectId: project.id, orgId: orgId(LIXIA), packageCode: 'A', topicIds: [] }))).toBe('out_of_jurisdiction');

      await impose.lift(countyAdmin, { projectId: project.id, orgId: orgId(LIXIA) });
      expect(await get.execute(schoolAdmin(S1), { projectId: project.id, orgId: orgId(S1) })).toMatchObject({ packageCode: 'A', imposed: false });
    });

    it('refuses choices outside the window and after study started, saying when', async () => {
      const early = await openProject({ selectionStart: chinaDate(2), selectionEnd: chinaDate(4), studyStart: chinaDate(6) });
      await expect(choose(schoolAdmin(S1), early, S1, 'A')).rejects.toMatchObject({ code: 'selection_not_open', message: `选课将于 ${early.selectionStart} 开始，现在还不能选择` });
      const started = await knownProject(dataSource, { selectionStart: chinaDate(-9), selectionEnd: chinaDate(-2), studyStart: chinaDate(0) });
      await expect(choose(schoolAdmin(S1), started, S1, 'A')).rejects.toMatchObject({ code: 'selection_locked' });
      const closed = await openProject({ selectionStart: chinaDate(-9), selectionEnd: chinaDate(-1), studyStart: chinaDate(3) });
      await expect(choose(schoolAdmin(S1), closed, S1, 'A')).rejects.toMatchObject({ code: 'selection_closed', message: `选课已于 ${closed.selectionEnd} 结束，不能再修改` });
    });
  });

  describe('teacher selections', () => {
    it('saves a complete selection in the school package and publishes what counts for the teacher', async () => {
      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      const teacherId = await enrol(project, S1);
      const { selection, standing } = await saveSelection.execute(teacher(teacherId, S1), { projectId: project.id, courseIds: completeA(), dryRun: false });
      expect(selection).toMatchObject({ packageCode: 'A', revision: 1 });
      expect(standing).toMatchObject({ complete: true, violations: [], countedHours: 36 });

      const saved = (await outbox(dataSource, Topics.teacherSelectionSaved)).filter((e) => e.key === teacherId).map((e) => catalogSelection.TeacherSelectionSaved.decode(e.payload).selection);
      expect(saved).toEqual([expect.objectContaining({ projectId: project.id, complete: true, packageCode: 'A' })]);
      const [counted] = await countedEvents(teacherId);
      expect(counted).toMatchObject({ projectId: project.id, teacherId, totalHours: 36, projectHours: 50, final: false });
      expect(counted?.courses.map((c) => c.courseId).sort()).toEqual([...completeA()].sort());
      expect(counted?.courses.find((c) => c.courseId === courseId('tech-power'))?.reason).toBe(catalogSelection.CountedReason.COUNTED_REASON_PACKAGE_REQUIRED);
    });

    it('saves an incomplete selection with what is missing, and refuses one that cannot stand', async () => {
      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      const teacherId = await enrol(project, S1);
      const me = teacher(teacherId, S1);
      const partial = await saveSelection.execute(me, { projectId: project.id, courseIds: ids('hot-ai', 'tool-slides'), dryRun: false });
      expect(partial.standing.complete).toBe(false);
      expect(partial.standing.violations.map((v) => v.message)).toEqual(
        expect.arrayContaining(['理念篇缺少必选课程《教育变革中的技术力量》', '热点篇已选 2 学时，需要 4 学时，还差 2 学时', '技术篇已选 3 学时，需要 18 学时，还差 15 学时']),
      );
      // Required courses count even before they are picked: they are 必选 for the whole package.
      expect(partial.standing.counted.map((c) => c.courseId).sort()).toEqual(ids('hot-ai', 'tool-slides', 'tech-power', 'a-step-optimisation').sort());

      const refused = saveSelection.execute(me, { projectId: project.id, courseIds: [...completeA(), courseId('b-micro-course'), courseId('tool-platform')], dryRun: false });
      await expect(refused).rejects.toMatchObject({ code: 'selection_refused', message: '《微课程的设计与开发》不在本校所选的套餐 A 中；技术篇已选 21 学时，套餐 A 规定本篇为 18 学时，多了 3 学时' });
      const dry = await saveSelection.execute(me, { projectId: project.id, courseIds: completeA(), dryRun: true });
      expect(dry).toMatchObject({ standing: { complete: true }, selection: { revision: 1 } });
      expect((await myCourses.execute(me, { projectId: project.id, teacherId: null })).standing.complete).toBe(false);
    });

    it('refuses teachers who are not learners of the project, before the school chose, and after study started', async () => {
      const project = await openProject();
      const tutor = await enrol(project, S1, 'tutor');
      expect(await codeOf(saveSelection.execute(teacher(tutor, S1), { projectId: project.id, courseIds: [], dryRun: false }))).toBe('role_not_allowed');
      expect(await codeOf(saveSelection.execute(teacher(randomUUID(), S1), { projectId: project.id, courseIds: [], dryRun: false }))).toBe('not_enrolled');
      expect(await codeOf(saveSelection.execute(principal(['teacher'], S1), { projectId: project.id, courseIds: [], dryRun: false }))).toBe('role_not_allowed');
      const early = await enrol(project, S2);
      await expect(saveSelection.execute(teacher(early, S2), { projectId: project.id, courseIds: [], dryRun: false })).rejects.toMatchObject({
        code: 'school_choice_missing',
        message: '学校还没有选定课程套餐，暂时不能选课',
      });

      const started = await knownProject(dataSource, { selectionStart: chinaDate(-9), selectionEnd: chinaDate(-1), studyStart: chinaDate(0) });
      const late = await enrol(started, S1);
      await expect(saveSelection.execute(teacher(late, S1), { projectId: started.id, courseIds: completeA(), dryRun: false })).rejects.toMatchObject({
        code: 'selection_locked',
        message: `研修已于 ${started.studyStart} 开始，选课已锁定，不能再修改；未选的课程仍可观看，但不计入学时`,
      });
    });

    it("treats a selection made in a package the school left as nothing chosen", async () => {
      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      const teacherId = await enrol(project, S1);
      await saveSelection.execute(teacher(teacherId, S1), { projectId: project.id, courseIds: completeA(), dryRun: false });
      await choose(schoolAdmin(S1), project, S1, 'B');
      const mine = await myCourses.execute(teacher(teacherId, S1), { projectId: project.id, teacherId: null });
      expect(mine.choice?.packageCode).toBe('B');
      expect(mine.standing.courseIds).toEqual([]);
      expect(mine.counted.map((c) => c.courseId)).toEqual([courseId('b-micro-course')]);
      expect(mine.offered.map((c) => c.courseId)).toContain(courseId('learning-change'));
      expect(mine.standing.violations.map((v) => v.kind)).toContain('choice_missing');
    });
  });

  describe('views for admins, over generated (admin, school) pairs', () => {
    const adminRoles: [Role, string][] = orgs.map(([path, level]) => [level === 'province' ? 'province-admin' : level === 'city' ? 'city-admin' : level === 'county' ? 'county-admin' : 'school-admin', path]);
    const schools = orgs.filter(([, level]) => level === 'school').map(([path]) => path);

    it('shows a school only to admins whose subtree holds it, and lists only schools inside the subtree', async () => {
      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      const done = await enrol(project, S1);
      await enrol(project, S1, 'group_leader');
      await enrol(project, S1, 'tutor');
      await saveSelection.execute(teacher(done, S1), { projectId: project.id, courseIds: completeA(), dryRun: false });
      const status = new GetSchoolSelectionStatusUseCase(dataSource, ctx);
      const list = new ListSchoolSelectionStatusUseCase(dataSource, ctx);

      for (const [role, adminPath] of adminRoles) {
        const admin = principal([role], adminPath);
        for (const school of schools) {
          const allowed = isWithinJurisdiction(adminPath, school);
          expect([role, adminPath, school, await codeOf(status.execute(admin, { projectId: project.id, orgId: orgId(school) }))]).toEqual([role, adminPath, school, allowed ? 'ok' : 'out_of_jurisdiction']);
        }
        if (role === 'school-admin') continue;
        const listed = await list.execute(admin, { projectId: project.id, orgId: orgId(adminPath), pageSize: 2, pageToken: '' });
        const all = [...listed.schools];
        let token = listed.nextPageToken;
        while (token) {
          const next = await list.execute(admin, { projectId: project.id, orgId: orgId(adminPath), pageSize: 2, pageToken: token });
          all.push(...next.schools);
          token = next.nextPageToken;
        }
        expect(all.map((s) => s.org.path)).toEqual(schools.filter((s) => isWithinJurisdiction(adminPath, s)));
        expect(listed.total).toBe(all.length);
      }
      expect(await codeOf(status.execute(teacher(done, S1), { projectId: project.id, orgId: orgId(S1) }))).toBe('role_not_allowed');

      const s1 = await status.execute(schoolAdmin(S1), { projectId: project.id, orgId: orgId(S1) });
      expect(s1.choice?.packageCode).toBe('A');
      expect(s1.participants).toHaveLength(2);
      expect(s1.participants.find((p) => p.enrollment.teacherId === done)?.standing.complete).toBe(true);
      expect(s1.participants.find((p) => p.enrollment.teacherId !== done)?.standing.violations[0]?.message).toBe('理念篇缺少必选课程《教育变革中的技术力量》');
      const county = await list.execute(countyAdmin, { projectId: project.id, orgId: orgId(LIXIA), pageSize: 0, pageToken: '' });
      expect(county.schools.map((s) => [s.org.path, s.choice?.packageCode ?? null, s.enrolled, s.complete])).toEqual([
        [S1, 'A', 2, 1],
        [S2, null, 0, 0],
      ]);
      // An admin may look at a participant's courses in their subtree, not elsewhere.
      expect(await codeOf(myCourses.execute(schoolAdmin(S1), { projectId: project.id, teacherId: done }))).toBe('ok');
      expect(await codeOf(myCourses.execute(schoolAdmin(S2), { projectId: project.id, teacherId: done }))).toBe('out_of_jurisdiction');
      expect(await codeOf(myCourses.execute(teacher(randomUUID(), S1), { projectId: project.id, teacherId: done }))).toBe('role_not_allowed');
    });
  });

  describe('lock at study start', () => {
    it('publishes the final counted courses of every learner once, then SelectionsLocked, resuming batch by batch', async () => {
      const project = await openProject({ selectionStart: chinaDate(-6), selectionEnd: chinaDate(-1), studyStart: chinaDate(1) });
      const learners = await Promise.all([enrol(project, S1), enrol(project, S1), enrol(project, S2), enrol(project, S3, 'group_leader'), enrol(project, S4)]);
      const tutor = await enrol(project, S1, 'tutor');
      // Tomorrow, study has started: the sweep runs as of then.
      const tomorrow = () => new Date(Date.now() + 86_400_000);
      const sweep = new LockSelectionsJob(dataSource, ctx, { batchSize: 2, now: tomorrow });
      expect(await new LockSelectionsJob(dataSource, ctx, { batchSize: 2 }).runOnce()).toBeGreaterThanOrEqual(0);
      expect((await countedEvents(learners[0])).filter((e) => e.final)).toEqual([]);

      const batches = await sweep.runOnce();
      expect(batches).toBeGreaterThanOrEqual(3);
      for (const t of learners) expect((await countedEvents(t)).filter((e) => e.final && e.projectId === project.id)).toHaveLength(1);
      expect(await countedEvents(tutor)).toEqual([]);
      const locked = (await outbox(dataSource, Topics.selectionsLocked)).filter((e) => e.key === project.id);
      expect(locked.map((e) => catalogSelection.SelectionsLocked.decode(e.payload))).toEqual([expect.objectContaining({ projectId: project.id, studyStartDate: project.studyStart })]);
      expect(await sweep.runOnce()).toBe(0);
    });

    it('publishes, once, the final list of a learner whose enrollment reaches catalog after the sweep passed them; final lists stand', async () => {
      const consumer = new IdentityEventsProjection(projections, ctx.counted);
      const fact = (project: ProjectRecord, f: Partial<enrollmentContract.EnrollmentFact>) => ({
        ...enrollmentContract.EnrollmentFact.decode(new Uint8Array()),
        projectId: project.id,
        orgId: orgId(S1),
        orgPath: S1,
        subject: '数学',
        role: enrollmentContract.EnrollmentRole.ENROLLMENT_ROLE_TRAINEE,
        status: enrollmentContract.EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED,
        version: 1,
        ...f,
      });
      const submitted = (project: ProjectRecord, f: Partial<enrollmentContract.EnrollmentFact>) =>
        dataSource.transaction((m) => consumer.apply(incomingEvent(Topics.enrollmentSubmitted, enrollmentContract.EnrollmentSubmitted.encode({ enrollment: fact(project, f) }).finish()), m));
      const changed = (project: ProjectRecord, f: Partial<enrollmentContract.EnrollmentFact>) =>
        dataSource.transaction((m) =>
          consumer.apply(incomingEvent(Topics.enrollmentChanged, enrollmentContract.EnrollmentChanged.encode({ ...enrollmentContract.EnrollmentChanged.decode(new Uint8Array()), enrollment: fact(project, f) }).finish()), m),
        );
      const finals = async (project: ProjectRecord, teacherId: string) => (await countedEvents(teacherId)).filter((e) => e.projectId === project.id && e.final);
      /** Study starts today (identity moved the windows before it started). */
      const startStudy = (project: ProjectRecord) => dataSource.transaction((m) => projections.applyProject(m, { ...project, selectionEnd: chinaDate(-1), studyStart: chinaDate(0), version: 2 }));

      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      const early = { enrollmentId: randomUUID(), teacherId: randomUUID() };
      await submitted(project, early);
      await startStudy(project);
      await new LockSelectionsJob(dataSource, ctx).runOnce();
      expect(await finals(project, early.teacherId)).toHaveLength(1);

      // Enrolled before study started, seen by catalog only now: submitted and changed, at once.
      const late = { enrollmentId: randomUUID(), teacherId: randomUUID() };
      await Promise.all([submitted(project, late), changed(project, { ...late, version: 2 })]);
      await submitted(project, { enrollmentId: randomUUID(), teacherId: randomUUID(), role: enrollmentContract.EnrollmentRole.ENROLLMENT_ROLE_TUTOR });
      const lateFinals = await finals(project, late.teacherId);
      expect(lateFinals).toMatchObject([{ totalHours: 6 }]);
      expect(lateFinals[0]?.courses.map((c) => c.courseId)).toContain(courseId('tech-power'));
      // Moved to another school after study started (a transfer): the final lists stand, the late one's too.
      const before = (await outbox(dataSource, Topics.countedCoursesChanged)).length;
      await changed(project, { ...early, orgId: orgId(S2), orgPath: S2, version: 2 });
      await changed(project, { ...late, orgId: orgId(S2), orgPath: S2, version: 3 });
      expect(await outbox(dataSource, Topics.countedCoursesChanged)).toHaveLength(before);

      // Halfway through a sweep: a learner at or before its cursor is published now, one after it by the sweep, each once.
      const next = await openProject();
      await startStudy(next);
      const [passed, ahead] = [`00${randomUUID().slice(2)}`, `ff${randomUUID().slice(2)}`];
      await dataSource.transaction((m) => projections.advanceLock(m, next.id, { cursor: '80000000-0000-4000-8000-000000000000' }));
      await submitted(next, { enrollmentId: randomUUID(), teacherId: passed });
      await submitted(next, { enrollmentId: randomUUID(), teacherId: ahead });
      expect([(await finals(next, passed)).length, (await finals(next, ahead)).length]).toEqual([1, 0]);
      await new LockSelectionsJob(dataSource, ctx).runOnce();
      expect([(await finals(next, passed)).length, (await finals(next, ahead)).length]).toEqual([1, 1]);
    });
  });

  describe('kindergarten levels', () => {
    it("lets only the group's leader choose its level, and the members' pushed courses follow", async () => {
      const createCourse = new CreateCourseUseCase(dataSource, new CourseRepository(), new TopicRepository());
      const course = (title: string, level: 'basic' | 'advanced' | null) =>
        createCourse.execute(provinceExpert, { title, kind: 'general', creditHours: 6, mediaRef: '', stages: ['kindergarten'], subjects: [], topicId: null, chapterId: null, level, quizIds: [] });
      const common = await course('幼儿园一日活动流程及组织要点', null);
      const basic = await course('区域活动的组织与实施（基础）', 'basic');
      const advanced = await course('区域活动的组织与实施（提高）', 'advanced');
      const project = await knownProject(dataSource, { stage: 'kindergarten' });
      await savePolicy(project.id, {
        packages: [],
        electives: null,
        pushed: [
          { stage: 'kindergarten', subject: null, level: null, courseIds: [common.id] },
          { stage: 'kindergarten', subject: null, level: 'basic', courseIds: [basic.id] },
          { stage: 'kindergarten', subject: null, level: 'advanced', courseIds: [advanced.id] },
        ],
      });
      const leader = await enrol(project, S1, 'group_leader', '');
      const member = await enrol(project, S1, 'trainee', '');
      const groupId = randomUUID();
      await dataSource.transaction((m) => projections.applyStudyGroup(m, { groupId, projectId: project.id, orgPath: S1, leaderTeacherId: leader, memberTeacherIds: [leader, member], dissolved: false, version: 1 }));
      const chooseLevel = new ChooseGroupLevelUseCase(dataSource, ctx);

      expect(await codeOf(chooseLevel.execute(teacher(member, S1), { projectId: project.id, groupId, level: 'advanced' }))).toBe('role_not_allowed');
      await chooseLevel.execute(teacher(leader, S1), { projectId: project.id, groupId, level: 'advanced' });
      const mine = await myCourses.execute(teacher(member, S1), { projectId: project.id, teacherId: null });
      expect(mine.counted.map((c) => c.courseId)).toEqual([common.id, advanced.id]);
      expect((await countedEvents(member)).at(-1)?.courses.map((c) => c.courseId)).toEqual([common.id, advanced.id]);

      // A newer formation dissolved the group: its level no longer applies.
      await dataSource.transaction((m) => projections.applyStudyGroup(m, { groupId, projectId: project.id, orgPath: S1, leaderTeacherId: leader, memberTeacherIds: [], dissolved: true, version: 2 }));
      expect((await myCourses.execute(teacher(member, S1), { projectId: project.id, teacherId: null })).counted.map((c) => c.courseId)).toEqual([common.id]);
      expect(await codeOf(chooseLevel.execute(teacher(leader, S1), { projectId: project.id, groupId, level: 'basic' }))).toBe('not_enrolled');
    });
  });

  describe('what counts, republished whenever a change moves it', () => {
    /** A teacher's counted-courses events by version, checking versions and times only ever grow. */
    const versioned = async (teacherId: string) => {
      const events = await countedEvents(teacherId);
      const byVersion = [...events].sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
      expect(new Set(events.map((e) => e.version)).size).toBe(events.length);
      for (const [i, e] of byVersion.entries()) if (i > 0) expect(Date.parse(e.occurredAt)).toBeGreaterThan(Date.parse(byVersion[i - 1]?.occurredAt ?? ''));
      return byVersion;
    };
    const latest = async (teacherId: string) => (await versioned(teacherId)).at(-1);
    const courseIdsOf = (e: catalogSelection.CountedCoursesChanged | undefined) => e?.courses.map((c) => c.courseId).sort();

    it("republishes the school's learners when the school changes package, and no one else", async () => {
      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      const teacherId = await enrol(project, S1);
      const elsewhere = await enrol(project, S2);
      await saveSelection.execute(teacher(teacherId, S1), { projectId: project.id, courseIds: completeA(), dryRun: false });
      expect(await latest(teacherId)).toMatchObject({ version: 1, totalHours: 36 });

      await choose(schoolAdmin(S1), project, S1, 'B');
      // The A selection counts for nothing under B; B's 必选 counts for everyone in it.
      expect(await latest(teacherId)).toMatchObject({ version: 2, projectId: project.id, final: false, totalHours: 4, courses: [expect.objectContaining({ courseId: courseId('b-micro-course') })] });
      expect(await countedEvents(elsewhere)).toEqual([]);
    });

    it('republishes every learner of a county when it imposes a package, and restores their own when lifted', async () => {
      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      const chose = await enrol(project, S1);
      const noChoice = await enrol(project, S2, 'group_leader');
      const otherCounty = await enrol(project, S3);
      const tutor = await enrol(project, S2, 'tutor');
      await saveSelection.execute(teacher(chose, S1), { projectId: project.id, courseIds: completeA(), dryRun: false });

      await impose.execute(countyAdmin, { projectId: project.id, orgId: orgId(LIXIA), packageCode: 'B', topicIds: [] });
      expect(await latest(chose)).toMatchObject({ version: 2, totalHours: 4 });
      expect(await latest(noChoice)).toMatchObject({ version: 1, totalHours: 4 });
      expect(courseIdsOf(await latest(noChoice))).toEqual([courseId('b-micro-course')]);
      expect(await countedEvents(otherCounty)).toEqual([]);
      expect(await countedEvents(tutor)).toEqual([]);

      await impose.lift(countyAdmin, { projectId: project.id, orgId: orgId(LIXIA) });
      expect(await latest(chose)).toMatchObject({ version: 3, totalHours: 36 });
      expect(courseIdsOf(await latest(chose))).toEqual([...completeA()].sort());
      // S2 never chose: nothing counts there until it does.
      expect(await latest(noChoice)).toMatchObject({ version: 2, courses: [], totalHours: 0 });
    });

    it("republishes every learner of the project when the policy changes, with pushed courses by stage and subject", async () => {
      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      const maths = await enrol(project, S1, 'trainee', '数学');
      const chinese = await enrol(project, S3, 'trainee', '语文');
      const pushed = await new CreateCourseUseCase(dataSource, new CourseRepository(), new TopicRepository()).execute(provinceExpert, {
        title: '高中数学新课标解读',
        kind: 'subject',
        creditHours: 6,
        mediaRef: '',
        stages: ['high'],
        subjects: ['数学'],
        topicId: null,
        chapterId: null,
        level: null,
        quizIds: [],
      });
      await savePolicy(project.id, { ...rules, pushed: [{ stage: 'high', subject: '数学', level: null, courseIds: [pushed.id] }] }, 1);

      const mathsList = await latest(maths);
      expect(mathsList).toMatchObject({ version: 1, totalHours: 12 });
      expect(mathsList?.courses.find((c) => c.courseId === pushed.id)?.reason).toBe(catalogSelection.CountedReason.COUNTED_REASON_PUSHED);
      expect(courseIdsOf(mathsList)).toEqual([courseId('tech-power'), courseId('a-step-optimisation'), pushed.id].sort());
      expect(await latest(chinese)).toMatchObject({ version: 1, courses: [], totalHours: 0 });
    });

    it('republishes a county of 2,500 learners in a few statements per thousand, in the same transaction', async () => {
      const project = await openProject();
      const learners = Array.from({ length: 2_500 }, (_, i) => ({ teacherId: randomUUID(), orgPath: i % 2 ? S1 : S2 }));
      await dataSource.transaction(async (m) => {
        for (const l of learners) {
          await projections.applyEnrollment(m, { enrollmentId: randomUUID(), projectId: project.id, teacherId: l.teacherId, orgId: orgId(l.orgPath), orgPath: l.orgPath, subject: '数学', role: 'trainee', status: 'enrolled', version: 1 });
        }
      });
      const before: { n: number }[] = await dataSource.query('SELECT COUNT(*) AS n FROM outbox WHERE topic = ?', [Topics.countedCoursesChanged]);

      const statements = jest.spyOn(EntityManager.prototype, 'query');
      try {
        await impose.execute(countyAdmin, { projectId: project.id, orgId: orgId(LIXIA), packageCode: 'B', topicIds: [] });
        // 3 pages of at most 7 statements, plus the choice itself: one per teacher would be thousands.
        expect(statements.mock.calls.length).toBeLessThan(40);
      } finally {
        statements.mockRestore();
      }
      const rows: { message_key: string; payload: Buffer }[] = await dataSource.query('SELECT message_key, payload FROM outbox WHERE topic = ? ORDER BY seq LIMIT 100000 OFFSET ?', [
        Topics.countedCoursesChanged,
        Number(before[0]?.n),
      ]);
      const events = rows.map((r) => catalogSelection.CountedCoursesChanged.decode(new Uint8Array(r.payload)));
      expect(events).toHaveLength(learners.length);
      expect(new Set(events.map((e) => e.teacherId))).toEqual(new Set(learners.map((l) => l.teacherId)));
      expect(events.every((e) => e.projectId === project.id && e.version === 1 && e.totalHours === 4)).toBe(true);
      expect(rows.every((r) => events.some((e) => e.teacherId === r.message_key))).toBe(true);
    });

    it('never lets an older list carry a higher version when teachers save while the county imposes and lifts', async () => {
      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      const teachers = await Promise.all(Array.from({ length: 6 }, () => enrol(project, S1)));
      const save = (t: string) => saveSelection.execute(teacher(t, S1), { projectId: project.id, courseIds: completeA(), dryRun: false }).catch((e: Error & { code?: string }) => e.code);
      const imposeB = () => impose.execute(countyAdmin, { projectId: project.id, orgId: orgId(LIXIA), packageCode: 'B', topicIds: [] });
      const latestIsCurrent = async () => {
        for (const t of teachers) {
          const now = await myCourses.execute(teacher(t, S1), { projectId: project.id, teacherId: null });
          expect([t, courseIdsOf(await latest(t))]).toEqual([t, now.counted.map((c) => c.courseId).sort()]);
        }
      };
      await Promise.all([...teachers.slice(0, 3).map(save), imposeB(), ...teachers.slice(3).map(save)]);
      await latestIsCurrent();
      await Promise.all([...teachers.map(save), impose.lift(countyAdmin, { projectId: project.id, orgId: orgId(LIXIA) })]);
      await latestIsCurrent();
    });

    it("republishes a learner whose enrollment identity's events move, and a group's members when its level no longer applies", async () => {
      const consumer = new IdentityEventsProjection(projections, ctx.counted);
      const apply = (topic: string, payload: Uint8Array) => dataSource.transaction((m) => consumer.apply(incomingEvent(topic, payload), m));
      const enrollmentFact = (fact: Partial<enrollmentContract.EnrollmentFact>) => ({ ...enrollmentContract.EnrollmentFact.decode(new Uint8Array()), role: enrollmentContract.EnrollmentRole.ENROLLMENT_ROLE_TRAINEE, subject: '数学', ...fact });

      const project = await openProject();
      await choose(schoolAdmin(S1), project, S1, 'A');
      const teacherId = randomUUID();
      const enrolled = { enrollmentId: randomUUID(), projectId: project.id, teacherId, orgId: orgId(S1), orgPath: S1, version: 1 };
      await apply(Topics.enrollmentSubmitted, enrollmentContract.EnrollmentSubmitted.encode({ enrollment: enrollmentFact(enrolled) }).finish());
      expect(await latest(teacherId)).toMatchObject({ version: 1, totalHours: 6 });
      // Moved to a school that has not chosen yet; a replay of the same version changes nothing.
      const moved = enrollmentContract.EnrollmentChanged.encode({ ...enrollmentContract.EnrollmentChanged.decode(new Uint8Array()), enrollment: enrollmentFact({ ...enrolled, orgId: orgId(S2), orgPath: S2, version: 2 }) }).finish();
      await apply(Topics.enrollmentChanged, moved);
      await apply(Topics.enrollmentChanged, moved);
      expect(await versioned(teacherId)).toHaveLength(2);
      expect(await latest(teacherId)).toMatchObject({ version: 2, courses: [] });

      // Kindergarten: the group's level stops applying when a new formation dissolves the group.
      const createCourse = new CreateCourseUseCase(dataSource, new CourseRepository(), new TopicRepository());
      const course = (title: string, level: 'advanced' | null) =>
        createCourse.execute(provinceExpert, { title, kind: 'general', creditHours: 3, mediaRef: '', stages: ['kindergarten'], subjects: [], topicId: null, chapterId: null, level, quizIds: [] });
      const [common, advanced] = [await course('幼儿园安全工作', null), await course('游戏活动的观察与指导（提高）', 'advanced')];
      const kindergarten = await knownProject(dataSource, { stage: 'kindergarten' });
      await savePolicy(kindergarten.id, {
        packages: [],
        electives: null,
        pushed: [
          { stage: 'kindergarten', subject: null, level: null, courseIds: [common.id] },
          { stage: 'kindergarten', subject: null, level: 'advanced', courseIds: [advanced.id] },
        ],
      });
      const [leader, member] = [await enrol(kindergarten, S1, 'group_leader', ''), await enrol(kindergarten, S1, 'trainee', '')];
      const group = { ...groupContract.StudyGroupFact.decode(new Uint8Array()), groupId: randomUUID(), projectId: kindergarten.id, orgPath: S1, leaderTeacherId: leader, memberTeacherIds: [leader, member], version: 1 };
      await apply(Topics.studyGroupFormed, groupContract.StudyGroupFormed.encode({ ...groupContract.StudyGroupFormed.decode(new Uint8Array()), group }).finish());
      expect(await countedEvents(member)).toEqual([]);
      await new ChooseGroupLevelUseCase(dataSource, ctx).execute(teacher(leader, S1), { projectId: kindergarten.id, groupId: group.groupId, level: 'advanced' });
      expect(courseIdsOf(await latest(member))).toEqual([common.id, advanced.id].sort());

      const dissolved = { ...group, memberTeacherIds: [], version: 2 };
      await apply(Topics.studyGroupChanged, groupContract.StudyGroupChanged.encode({ ...groupContract.StudyGroupChanged.decode(new Uint8Array()), group: dissolved, change: groupContract.StudyGroupChange.STUDY_GROUP_CHANGE_DISSOLVED }).finish());
      for (const t of [leader, member]) expect(await latest(t)).toMatchObject({ version: 2, courses: [expect.objectContaining({ courseId: common.id })] });
    });
  });

  describe('elective topics chosen per school, then courses per teacher', () => {
    it('lets a school pick its topics and its teachers choose courses under them only, and republishes when the topics change', async () => {
      const saveTopic = new SaveTopicUseCase(dataSource, new TopicRepository());
      const createCourse = new CreateCourseUseCase(dataSource, new CourseRepository(), new TopicRepository());
      const topic = async (name: string, courses: [string, number][]) => {
        const t = await saveTopic.create(provinceExpert, { name, description: '', chapterId: null });
        const created = [];
        for (const [title, creditHours] of courses) {
          created.push(await createCourse.execute(provinceExpert, { title, kind: 'general', creditHours, mediaRef: '', stages: ['high'], subjects: [], topicId: t.id, chapterId: null, level: null, quizIds: [] }));
        }
        return { id: t.id, courses: created.map((c) => c.id) };
      };
      const mental = await topic('中小学心理健康教育', [['学生心理问题的识别', 2], ['心理辅导的基本方法', 4]]);
      const classroom = await topic('班级管理', [['班主任工作艺术', 2], ['家校沟通', 2]]);
      const safety = await topic('校园安全', [['校园安全事故的预防', 3]]);
      const project = await knownProject(dataSource);
      await savePolicy(project.id, {
        packages: [],
        // Whole topics (no course ids): every active course of each.
        electives: { topics: [mental, classroom, safety].map((t) => ({ topicId: t.id, courseIds: [] })), groups: [{ name: '选修专题', topicIds: [mental.id, classroom.id, safety.id], minimumHours: 6 }], schoolChooses: { minTopics: 2, maxTopics: 2 } },
        pushed: [],
      });
      const teacherId = await enrol(project, S1);
      const me = teacher(teacherId, S1);
      const select = (courseIds: string[]) => saveSelection.execute(me, { projectId: project.id, courseIds, dryRun: false });
      const chooseTopics = (topicIds: string[]) => saveChoice.execute(schoolAdmin(S1), { projectId: project.id, orgId: orgId(S1), packageCode: null, topicIds });

      await expect(select(mental.courses)).rejects.toMatchObject({ code: 'school_choice_missing', message: '学校还没有选定选修专题，暂时不能选课' });
      await expect(chooseTopics([mental.id])).rejects.toMatchObject({ code: 'choice_invalid', message: '学校需要选择 2 个专题，现在选了 1 个' });
      await expect(chooseTopics([mental.id, randomUUID()])).rejects.toMatchObject({ code: 'choice_invalid' });
      expect(await chooseTopics([mental.id, classroom.id])).toMatchObject({ packageCode: null, topicIds: [mental.id, classroom.id], revision: 1 });

      await expect(select([safety.courses[0] ?? ''])).rejects.toMatchObject({ code: 'selection_refused', message: '《校园安全事故的预防》不在本校可选的课程中' });
      const short = await select([mental.courses[0] ?? '']);
      expect(short.standing.violations.map((v) => v.message)).toEqual(['「选修专题」已选 2 学时，至少需要 6 学时，还差 4 学时']);
      const whole = await select([mental.courses[1] ?? '', classroom.courses[0] ?? '']);
      expect(whole.standing).toMatchObject({ complete: true, countedHours: 6 });
      expect((await countedEvents(teacherId)).at(-1)).toMatchObject({ totalHours: 6, courses: [expect.objectContaining({ reason: catalogSelection.CountedReason.COUNTED_REASON_CHOSEN }), expect.anything()] });

      // The school swaps 心理健康 for 校园安全: the chosen 心理健康 course no longer counts, and the teacher sees why.
      await chooseTopics([classroom.id, safety.id]);
      expect((await countedEvents(teacherId)).at(-1)).toMatchObject({ totalHours: 2, courses: [expect.objectContaining({ courseId: classroom.courses[0] })] });
      const mine = await myCourses.execute(me, { projectId: project.id, teacherId: null });
      expect(mine.offered.map((c) => c.courseId).sort()).toEqual([...classroom.courses, ...safety.courses].sort());
      expect(mine.standing.violations.map((v) => v.kind)).toEqual(expect.arrayContaining(['not_offered', 'elective_hours_short']));
    });
  });
});
