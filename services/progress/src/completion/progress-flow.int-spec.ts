import { randomUUID } from 'node:crypto';
import { progressEvents, teacher as teacherContract, transfer as transferContract, Topics } from '@yanxiu/contracts';
import type { TestDatabase } from '@yanxiu/database';
import type { IncomingEvent } from '@yanxiu/messaging';
import { incomingEvent } from '@yanxiu/messaging/testing';
import type { DataSource } from 'typeorm';
import { GetCreditSummaryUseCase, RegisterSchoolBasedHoursUseCase } from '../credits/credit.use-cases.js';
import { QuizRepository } from '../quizzes/quiz.repository.js';
import { SaveQuizUseCase, SubmitQuizAttemptUseCase } from '../quizzes/quiz.use-cases.js';
import { counted, courseSaved, enrolled, principal, progressDatabase, progressParts, projectEvent, silentLogger, watching, watchPolicy } from '../testing.spec-helper.js';
import { ApplyHeartbeatsUseCase } from '../watching/apply-heartbeats.use-case.js';
import { GetMyProgressUseCase } from './get-my-progress.use-case.js';
import { ListOrgProgressUseCase } from './list-org-progress.use-case.js';
import { PendingEvaluations } from './pending-evaluations.js';
import { SaveCourseRulesUseCase } from './save-course-rules.use-case.js';

const SCHOOL = '/37/3701/370102/S0001';
const OTHER_SCHOOL = '/37/3702/370202/S0004';
const teacherCreated = (teacherId: string, orgPath: string) =>
  incomingEvent(Topics.teacherCreated, teacherContract.TeacherCreated.encode({ teacherId, orgId: 'o', orgPath, stage: 3, subject: '数学', gender: 1, status: 1 }).finish());
const transferred = (teacherId: string, from: string, to: string, statusVersion: number) =>
  incomingEvent(
    Topics.teacherTransferred,
    transferContract.TeacherTransferred.encode({ teacherId, fromOrgId: 'a', fromOrgPath: from, toOrgId: 'b', toOrgPath: to, kind: 3, transferredAt: new Date().toISOString(), statusVersion }).finish(),
  );

describe('progress from heartbeats to credits, on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const { states, progress, credits, facts, evaluator, projection } = progressParts();
  const quizzes = new QuizRepository();
  let heartbeats: ApplyHeartbeatsUseCase;
  const apply = (e: IncomingEvent) => dataSource.transaction((manager) => projection.apply(e, manager));
  const outbox = (topic: string) => dataSource.query<Array<{ payload: Buffer }>>('SELECT payload FROM outbox WHERE topic = ? ORDER BY seq', [topic]);
  const creditCount = async (teacherId: string) => Number((await dataSource.query<Array<{ n: string }>>('SELECT COUNT(*) AS n FROM credit_records WHERE teacher_id = ?', [teacherId]))[0]?.n);

  beforeAll(async () => {
    ({ db, dataSource } = await progressDatabase());
    heartbeats = new ApplyHeartbeatsUseCase(dataSource, states, watchPolicy, evaluator);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('completes courses, qualifies the project and registers its hours once, whatever is replayed', async () => {
    const [project, teacher, c1, c2, quizId] = [randomUUID(), randomUUID(), `c1-${randomUUID()}`, `c2-${randomUUID()}`, `q-${randomUUID()}`];
    const expert = principal(['expert'], '/37');
    await apply(projectEvent(project, 1, ['2026-07-15', '2026-07-20'], '2099-12-31'));
    await apply(teacherCreated(teacher, SCHOOL));
    await apply(enrolled(project, teacher, SCHOOL));
    await apply(courseSaved(c2, [quizId], 1));
    await new SaveCourseRulesUseCase(dataSource, facts).execute(expert, { courseId: c1, requiredWatchSeconds: 600, assignmentRequired: false, expectedVersion: 0 });
    await new SaveCourseRulesUseCase(dataSource, facts).execute(expert, { courseId: c2, requiredWatchSeconds: 300, assignmentRequired: false, expectedVersion: 0 });
    await new SaveQuizUseCase(dataSource, quizzes, facts).execute(expert, {
      expectedVersion: 0,
      quiz: {
        id: quizId,
        courseId: c2,
        title: '测验',
        passPoints: 1,
        maxAttempts: 2,
        version: 0,
        updatedBy: '',
        updatedAt: '',
        questions: [{ id: 'a', prompt: '?', options: [{ id: '1', text: 'x' }, { id: '2', text: 'y' }], correctOptionIds: ['2'], points: 1 }],
      },
    });
    // Heartbeats before the course list is known: kept, evaluated when the list arrives.
    await heartbeats.execute([watching(teacher, c1, 0, 600, '2026-07-15'), watching(teacher, c2, 0, 300, '2026-07-16')]);
    await apply(counted(project, teacher, [c1, c2]));
    expect((await outbox(Topics.courseCompleted)).map((r) => progressEvents.CourseCompleted.decode(r.payload).courseId)).toEqual([c1]);

    const teacherPrincipal = principal(['teacher'], SCHOOL, teacher);
    const submit = new SubmitQuizAttemptUseCase(dataSource, quizzes, states, evaluator);
    await expect(submit.execute(teacherPrincipal, { quizId, answers: [{ questionId: 'a', optionIds: ['1'] }] })).resolves.toMatchObject({ attempt: 1, passed: false, attemptsLeft: 1 });
    await expect(submit.execute(teacherPrincipal, { quizId, answers: [{ questionId: 'a', optionIds: ['2'] }] })).resolves.toMatchObject({ attempt: 2, passed: true });
    await expect(submit.execute(teacherPrincipal, { quizId, answers: [] })).rejects.toMatchObject({ code: 'already_passed' });

    // Replays of everything: the same heartbeats, the same course list, a re-evaluation.
    await heartbeats.execute([watching(teacher, c1, 0, 600, '2026-07-15'), watching(teacher, c2, 0, 300, '2026-07-16')]);
    await apply(counted(project, teacher, [c1, c2]));
    await dataSource.transaction((m) => evaluator.reevaluate({ query: m.query.bind(m), enqueue: () => Promise.reject(new Error('nothing new may be published')) }, [{ teacherId: teacher, courseId: c1 }]));

    expect(await outbox(Topics.courseCompleted)).toHaveLength(2);
    const qualified = (await outbox(Topics.projectQualified)).map((r) => progressEvents.ProjectQualified.decode(r.payload));
    expect(qualified).toEqual([expect.objectContaining({ teacherId: teacher, projectId: project, projectYear: 2026, orgPath: SCHOOL, watchedSeconds: 900, creditRegistered: true, role: 'trainee' })]);
    const registered = (await outbox(Topics.creditRegistered)).map((r) => progressEvents.CreditRegistered.decode(r.payload).credit);
    expect(registered).toEqual([expect.objectContaining({ teacherId: teacher, sourceKey: project, year: 2026, hours: 36 })]);
    expect(await creditCount(teacher)).toBe(1);

    const mine = await new GetMyProgressUseCase(dataSource, facts, progress, states, credits).execute(teacherPrincipal, project);
    expect(mine).toMatchObject({ watchedSeconds: 900, requiredWatchSeconds: 900, qualified: true, credit: { hours: 36 } });
    expect(mine.courses.map((c) => [c.courseId, c.complete, c.quizzesPassed])).toEqual(expect.arrayContaining([[c1, true, 0], [c2, true, 1]]));

    const list = new ListOrgProgressUseCase(dataSource);
    await expect(list.execute(principal(['county-admin'], '/37/3701/370102'), { projectId: project, orgPath: '', pageSize: 0, pageToken: '' })).resolves.toMatchObject({
      participantsTotal: 1,
      qualifiedTotal: 1,
      participants: [{ teacherId: teacher, coursesCounted: 2, coursesCompleted: 2, watchedSeconds: 900, qualified: true, creditRegistered: true }],
    });
    await expect(list.execute(principal(['city-admin'], '/37/3702'), { projectId: project, orgPath: SCHOOL, pageSize: 0, pageToken: '' })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(list.execute(principal(['teacher'], SCHOOL, teacher), { projectId: project, orgPath: SCHOOL, pageSize: 0, pageToken: '' })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
  });

  it('does not qualify on two devices at once, and qualifies once later watching makes up the wall clock', async () => {
    const [project, teacher, c1, c2] = [randomUUID(), randomUUID(), `c1-${randomUUID()}`, `c2-${randomUUID()}`];
    const expert = principal(['expert'], '/37');
    await apply(projectEvent(project, 1, ['2026-07-15', '2026-07-20'], '2099-12-31'));
    for (const course of [c1, c2]) await new SaveCourseRulesUseCase(dataSource, facts).execute(expert, { courseId: course, requiredWatchSeconds: 300, assignmentRequired: false, expectedVersion: 0 });
    await apply(enrolled(project, teacher, SCHOOL));
    await apply(counted(project, teacher, [c1, c2]));
    // Both courses played side by side from 09:00: each complete, but 300 s of wall clock for 600 s of courses.
    await heartbeats.execute([watching(teacher, c1, 0, 300, '2026-07-15'), watching(teacher, c2, 0, 300, '2026-07-15')]);
    expect(await outbox(Topics.courseCompleted).then((rows) => rows.filter((r) => progressEvents.CourseCompleted.decode(r.payload).teacherId === teacher))).toHaveLength(2);
    const qualifiedFor = async () => (await outbox(Topics.projectQualified)).map((r) => progressEvents.ProjectQualified.decode(r.payload)).filter((q) => q.teacherId === teacher);
    expect(await qualifiedFor()).toEqual([]);
    // The next day, more of the first course alone: no course completes any more, the project does.
    await heartbeats.execute([watching(teacher, c1, 300, 600, '2026-07-16')]);
    expect(await qualifiedFor()).toEqual([expect.objectContaining({ watchedSeconds: 600, creditRegistered: true })]);
  });

  it('records a qualification after the registration deadline without hours', async () => {
    const [project, teacher, course] = [randomUUID(), randomUUID(), `c-${randomUUID()}`];
    await apply(projectEvent(project, 1, ['2025-07-15', '2025-07-20'], '2025-12-31', 2025));
    await new SaveCourseRulesUseCase(dataSource, facts).execute(principal(['province-admin'], '/37'), { courseId: course, requiredWatchSeconds: 60, assignmentRequired: false, expectedVersion: 0 });
    await apply(enrolled(project, teacher, SCHOOL));
    await apply(counted(project, teacher, [course]));
    await heartbeats.execute([watching(teacher, course, 0, 60, '2025-07-16')]);
    const qualified = (await outbox(Topics.projectQualified)).map((r) => progressEvents.ProjectQualified.decode(r.payload)).filter((q) => q.projectId === project);
    expect(qualified).toEqual([expect.objectContaining({ teacherId: teacher, creditRegistered: false })]);
    expect(await creditCount(teacher)).toBe(0);
  });

  it('re-evaluates everyone when a study window moves', async () => {
    const [project, teacher, course] = [randomUUID(), randomUUID(), `c-${randomUUID()}`];
    await apply(projectEvent(project, 1, ['2026-07-15', '2026-07-16'], '2099-12-31'));
    await apply(counted(project, teacher, [course]));
    await heartbeats.execute([watching(teacher, course, 0, 300, '2026-07-16'), watching(teacher, course, 300, 600, '2026-07-18')]);
    const watched = async () => (await dataSource.query<Array<{ watched_seconds: number }>>('SELECT watched_seconds FROM course_progress WHERE teacher_id = ?', [teacher]))[0]?.watched_seconds;
    expect(await watched()).toBe(300);
    await apply(projectEvent(project, 2, ['2026-07-15', '2026-07-20'], '2099-12-31'));
    // an older version delivered late changes nothing
    await apply(projectEvent(project, 1, ['2026-07-15', '2026-07-16'], '2099-12-31'));
    const pending = new PendingEvaluations(dataSource, states, evaluator, silentLogger);
    while ((await pending.runOnce()) > 0);
    expect(await watched()).toBe(600);
  });

  it('keeps school-based hours once per record key, for admins over the teacher, following the teacher across transfers', async () => {
    const teacher = randomUUID();
    await apply(teacherCreated(teacher, SCHOOL));
    const register = new RegisterSchoolBasedHoursUseCase(dataSource, credits);
    const request = { teacherId: teacher, year: 2026, hours: 12.5, title: '校本研修：课例研究', recordKey: 'S0001-2026-01' };
    const schoolAdmin = principal(['school-admin'], SCHOOL);
    await expect(register.execute(schoolAdmin, request)).resolves.toMatchObject({ created: true, credit: { hours: 12.5 } });
    await expect(register.execute(schoolAdmin, { ...request, hours: 99 })).resolves.toMatchObject({ created: false, credit: { hours: 12.5 } });
    await expect(register.execute(principal(['school-admin'], OTHER_SCHOOL), { ...request, recordKey: 'x' })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(register.execute(principal(['teacher'], SCHOOL, teacher), request)).rejects.toMatchObject({ code: 'role_required' });
    await expect(register.execute(schoolAdmin, { ...request, hours: 0.05, recordKey: '' })).rejects.toMatchObject({ code: 'invalid_argument' });

    await apply(transferred(teacher, SCHOOL, OTHER_SCHOOL, 1));
    const summary = new GetCreditSummaryUseCase(dataSource, credits);
    const seen = await summary.execute(principal(['school-admin'], OTHER_SCHOOL), { teacherId: teacher, year: 2026 });
    expect(seen).toMatchObject({ cycle: { firstYear: 2024, lastYear: 2028, targetHours: 360 }, totalHours: 12.5, remainingHours: 347.5 });
    expect(seen.byYear).toEqual([
      { year: 2024, hours: 0 },
      { year: 2025, hours: 0 },
      { year: 2026, hours: 12.5 },
      { year: 2027, hours: 0 },
      { year: 2028, hours: 0 },
    ]);
    await expect(summary.execute(schoolAdmin, { teacherId: teacher, year: 2026 })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(summary.execute(principal(['teacher'], OTHER_SCHOOL, teacher), { teacherId: '', year: 2026 })).resolves.toMatchObject({ teacherId: teacher, totalHours: 12.5 });
  });
});
