import { randomBytes } from 'node:crypto';
import type { AdminRole, Principal } from '@yanxiu/auth';
import { enrollment as contract, teacher as teacherContract, trainingProject as projectContract, Topics } from '@yanxiu/contracts';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import { OrgRepository, type OrgRecord } from '../orgs/org.repository.js';
import { CreateTeacherUseCase } from '../teachers/create-teacher.use-case.js';
import { checkCharacter } from '../teachers/id-number.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { TeacherRepository, type Stage } from '../teachers/teacher.repository.js';
import { GetTrainingProjectUseCase, ListTrainingProjectsUseCase } from '../training-projects/list-training-projects.use-case.js';
import { CreateTrainingProjectUseCase, UpdateTrainingProjectUseCase } from '../training-projects/save-training-project.use-case.js';
import type { TrainingProjectRecord } from '../training-projects/training-project.js';
import { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { addDays, CALENDAR, projectSpec, provinceNoon } from '../training-projects/training-project.spec-helper.js';
import { ConfirmEnrollmentUseCase, ListMyEnrollmentsUseCase } from './confirm-enrollment.use-case.js';
import { ChangeEnrollmentUseCase, EnrollTeachersUseCase } from './enroll-teachers.use-case.js';
import { MoveEnrollmentUnitUseCase, OpenEnrollmentUseCase } from './enrollment-cascade.use-case.js';
import { myEnrollmentToProto } from './enrollment.mapper.js';
import { EnrollmentRepository } from './enrollment.repository.js';
import { GetEnrollmentProgressUseCase, ListEnrollmentsUseCase } from './list-enrollments.use-case.js';

const admin = (role: AdminRole, orgPath: string, username: string = `${role}@${orgPath}`): Principal => ({ subject: `sub-${username}`, username, roles: [role], orgPath, token: 't' });
const province = admin('province-admin', '/37');
const jinan = admin('city-admin', '/37/3701');
const lixia = admin('county-admin', '/37/3701/370102');
const school = (code: string, county = '370102') => admin('school-admin', `/37/${county.slice(0, 4)}/${county}/${code}`);

let seq = 0;
const idNumber = () => {
  seq++;
  const first17 = `370102198${seq % 10}0${1 + (seq % 9)}${String(10 + (seq % 18)).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

describe('training projects and enrollment on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let now: Date;
  const clock = () => now;
  const units: Record<string, OrgRecord> = {};
  const counties: Record<string, OrgRecord> = {};
  const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
  let createTeacher: CreateTeacherUseCase;
  let createProject: CreateTrainingProjectUseCase;
  let updateProject: UpdateTrainingProjectUseCase;
  let getProject: GetTrainingProjectUseCase;
  let listProjects: ListTrainingProjectsUseCase;
  let open: OpenEnrollmentUseCase;
  let move: MoveEnrollmentUnitUseCase;
  let enroll: EnrollTeachersUseCase;
  let change: ChangeEnrollmentUseCase;
  let confirm: ConfirmEnrollmentUseCase;
  let list: ListEnrollmentsUseCase;
  let progress: GetEnrollmentProgressUseCase;
  let mine: ListMyEnrollmentsUseCase;

  // Each test gets its own project: a year of its own keeps (owner, year, stage) unique.
  let nextYear = 2030;
  const D0 = () => `${nextYear}-04-18`;
  const at = (d0: string, n: number) => {
    now = provinceNoon(addDays(d0, n));
  };
  const newProject = async (stage: Stage = 'primary'): Promise<{ project: TrainingProjectRecord; d0: string }> => {
    const d0 = D0();
    nextYear++;
    at(d0, CALENDAR.enrollment);
    return { project: await createProject.execute(province, projectSpec(d0, stage)), d0 };
  };

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('identity_enrollment', identityMigrations));
    const orgRepo = new OrgRepository();
    const projects = new TrainingProjectRepository();
    const enrollment = new EnrollmentRepository();
    const orgs = new CreateOrgUseCase(dataSource, orgRepo);
    createTeacher = new CreateTeacherUseCase(dataSource, orgRepo, new TeacherRepository(), cipher);
    createProject = new CreateTrainingProjectUseCase(dataSource, orgRepo, projects, clock);
    updateProject = new UpdateTrainingProjectUseCase(dataSource, projects, enrollment, clock);
    getProject = new GetTrainingProjectUseCase(dataSource, projects);
    listProjects = new ListTrainingProjectsUseCase(dataSource, projects);
    open = new OpenEnrollmentUseCase(dataSource, orgRepo, projects, enrollment, clock);
    move = new MoveEnrollmentUnitUseCase(dataSource, orgRepo, projects, enrollment, clock);
    enroll = new EnrollTeachersUseCase(dataSource, orgRepo, projects, enrollment, clock);
    change = new ChangeEnrollmentUseCase(dataSource, projects, enrollment, clock);
    confirm = new ConfirmEnrollmentUseCase(dataSource, projects, enrollment, cipher, clock);
    list = new ListEnrollmentsUseCase(dataSource, orgRepo, projects, enrollment);
    progress = new GetEnrollmentProgressUseCase(dataSource, orgRepo, projects, enrollment);
    mine = new ListMyEnrollmentsUseCase(dataSource, enrollment, cipher);
    await orgs.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
      { code: '3702', name: '青岛市', level: 'city', parentPath: '/37' },
    ]);
    for (const [city, county, codes] of [['3701', '370102', ['S0001', 'S0002']], ['3701', '370103', ['S0003']], ['3702', '370202', ['S0004']]] as const) {
      counties[county] = await orgs.execute(province, { parentId: seededOrgId(`/37/${city}`), code: county, name: `${county}区`, level: 'county' });
      for (const code of codes) units[code] = await orgs.execute(province, { parentId: counties[county].id, code, name: `${code} 学校`, level: 'school' });
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  const teacherAt = async (code: string, stage: Stage = 'primary', subject = '数学') => {
    const id = idNumber();
    const teacher = await createTeacher.execute(province, { orgId: units[code]!.id, name: '李静', idNumber: id, gender: 'female', stage, subject, title: '', phone: '' });
    return { ...teacher, idNumber: id };
  };
  /** A teacher's own token: Keycloak usernames are the lowercased ID number. */
  const participant = (t: { idNumber: string; orgPath: string }): Principal => ({ subject: `sub-${t.idNumber}`, username: t.idNumber.toLowerCase(), roles: ['teacher'], orgPath: t.orgPath, token: 't' });
  const outbox = (topic: string) =>
    dataSource.query<{ payload: Buffer; message_key: string }[]>('SELECT payload, message_key FROM outbox WHERE topic = ? ORDER BY seq', [topic]).then((rows) => rows.map((r) => ({ key: r.message_key, payload: Buffer.from(r.payload) })));
  const rowCount = async (table: string, projectId: string) => Number((await dataSource.query<{ n: string }[]>(`SELECT COUNT(*) AS n FROM ${table} WHERE project_id = ?`, [projectId]))[0]?.n);
  /** Opens the project to a county (city admin) and to units in it (county admin). */
  const openTo = async (projectId: string, county: string, codes: string[]) => {
    const cityAdmin = admin('city-admin', `/37/${county.slice(0, 4)}`);
    await open.execute(cityAdmin, { projectId, orgIds: [counties[county]!.id] });
    await open.execute(admin('county-admin', `/37/${county.slice(0, 4)}/${county}`), { projectId, orgIds: codes.map((c) => units[c]!.id) });
  };

  describe('projects', () => {
    it('commits a project and its event with every window; one per stage and year; only the province admin writes', async () => {
      const { project, d0 } = await newProject();
      const events = await outbox(Topics.trainingProjectCreated);
      const event = projectContract.TrainingProjectCreated.decode(events.at(-1)!.payload);
      expect(events.at(-1)!.key).toBe(project.id);
      expect(event.project).toMatchObject({ id: project.id, ownerOrgPath: '/37', version: 1, spec: { requiredHours: 50, subjects: ['语文', '数学', '英语', '科学'] } });
      expect(event.project!.spec!.windows).toEqual({
        enrollment: { startDate: d0, endDate: addDays(d0, 10) },
        grouping: { startDate: addDays(d0, 15), endDate: addDays(d0, 30) },
        confirmation: { startDate: addDays(d0, 40), endDate: addDays(d0, 50) },
        courseSelection: { startDate: d0, endDate: addDays(d0, 10) },
        study: { startDate: addDays(d0, 60), endDate: addDays(d0, 120) },
        creditRegistrationDeadline: addDays(d0, 150),
      });
      await expect(getProject.execute(lixia, project.id)).resolves.toEqual(project);

      await expect(createProject.execute(province, projectSpec(d0))).rejects.toMatchObject({ code: 'project_exists' });
      await expect(createProject.execute(jinan, projectSpec(D0()))).rejects.toMatchObject({ code: 'role_not_allowed' });
      await expect(createProject.execute(province, { ...projectSpec(D0()), requiredHours: 36 })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining("phases' hours add up to 50") as string });
      expect(await listProjects.execute(school('S0004', '370202'), { year: project.year })).toEqual([project]);
      expect(await listProjects.execute({ ...province, orgPath: '/44' }, {})).toEqual([]);
    });

    it('updates with the version read, refuses stale versions and dropping subjects in use, and freezes once study starts', async () => {
      const { project, d0 } = await newProject();
      const spec = projectSpec(d0);
      const updated = await updateProject.execute(province, { id: project.id, expectedVersion: 1, spec: { ...spec, theme: '新课标课例研究' } });
      expect(updated).toMatchObject({ version: 2, theme: '新课标课例研究' });
      await expect(updateProject.execute(province, { id: project.id, expectedVersion: 1, spec })).rejects.toMatchObject({ code: 'version_conflict' });

      await openTo(project.id, '370102', ['S0001']);
      await enroll.execute(school('S0001'), { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: (await teacherAt('S0001', 'primary', '科学')).id, subject: '科学', role: 'trainee' }] });
      await expect(updateProject.execute(province, { id: project.id, expectedVersion: 2, spec: { ...spec, subjects: ['语文', '数学'] } })).rejects.toMatchObject({
        message: expect.stringContaining('科学 cannot be removed, 1 participants are enrolled in it') as string,
      });

      at(d0, CALENDAR.studying);
      await expect(updateProject.execute(province, { id: project.id, expectedVersion: 2, spec: { ...spec, name: '改名' } })).rejects.toMatchObject({ code: 'invalid_argument' });
      const extended = { ...spec, theme: '新课标课例研究', windows: { ...spec.windows, study: { ...spec.windows.study, end: addDays(d0, 130) }, creditRegistrationDeadline: addDays(d0, 160) } };
      await expect(updateProject.execute(province, { id: project.id, expectedVersion: 2, spec: extended })).resolves.toMatchObject({ version: 3 });
      const event = projectContract.TrainingProjectUpdated.decode((await outbox(Topics.trainingProjectUpdated)).at(-1)!.payload);
      expect(event.project).toMatchObject({ version: 3, spec: { windows: { study: { endDate: addDays(d0, 130) } } } });
    });
  });

  describe('the cascade', () => {
    it('walks city → county → school → submit → check, each row with its event', async () => {
      const { project } = await newProject();
      const [t1, t2, leader] = [await teacherAt('S0001'), await teacherAt('S0001', 'primary', '语文'), await teacherAt('S0002')];

      await expect(open.execute(lixia, { projectId: project.id, orgIds: [units.S0001!.id] })).rejects.toMatchObject({ code: 'enrollment_cascade' });
      const opened = await open.execute(jinan, { projectId: project.id, orgIds: [counties['370102']!.id] });
      expect(opened).toEqual([expect.objectContaining({ orgPath: '/37/3701/370102', level: 'county', status: 'open' })]);
      await open.execute(lixia, { projectId: project.id, orgIds: [units.S0001!.id, units.S0002!.id] });
      // Opening again changes nothing and emits nothing.
      const unitEvents = (await outbox(Topics.enrollmentUnitChanged)).length;
      await open.execute(lixia, { projectId: project.id, orgIds: [units.S0001!.id] });
      expect((await outbox(Topics.enrollmentUnitChanged)).length).toBe(unitEvents);
      expect(await rowCount('enrollment_units', project.id)).toBe(4);

      const enrolled = await enroll.execute(school('S0001'), {
        projectId: project.id,
        orgId: units.S0001!.id,
        entries: [
          { teacherId: t1.id, subject: '数学', role: 'trainee' },
          { teacherId: t2.id, subject: '语文', role: 'group_leader' },
        ],
      });
      expect(enrolled.map((e) => [e.teacherName, e.idNumberMasked, e.orgPath, e.confirmation])).toEqual([
        ['李静', `${t1.idNumber.slice(0, 6)}********${t1.idNumber.slice(14)}`, units.S0001!.path, 'pending'],
        ['李静', `${t2.idNumber.slice(0, 6)}********${t2.idNumber.slice(14)}`, units.S0001!.path, 'pending'],
      ]);
      const submitted = (await outbox(Topics.enrollmentSubmitted)).slice(-2).map((e) => ({ key: e.key, fact: contract.EnrollmentSubmitted.decode(e.payload).enrollment }));
      expect(submitted[0]).toEqual({
        key: enrolled[0]!.id,
        fact: expect.objectContaining({ projectId: project.id, projectYear: project.year, teacherId: t1.id, orgPath: units.S0001!.path, subject: '数学', role: contract.EnrollmentRole.ENROLLMENT_ROLE_TRAINEE, version: 1 }) as unknown,
      });

      await expect(move.execute(lixia, 'submit', { projectId: project.id, orgId: counties['370102']!.id })).rejects.toMatchObject({ message: expect.stringContaining('2 of the 2 opened') as string });
      await move.execute(school('S0001'), 'submit', { projectId: project.id, orgId: units.S0001!.id });
      await expect(enroll.execute(school('S0001'), { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: (await teacherAt('S0001')).id, subject: '数学', role: 'trainee' }] })).rejects.toMatchObject({
        code: 'enrollment_cascade',
      });
      await expect(move.execute(school('S0001'), 'return', { projectId: project.id, orgId: units.S0001!.id, reason: '漏报' })).rejects.toMatchObject({ code: 'role_not_allowed' });
      const returned = await move.execute(lixia, 'return', { projectId: project.id, orgId: units.S0001!.id, reason: '漏报两名教师' });
      expect(returned).toMatchObject({ status: 'open', returnedReason: '漏报两名教师', version: 3 });
      await move.execute(school('S0001'), 'submit', { projectId: project.id, orgId: units.S0001!.id });

      await enroll.execute(school('S0002'), { projectId: project.id, orgId: units.S0002!.id, entries: [{ teacherId: leader.id, subject: '数学', role: 'group_leader' }] });
      await move.execute(school('S0002'), 'submit', { projectId: project.id, orgId: units.S0002!.id });
      await expect(move.execute(jinan, 'submit', { projectId: project.id, orgId: seededOrgId('/37/3701') })).rejects.toMatchObject({ message: expect.stringContaining('have not submitted yet: /37/3701/370102') as string });
      await move.execute(lixia, 'submit', { projectId: project.id, orgId: counties['370102']!.id });
      const cityUnit = await move.execute(jinan, 'submit', { projectId: project.id, orgId: seededOrgId('/37/3701') });
      expect(cityUnit).toMatchObject({ level: 'city', status: 'submitted', submittedBy: jinan.username });
      const last = contract.EnrollmentUnitChanged.decode((await outbox(Topics.enrollmentUnitChanged)).at(-1)!.payload);
      expect(last).toMatchObject({ projectId: project.id, orgPath: '/37/3701', level: contract.EnrollmentUnitLevel.ENROLLMENT_UNIT_LEVEL_CITY, status: contract.EnrollmentUnitStatus.ENROLLMENT_UNIT_STATUS_SUBMITTED });

      const view = await progress.execute(jinan, { projectId: project.id, orgId: seededOrgId('/37/3701') });
      expect(view.self).toMatchObject({ unit: { status: 'submitted' }, counts: { enrolled: 3, pending: 3 } });
      expect(view.children.map((c) => [c.org.path, c.unit?.status ?? null, c.counts?.enrolled ?? 0])).toEqual([
        ['/37/3701/370102', 'submitted', 3],
        ['/37/3701/370103', null, 0],
      ]);
    });

    it('reports every bad entry at once and writes nothing: wrong school, stage, status, subject, duplicates, one person one role', async () => {
      const { project } = await newProject();
      await openTo(project.id, '370102', ['S0001', 'S0002']);
      const [ok, other, middle, departed, offSubject] = [await teacherAt('S0001'), await teacherAt('S0002'), await teacherAt('S0001', 'middle'), await teacherAt('S0001'), await teacherAt('S0001')];
      await dataSource.query("UPDATE teachers SET status = 'departed' WHERE id = ?", [departed.id]);
      const attempt = enroll.execute(school('S0001'), {
        projectId: project.id,
        orgId: units.S0001!.id,
        entries: [
          { teacherId: ok.id, subject: '数学', role: 'trainee' },
          { teacherId: other.id, subject: '数学', role: 'trainee' },
          { teacherId: middle.id, subject: '数学', role: 'trainee' },
          { teacherId: departed.id, subject: '数学', role: 'trainee' },
          { teacherId: ok.id, subject: '物理', role: 'group_leader' },
          { teacherId: offSubject.id, subject: '体育', role: 'trainee' },
        ],
      });
      await expect(attempt).rejects.toMatchObject({ code: 'invalid_argument' });
      const message = (await attempt.catch((e: Error) => e.message)) as string;
      expect(message.split('; ').map((p) => p.slice(0, p.indexOf(':')))).toEqual([
        `entries[1] (teacher ${other.id})`,
        `entries[2] (teacher ${middle.id})`,
        `entries[3] (teacher ${departed.id})`,
        `entries[4] (teacher ${ok.id})`,
        `entries[5] (teacher ${offSubject.id})`,
      ]);
      expect(await rowCount('enrollments', project.id)).toBe(0);

      const [first] = await enroll.execute(school('S0001'), { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: ok.id, subject: '数学', role: 'trainee' }] });
      await expect(enroll.execute(lixia, { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: ok.id, subject: '语文', role: 'group_leader' }] })).rejects.toMatchObject({
        code: 'enrollment_exists',
        message: expect.stringContaining(`change or withdraw enrollment ${first!.id}`) as string,
      });
      // A change keeps one row: one subject, one role.
      await change.change(school('S0001'), { id: first!.id, subject: '语文', role: 'group_leader' });
      expect(await rowCount('enrollments', project.id)).toBe(1);
    });

    it('serialises two admins enrolling the same teacher at once: one row, one event', async () => {
      const { project } = await newProject();
      await openTo(project.id, '370102', ['S0001']);
      const teacher = await teacherAt('S0001');
      const before = (await outbox(Topics.enrollmentSubmitted)).length;
      const results = await Promise.allSettled([
        enroll.execute(school('S0001'), { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: teacher.id, subject: '数学', role: 'trainee' }] }),
        enroll.execute(lixia, { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: teacher.id, subject: '英语', role: 'group_leader' }] }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason).toMatchObject({ code: 'enrollment_exists' });
      expect(await rowCount('enrollments', project.id)).toBe(1);
      expect((await outbox(Topics.enrollmentSubmitted)).length).toBe(before + 1);
    });

    it('revives a withdrawn enrollment on its row with a higher version', async () => {
      const { project } = await newProject();
      await openTo(project.id, '370102', ['S0001']);
      const teacher = await teacherAt('S0001');
      const [e] = await enroll.execute(school('S0001'), { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: teacher.id, subject: '数学', role: 'trainee' }] });
      await expect(change.withdraw(school('S0001'), e!.id)).resolves.toMatchObject({ status: 'withdrawn', version: 2 });
      expect(contract.EnrollmentWithdrawn.decode((await outbox(Topics.enrollmentWithdrawn)).at(-1)!.payload).enrollment).toMatchObject({ enrollmentId: e!.id, version: 2 });
      const [again] = await enroll.execute(school('S0001'), { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: teacher.id, subject: '英语', role: 'trainee' }] });
      expect(again).toMatchObject({ id: e!.id, version: 3, subject: '英语', status: 'enrolled' });
    });
  });

  describe('freeze and confirmation', () => {
    it('refuses every write once study starts and leaves rows and outbox untouched', async () => {
      const { project, d0 } = await newProject();
      await openTo(project.id, '370102', ['S0001']);
      const teacher = await teacherAt('S0001');
      const [e] = await enroll.execute(school('S0001'), { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: teacher.id, subject: '数学', role: 'trainee' }] });
      const late = await teacherAt('S0001');
      const outboxSize = Number((await dataSource.query<{ n: string }[]>('SELECT COUNT(*) AS n FROM outbox'))[0]?.n);

      at(d0, CALENDAR.studyStarted);
      const frozen = { code: 'enrollment_frozen', message: expect.stringContaining(`study started on ${addDays(d0, 60)}`) as string };
      await expect(open.execute(jinan, { projectId: project.id, orgIds: [counties['370103']!.id] })).rejects.toMatchObject(frozen);
      await expect(move.execute(school('S0001'), 'submit', { projectId: project.id, orgId: units.S0001!.id })).rejects.toMatchObject(frozen);
      await expect(enroll.execute(province, { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: late.id, subject: '数学', role: 'trainee' }] })).rejects.toMatchObject(frozen);
      await expect(change.change(province, { id: e!.id, subject: '语文', role: 'trainee' })).rejects.toMatchObject(frozen);
      await expect(change.withdraw(province, e!.id)).rejects.toMatchObject(frozen);
      await expect(confirm.execute(participant(teacher), { projectId: project.id, correct: true, note: '' })).rejects.toMatchObject(frozen);

      expect(Number((await dataSource.query<{ n: string }[]>('SELECT COUNT(*) AS n FROM outbox'))[0]?.n)).toBe(outboxSize);
      await expect(list.execute(lixia, { projectId: project.id, orgId: units.S0001!.id })).resolves.toMatchObject({ total: 1, enrollments: [{ id: e!.id, version: 1 }] });
    });

    it('lets participants confirm or dispute in the window, admins correct, and counts completeness per unit', async () => {
      const { project, d0 } = await newProject();
      await openTo(project.id, '370102', ['S0001', 'S0002']);
      const [a, b, c] = [await teacherAt('S0001'), await teacherAt('S0001'), await teacherAt('S0002')];
      const enrolled = [
        ...(await enroll.execute(school('S0001'), { projectId: project.id, orgId: units.S0001!.id, entries: [a, b].map((t) => ({ teacherId: t.id, subject: '数学', role: 'trainee' as const })) })),
        ...(await enroll.execute(school('S0002'), { projectId: project.id, orgId: units.S0002!.id, entries: [{ teacherId: c.id, subject: '数学', role: 'trainee' }] })),
      ];
      await expect(confirm.execute(participant(a), { projectId: project.id, correct: true, note: '' })).rejects.toMatchObject({ code: 'enrollment_window_closed' });

      at(d0, CALENDAR.confirmation);
      await expect(confirm.execute(participant(a), { projectId: project.id, correct: true, note: '' })).resolves.toMatchObject({ confirmation: 'confirmed', version: 2 });
      const disputed = await confirm.execute(participant(b), { projectId: project.id, correct: false, note: '学科应为英语' });
      expect(disputed).toMatchObject({ confirmation: 'disputed', disputeNote: '学科应为英语' });
      const confirmedEvents = (await outbox(Topics.enrollmentConfirmed)).slice(-2).map((e) => contract.EnrollmentConfirmed.decode(e.payload).enrollment);
      expect(confirmedEvents.map((e) => e?.confirmation)).toEqual([contract.ConfirmationStatus.CONFIRMATION_STATUS_CONFIRMED, contract.ConfirmationStatus.CONFIRMATION_STATUS_DISPUTED]);
      // Confirming again changes nothing.
      const confirmations = (await outbox(Topics.enrollmentConfirmed)).length;
      await expect(confirm.execute(participant(a), { projectId: project.id, correct: true, note: '' })).resolves.toMatchObject({ version: 2 });
      expect((await outbox(Topics.enrollmentConfirmed)).length).toBe(confirmations);
      await expect(confirm.execute(participant(a), { projectId: project.id, correct: false, note: ' ' })).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(confirm.execute(lixia, { projectId: project.id, correct: true, note: '' })).rejects.toMatchObject({ code: 'teacher_not_found' });

      const counts = await progress.execute(lixia, { projectId: project.id, orgId: counties['370102']!.id });
      expect(counts.self.counts).toEqual({ enrolled: 3, confirmed: 1, disputed: 1, pending: 1 });
      expect(counts.children.map((r) => [r.org.path, r.counts])).toEqual([
        [units.S0001!.path, { enrolled: 2, confirmed: 1, disputed: 1, pending: 0 }],
        [units.S0002!.path, { enrolled: 1, confirmed: 0, disputed: 0, pending: 1 }],
      ]);
      const disputes = await list.execute(lixia, { projectId: project.id, orgId: counties['370102']!.id, confirmation: 'disputed' });
      expect(disputes.enrollments.map((e) => e.teacherId)).toEqual([b.id]);

      // The school admin may not correct in the confirmation window; the county admin does, and the participant confirms again.
      await expect(change.change(school('S0001'), { id: enrolled[1]!.id, subject: '英语', role: 'trainee' })).rejects.toMatchObject({ code: 'role_not_allowed' });
      const fixed = await change.change(lixia, { id: enrolled[1]!.id, subject: '英语', role: 'trainee' });
      expect(fixed).toMatchObject({ subject: '英语', confirmation: 'pending', disputeNote: null });
      const changedEvent = contract.EnrollmentChanged.decode((await outbox(Topics.enrollmentChanged)).at(-1)!.payload);
      expect(changedEvent).toMatchObject({ previousSubject: '数学', enrollment: { subject: '英语', confirmation: contract.ConfirmationStatus.CONFIRMATION_STATUS_PENDING } });
      await expect(enroll.execute(lixia, { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: (await teacherAt('S0001')).id, subject: '数学', role: 'trainee' }] })).rejects.toMatchObject({
        code: 'enrollment_window_closed',
      });

      expect((await mine.execute(participant(b))).map((e) => [e.projectId, e.subject, e.confirmation])).toEqual([[project.id, '英语', 'pending']]);
      // Each row names its project and when its study runs; a's list holds a's row only, not b's or c's of the same project.
      const [own, ...others] = await mine.execute(participant(a));
      expect(others).toEqual([]);
      expect(own).toMatchObject({ id: enrolled[0]!.id, teacherId: a.id });
      expect(own!.project).toEqual({ name: project.name, year: project.year, stage: 'primary', requiredHours: 50, study: { start: addDays(d0, 60), end: addDays(d0, 120) } });
      expect(myEnrollmentToProto(own!).project).toEqual({
        name: project.name,
        year: project.year,
        stage: teacherContract.Stage.STAGE_PRIMARY,
        requiredHours: 50,
        study: { startDate: addDays(d0, 60), endDate: addDays(d0, 120) },
      });
      // Provisioned accounts carry the teacher id as a claim; it wins over the username.
      expect((await mine.execute({ ...participant(a), username: 'someone-else', teacherId: b.id })).map((e) => e.teacherId)).toEqual([b.id]);
      // A teacher's token carries their school's path, which is no jurisdiction over its list.
      await expect(list.execute(participant(b), { projectId: project.id, orgId: units.S0001!.id })).rejects.toMatchObject({ code: 'role_not_allowed' });
    });
  });

  describe('jurisdiction, over generated admin and target pairs', () => {
    let project: TrainingProjectRecord;
    const schools = ['S0001', 'S0002', 'S0003', 'S0004'] as const;
    const countyOf: Record<(typeof schools)[number], string> = { S0001: '370102', S0002: '370102', S0003: '370103', S0004: '370202' };
    const enrollmentIds: Record<string, string> = {};
    const teacherIds: Record<string, string> = {};
    const maskedIdNumbers: Record<string, string> = {};

    beforeAll(async () => {
      ({ project } = await newProject());
      await openTo(project.id, '370102', ['S0001', 'S0002']);
      await openTo(project.id, '370103', ['S0003']);
      await openTo(project.id, '370202', ['S0004']);
      for (const code of schools) {
        const teacher = await teacherAt(code);
        const [e] = await enroll.execute(school(code, countyOf[code]), { projectId: project.id, orgId: units[code]!.id, entries: [{ teacherId: teacher.id, subject: '数学', role: 'trainee' }] });
        enrollmentIds[code] = e!.id;
        teacherIds[code] = teacher.id;
        maskedIdNumbers[teacher.id] = teacher.idNumberMasked;
      }
    });

    const paths = ['/37', '/37/3701', '/37/3702', '/37/3701/370102', '/37/3701/370103', '/37/3702/370202', ...schools.map((s) => `/37/${countyOf[s].slice(0, 4)}/${countyOf[s]}/${s}`)];
    const roleAt = (path: string): AdminRole => (['province-admin', 'city-admin', 'county-admin', 'school-admin'] as const)[path.split('/').length - 2]!;
    const caller = fc.constantFrom(...paths).map((p) => admin(roleAt(p), p));
    const target = fc.constantFrom(...schools, '370102', '370103', '370202', '3701', '3702');
    const orgOf = (t: string) => (t.startsWith('S') ? units[t]! : t.length === 6 ? counties[t]! : { id: seededOrgId(`/37/${t}`), path: `/37/${t}` });
    const under = (p: string, path: string) => path === p || path.startsWith(`${p}/`);

    it('lists and counts only rows inside the caller subtree, and refuses targets outside it', async () => {
      await fc.assert(
        fc.asyncProperty(caller, target, async (who, t) => {
          const org = orgOf(t);
          const listing = () => list.execute(who, { projectId: project.id, orgId: org.id });
          const counting = () => progress.execute(who, { projectId: project.id, orgId: org.id });
          if (!under(who.orgPath!, org.path)) {
            await expect(listing()).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
            await expect(counting()).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
            return;
          }
          const page = await listing();
          const expected = schools.filter((s) => under(org.path, units[s]!.path));
          expect(page.enrollments.map((e) => e.orgPath).sort()).toEqual(expected.map((s) => units[s]!.path).sort());
          expect(page.enrollments.every((e) => under(who.orgPath!, e.orgPath))).toBe(true);
          expect((await counting()).self.counts?.enrolled ?? 0).toBe(expected.length);
        }),
        { numRuns: 60 },
      );
    });

    it('names a given set of teachers only inside the caller subtree: others are absent, not refused', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await fc.assert(
        fc.asyncProperty(caller, fc.subarray([...schools], { minLength: 1 }), async (who, asked) => {
          // orgId empty: the caller's own org, which is how the gateway names a page of progress's participants.
          const page = await list.execute(who, { projectId: project.id, orgId: '', teacherIds: [...asked.map((s) => teacherIds[s]!), unknown] });
          const expected = asked.filter((s) => under(who.orgPath!, units[s]!.path));
          expect(page.enrollments.map((e) => e.teacherId).sort()).toEqual(expected.map((s) => teacherIds[s]!).sort());
          for (const e of page.enrollments) expect([e.teacherName, e.idNumberMasked]).toEqual(['李静', maskedIdNumbers[e.teacherId]]);
          expect(page.total).toBe(expected.length);
        }),
        { numRuns: 40 },
      );
      // With an org: the filter narrows its subtree, and an org outside the jurisdiction is still refused.
      const inLixia = await list.execute(lixia, { projectId: project.id, orgId: units.S0002!.id, teacherIds: Object.values(teacherIds) });
      expect(inLixia.enrollments.map((e) => e.teacherId)).toEqual([teacherIds.S0002]);
      await expect(list.execute(lixia, { projectId: project.id, orgId: counties['370202']!.id, teacherIds: [teacherIds.S0004!] })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      // A teacher's own token has no jurisdiction, whatever the ids.
      await expect(list.execute({ ...school('S0001'), roles: ['teacher'] }, { projectId: project.id, orgId: '', teacherIds: [teacherIds.S0001!] })).rejects.toMatchObject({ code: 'role_not_allowed' });
      const tooMany = Array.from({ length: 501 }, () => unknown);
      await expect(list.execute(province, { projectId: project.id, orgId: '', teacherIds: tooMany })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('teacherIds') as unknown });
    });

    it('refuses every write on a unit outside the caller subtree, whatever the role rank', async () => {
      await fc.assert(
        fc.asyncProperty(caller, fc.constantFrom(...schools), async (who, s) => {
          fc.pre(!under(who.orgPath!, units[s]!.path));
          await expect(change.withdraw(who, enrollmentIds[s]!)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
          await expect(move.execute(who, 'submit', { projectId: project.id, orgId: units[s]!.id })).rejects.toMatchObject({ code: expect.stringMatching(/out_of_jurisdiction|role_not_allowed/) as string });
          await expect(open.execute(who, { projectId: project.id, orgIds: [units[s]!.id] })).rejects.toMatchObject({ code: expect.stringMatching(/out_of_jurisdiction|role_not_allowed/) as string });
        }),
        { numRuns: 40 },
      );
      expect(await rowCount('enrollments', project.id)).toBe(4);
      const statuses = await dataSource.query<{ status: string }[]>("SELECT status FROM enrollments WHERE project_id = ? AND status <> 'enrolled'", [project.id]);
      expect(statuses).toEqual([]);
    });

    it('pages through a subtree without gaps or repeats', async () => {
      const first = await list.execute(province, { projectId: project.id, orgId: seededOrgId('/37'), pageSize: 3 });
      expect(first).toMatchObject({ total: 4 });
      expect(first.enrollments).toHaveLength(3);
      const second = await list.execute(province, { projectId: project.id, orgId: seededOrgId('/37'), pageSize: 3, pageToken: first.nextPageToken });
      expect(second.nextPageToken).toBe('');
      expect([...first.enrollments, ...second.enrollments].map((e) => e.id).sort()).toEqual(Object.values(enrollmentIds).sort());
      await expect(list.execute(province, { projectId: project.id, orgId: seededOrgId('/37'), pageToken: 'garbage' })).rejects.toMatchObject({ code: 'invalid_argument' });
    });
  });
});
