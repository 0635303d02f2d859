import { randomBytes } from 'node:crypto';
import type { AdminRole, Principal } from '@yanxiu/auth';
import { enrollment as enrollmentContract, roster as rosterContract, studyGroup as groupContract, transfer as transferContract, Topics } from '@yanxiu/contracts';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { ChangeEnrollmentUseCase, EnrollTeachersUseCase } from '../enrollment/enroll-teachers.use-case.js';
import type { EnrollmentRole, EnrollmentView } from '../enrollment/enrollment.js';
import { OpenEnrollmentUseCase } from '../enrollment/enrollment-cascade.use-case.js';
import { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { IdentityError } from '../identity.error.js';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import type { OrgRecord } from '../orgs/org.repository.js';
import { OrgRepository } from '../orgs/org.repository.js';
import { FormStudyGroupsUseCase } from '../study-groups/form-study-groups.use-case.js';
import { StudyGroupRepository } from '../study-groups/study-group.repository.js';
import { SetTutorTeamHeadUseCase } from '../study-groups/tutor-team-head.use-case.js';
import { CreateTeacherUseCase } from '../teachers/create-teacher.use-case.js';
import { checkCharacter } from '../teachers/id-number.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { PersonalDataReadRepository } from '../teachers/personal-data-read.repository.js';
import { RetireTeacherUseCase } from '../teachers/retire-teacher.use-case.js';
import { TeacherRepository, type Stage, type TeacherRecord } from '../teachers/teacher.repository.js';
import { CreateTrainingProjectUseCase } from '../training-projects/save-training-project.use-case.js';
import type { TrainingProjectRecord } from '../training-projects/training-project.js';
import { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { addDays, CALENDAR, projectSpec, provinceNoon } from '../training-projects/training-project.spec-helper.js';
import { LookupDepartedTeacherUseCase } from './lookup-departed-teacher.use-case.js';
import { DepartTeacherUseCase, GetTeacherTransfersUseCase, type TransferTeacherUseCase } from './transfer-teacher.use-case.js';
import { transferTeacherUseCase } from './transfer.spec-helper.js';
import { TransferRepository } from './transfer.repository.js';

const admin = (role: AdminRole, orgPath: string, username: string = role): Principal => ({ subject: `sub-${username}`, username, roles: [role], orgPath, token: 't' });
const province = admin('province-admin', '/37');
const jinanAdmin = admin('city-admin', '/37/3701');
const qingdaoAdmin = admin('city-admin', '/37/3702', 'qingdao-admin');
const lixiaAdmin = admin('county-admin', '/37/3701/370102');
const s0001Admin = admin('school-admin', '/37/3701/370102/S0001', 's0001-admin');
let seq = 100;
const idNumber = () => {
  seq++;
  const first17 = `370102199001${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

describe('departures and transfers on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  // Tests that need a day of a project's calendar set it; the others run on the real clock.
  let now: Date | null = null;
  const clock = () => now ?? new Date();
  const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
  let createTeacher: CreateTeacherUseCase;
  let transfer: TransferTeacherUseCase;
  let depart: DepartTeacherUseCase;
  let retire: RetireTeacherUseCase;
  let history: GetTeacherTransfersUseCase;
  let lookup: LookupDepartedTeacherUseCase;
  let createProject: CreateTrainingProjectUseCase;
  let open: OpenEnrollmentUseCase;
  let enroll: EnrollTeachersUseCase;
  let changeEnrollment: ChangeEnrollmentUseCase;
  let form: FormStudyGroupsUseCase;
  let setHead: SetTutorTeamHeadUseCase;
  const units: Record<string, OrgRecord> = {};
  const counties: Record<string, OrgRecord> = {};

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('identity', identityMigrations));
    const orgRepo = new OrgRepository();
    const teacherRepo = new TeacherRepository();
    const transferRepo = new TransferRepository();
    const projects = new TrainingProjectRepository();
    const enrollment = new EnrollmentRepository();
    const groups = new StudyGroupRepository();
    const orgs = new CreateOrgUseCase(dataSource, orgRepo);
    createTeacher = new CreateTeacherUseCase(dataSource, orgRepo, teacherRepo, cipher);
    transfer = transferTeacherUseCase(dataSource, clock);
    depart = new DepartTeacherUseCase(dataSource, teacherRepo, transferRepo);
    retire = new RetireTeacherUseCase(dataSource, teacherRepo, transferRepo);
    history = new GetTeacherTransfersUseCase(dataSource, teacherRepo, transferRepo);
    lookup = new LookupDepartedTeacherUseCase(dataSource, teacherRepo, new PersonalDataReadRepository(), cipher);
    createProject = new CreateTrainingProjectUseCase(dataSource, orgRepo, projects, clock);
    open = new OpenEnrollmentUseCase(dataSource, orgRepo, projects, enrollment, clock);
    enroll = new EnrollTeachersUseCase(dataSource, orgRepo, projects, enrollment, clock);
    changeEnrollment = new ChangeEnrollmentUseCase(dataSource, projects, enrollment, clock);
    form = new FormStudyGroupsUseCase(dataSource, orgRepo, projects, enrollment, groups, clock);
    setHead = new SetTutorTeamHeadUseCase(dataSource, orgRepo, projects, enrollment, groups, clock);
    await orgs.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
      { code: '3702', name: '青岛市', level: 'city', parentPath: '/37' },
    ]);
    for (const [city, county, schools] of [['3701', '370102', ['S0001', 'S0002']], ['3701', '370103', ['S0003']], ['3702', '370202', ['S0004']]] as const) {
      const c = await orgs.execute(province, { parentId: seededOrgId(`/37/${city}`), code: county, name: county, level: 'county' });
      counties[county] = c;
      for (const s of schools) units[s] = await orgs.execute(province, { parentId: c.id, code: s, name: s, level: 'school' });
    }
  });

  afterEach(() => {
    now = null;
  });

  afterAll(async () => {
    await db?.drop();
  });

  const newTeacher = async (school: string, stage: Stage = 'primary', subject = '数学'): Promise<TeacherRecord & { idNumber: string }> => {
    const number = idNumber();
    return { ...(await createTeacher.execute(province, { orgId: units[school]!.id, name: '王芳', idNumber: number, gender: 'female', stage, subject, title: '', phone: '' })), idNumber: number };
  };
  const outbox = async (topic: string) =>
    dataSource.query<{ payload: Buffer }[]>('SELECT payload FROM outbox WHERE topic = ? ORDER BY seq', [topic]).then((rows) => rows.map((r) => Buffer.from(r.payload)));
  const transfersOf = async (teacherId: string) => Number((await dataSource.query<{ n: string }[]>('SELECT COUNT(*) AS n FROM teacher_transfers WHERE teacher_id = ?', [teacherId]))[0]?.n);

  it('commits the teacher row, the history row and the event together', async () => {
    const teacher = await newTeacher('S0001');
    const before = (await outbox(Topics.teacherTransferred)).length;
    const moved = await transfer.execute(jinanAdmin, { teacherId: teacher.id, targetOrgId: units.S0003!.id });
    expect(moved.teacher).toMatchObject({ orgId: units.S0003!.id, orgPath: '/37/3701/370103/S0003', status: 'in_service' });
    expect(moved.transfer).toMatchObject({ kind: 'within_city', fromOrgPath: '/37/3701/370102/S0001', byUsername: 'city-admin', statusVersion: 1 });

    const events = await outbox(Topics.teacherTransferred);
    expect(events).toHaveLength(before + 1);
    expect(transferContract.TeacherTransferred.decode(events.at(-1)!)).toMatchObject({
      teacherId: teacher.id,
      fromOrgPath: '/37/3701/370102/S0001',
      toOrgPath: '/37/3701/370103/S0003',
      kind: transferContract.TransferKind.TRANSFER_KIND_WITHIN_CITY,
      statusVersion: 1,
    });
    await expect(history.execute(jinanAdmin, teacher.id)).resolves.toEqual([expect.objectContaining({ id: moved.transfer.id, toOrgId: units.S0003!.id })]);
  });

  it('leaves nothing behind when a transfer is refused', async () => {
    const teacher = await newTeacher('S0001');
    const before = (await outbox(Topics.teacherTransferred)).length;
    await expect(transfer.execute(lixiaAdmin, { teacherId: teacher.id, targetOrgId: units.S0003!.id })).rejects.toMatchObject({ code: 'transfer_not_allowed' });
    await expect(transfer.execute(jinanAdmin, { teacherId: teacher.id, targetOrgId: units.S0004!.id })).rejects.toMatchObject({ code: 'transfer_not_allowed' });
    await expect(transfer.execute(admin('school-admin', '/37/3701/370102/S0002'), { teacherId: teacher.id, targetOrgId: units.S0002!.id })).rejects.toMatchObject({ code: 'transfer_not_allowed' });
    await expect(transfer.execute(province, { teacherId: teacher.id, targetOrgId: units.S0001!.id })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(transfer.execute(province, { teacherId: teacher.id, targetOrgId: seededOrgId('/37/3701') })).rejects.toMatchObject({ code: 'org_level_not_allowed' });
    await dataSource.query("UPDATE teachers SET status = 'retired' WHERE id = ?", [teacher.id]);
    await expect(transfer.execute(province, { teacherId: teacher.id, targetOrgId: units.S0002!.id })).rejects.toMatchObject({ code: 'teacher_not_transferable' });

    expect((await outbox(Topics.teacherTransferred)).length).toBe(before);
    expect(await transfersOf(teacher.id)).toBe(0);
    const [row] = await dataSource.query<{ org_path: string; status_version: number }[]>('SELECT org_path, status_version FROM teachers WHERE id = ?', [teacher.id]);
    expect(row).toMatchObject({ org_path: '/37/3701/370102/S0001', status_version: 0 });
  });

  it('puts a departed teacher in the pool at their last unit, from where any school admin may pull them in', async () => {
    const teacher = await newTeacher('S0004');
    const departed = await depart.execute(admin('school-admin', '/37/3702/370202/S0004'), teacher.id);
    expect(departed).toMatchObject({ status: 'departed', orgPath: '/37/3702/370202/S0004' });
    expect(transferContract.TeacherDeparted.decode((await outbox(Topics.teacherDeparted)).at(-1)!)).toMatchObject({ teacherId: teacher.id, orgPath: '/37/3702/370202/S0004', statusVersion: 1 });
    await expect(depart.execute(province, teacher.id)).rejects.toMatchObject({ code: 'teacher_not_transferable' });
    await expect(depart.execute(jinanAdmin, (await newTeacher('S0004')).id)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });

    const pulled = await transfer.execute(admin('school-admin', '/37/3701/370102/S0001'), { teacherId: teacher.id, targetOrgId: units.S0001!.id });
    expect(pulled.teacher).toMatchObject({ status: 'in_service', orgPath: '/37/3701/370102/S0001' });
    expect(pulled.transfer).toMatchObject({ kind: 'from_departed_pool', fromOrgPath: '/37/3702/370202/S0004', statusVersion: 2 });
  });

  it('serialises two admins pulling the same departed teacher at once: one wins, the other sees an in-service teacher', async () => {
    const teacher = await newTeacher('S0004');
    await depart.execute(province, teacher.id);
    const before = (await outbox(Topics.teacherTransferred)).length;
    const results = await Promise.allSettled([
      transfer.execute(admin('school-admin', '/37/3701/370102/S0001', 's1'), { teacherId: teacher.id, targetOrgId: units.S0001!.id }),
      transfer.execute(admin('school-admin', '/37/3701/370102/S0002', 's2'), { teacherId: teacher.id, targetOrgId: units.S0002!.id }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    // The loser decided on the winner's committed state: the teacher is in service again, out of a school admin's reach.
    expect(lost[0]!.reason).toMatchObject({ code: 'transfer_not_allowed' });
    expect(await transfersOf(teacher.id)).toBe(1);
    expect((await outbox(Topics.teacherTransferred)).length).toBe(before + 1);
  });

  it('serialises two concurrent in-service moves: the second starts from where the first left the teacher', async () => {
    const teacher = await newTeacher('S0001');
    await Promise.all([
      transfer.execute(jinanAdmin, { teacherId: teacher.id, targetOrgId: units.S0002!.id }),
      transfer.execute(jinanAdmin, { teacherId: teacher.id, targetOrgId: units.S0003!.id }),
    ]);
    const steps = await history.execute(province, teacher.id);
    expect(steps).toHaveLength(2);
    expect(steps[1]!.fromOrgPath).toBe(steps[0]!.toOrgPath);
    expect(steps.map((s) => s.statusVersion)).toEqual([1, 2]);
  });

  // ── enrollments follow the teacher (docs/decisions/0017) ──

  // Each project gets a year of its own, which keeps (owner, year, stage) unique.
  let nextYear = 2031;
  const GROUPING_DAY = 20;
  const at = (d0: string, day: number) => {
    now = provinceNoon(addDays(d0, day));
  };
  /** A project opened to every county and unit of the tree, standing on its enrollment day. */
  const openProject = async (stage: Stage = 'primary'): Promise<{ project: TrainingProjectRecord; d0: string }> => {
    const d0 = `${nextYear++}-04-18`;
    at(d0, CALENDAR.enrollment);
    const project = await createProject.execute(province, projectSpec(d0, stage));
    await open.execute(province, { projectId: project.id, orgIds: Object.values(counties).map((c) => c.id) });
    await open.execute(province, { projectId: project.id, orgIds: Object.values(units).map((u) => u.id) });
    return { project, d0 };
  };
  const enrollAt = (project: TrainingProjectRecord, code: string, teachers: readonly { id: string }[], subject = '数学', role: EnrollmentRole = 'trainee'): Promise<EnrollmentView[]> =>
    enroll.execute(role === 'tutor' ? province : admin('school-admin', units[code]!.path), { projectId: project.id, orgId: units[code]!.id, entries: teachers.map((t) => ({ teacherId: t.id, subject, role })) });
  const enrollmentRow = async (id: string) =>
    (await dataSource.query<{ org_id: string; org_path: string; subject: string; status: string; version: number }[]>('SELECT org_id, org_path, subject, status, version FROM enrollments WHERE id = ?', [id]))[0];
  const changedEvents = async (from: number) => (await outbox(Topics.enrollmentChanged)).slice(from).map((p) => enrollmentContract.EnrollmentChanged.decode(p));

  it('moves the enrollments of projects that have not ended to the new unit, each with an EnrollmentChanged of its next version', async () => {
    const teacher = await newTeacher('S0001');
    const past = await openProject();
    const [ended] = await enrollAt(past.project, 'S0001', [teacher]);
    const current = await openProject();
    const [running] = await enrollAt(current.project, 'S0001', [teacher]);
    // The past project's study ended the year before: its enrollment is history and stays.
    at(current.d0, CALENDAR.confirmation);
    const before = (await outbox(Topics.enrollmentChanged)).length;

    const moved = await transfer.execute(lixiaAdmin, { teacherId: teacher.id, targetOrgId: units.S0002!.id });
    expect(moved.movedEnrollments).toEqual([
      expect.objectContaining({ id: running!.id, orgId: units.S0002!.id, orgPath: units.S0002!.path, subject: '数学', role: 'trainee', status: 'enrolled', confirmation: 'pending', version: 2 }),
    ]);
    expect(await enrollmentRow(running!.id)).toMatchObject({ org_id: units.S0002!.id, org_path: units.S0002!.path, version: 2 });
    expect(await enrollmentRow(ended!.id)).toMatchObject({ org_id: units.S0001!.id, org_path: units.S0001!.path, version: 1 });

    const events = await changedEvents(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      enrollment: { enrollmentId: running!.id, teacherId: teacher.id, orgId: units.S0002!.id, orgPath: units.S0002!.path, subject: '数学', version: 2, status: enrollmentContract.EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED },
      previousSubject: '数学',
      previousRole: enrollmentContract.EnrollmentRole.ENROLLMENT_ROLE_TRAINEE,
    });
  });

  it('leaves a departed teacher enrolled at the unit they left, and moves the enrollment when a school admin of another city pulls them in mid-study', async () => {
    const { project, d0 } = await openProject();
    const teacher = await newTeacher('S0004');
    const [enrolled] = await enrollAt(project, 'S0004', [teacher]);
    await depart.execute(qingdaoAdmin, teacher.id);
    expect(await enrollmentRow(enrolled!.id)).toMatchObject({ org_path: units.S0004!.path, status: 'enrolled', version: 1 });

    // Enrollment data is frozen for admins once study starts; the enrollment still follows its teacher.
    at(d0, CALENDAR.studying);
    const before = (await outbox(Topics.enrollmentChanged)).length;
    const pulled = await transfer.execute(s0001Admin, { teacherId: teacher.id, targetOrgId: units.S0001!.id });
    expect(pulled.transfer.kind).toBe('from_departed_pool');
    expect(pulled.movedEnrollments).toEqual([expect.objectContaining({ id: enrolled!.id, orgPath: units.S0001!.path, version: 2 })]);
    expect((await changedEvents(before)).map((e) => [e.enrollment?.enrollmentId, e.enrollment?.orgPath])).toEqual([[enrolled!.id, units.S0001!.path]]);
  });

  it('changes no enrollment when the transfer is refused', async () => {
    const { project } = await openProject();
    const teacher = await newTeacher('S0001');
    const [enrolled] = await enrollAt(project, 'S0001', [teacher]);
    const before = (await outbox(Topics.enrollmentChanged)).length;
    await expect(transfer.execute(lixiaAdmin, { teacherId: teacher.id, targetOrgId: units.S0003!.id })).rejects.toMatchObject({ code: 'transfer_not_allowed' });
    expect(await enrollmentRow(enrolled!.id)).toMatchObject({ org_path: units.S0001!.path, version: 1 });
    expect((await outbox(Topics.enrollmentChanged)).length).toBe(before);
  });

  it('takes the teacher out of their study group and off the teams of a region they leave while groups may change; after that, groups are final', async () => {
    const { project, d0 } = await openProject('middle');
    const [leader] = await enrollAt(project, 'S0001', [await newTeacher('S0001', 'middle', '语文')], '语文', 'group_leader');
    const trainees = await enrollAt(project, 'S0001', await Promise.all([1, 2, 3, 4, 5, 6].map(() => newTeacher('S0001', 'middle', '语文'))), '语文');
    const [tutor] = await enrollAt(project, 'S0001', [await newTeacher('S0001', 'middle', '语文')], '语文', 'tutor');
    at(d0, GROUPING_DAY);
    const lixia = counties['370102']!;
    const { groups } = await form.execute(lixiaAdmin, { projectId: project.id, orgId: lixia.id });
    expect(groups).toEqual([expect.objectContaining({ memberCount: 7, leaderTeacherId: leader!.teacherId, tutorTeacherId: tutor!.teacherId })]);
    const group = groups[0]!;
    await setHead.execute(lixiaAdmin, { projectId: project.id, orgId: lixia.id, subject: '语文', teacherId: tutor!.teacherId });
    const changedBefore = (await outbox(Topics.studyGroupChanged)).length;
    const assignedBefore = (await outbox(Topics.studyGroupTutorAssigned)).length;
    const memberOf = async (teacherId: string) => (await dataSource.query<{ group_id: string }[]>('SELECT group_id FROM study_group_members WHERE project_id = ? AND teacher_id = ?', [project.id, teacherId]))[0]?.group_id;
    const groupRow = async () => (await dataSource.query<{ leader_teacher_id: string; leader_source: string; tutor_teacher_id: string | null; version: number }[]>('SELECT leader_teacher_id, leader_source, tutor_teacher_id, version FROM study_groups WHERE id = ?', [group.id]))[0];
    const heads = async () => (await dataSource.query<{ head_teacher_id: string }[]>('SELECT head_teacher_id FROM tutor_team_heads WHERE project_id = ?', [project.id])).map((r) => r.head_teacher_id);

    // The leader moves to another county: out of the group, a trainee leads provisionally.
    await transfer.execute(jinanAdmin, { teacherId: leader!.teacherId, targetOrgId: units.S0003!.id });
    expect(await memberOf(leader!.teacherId)).toBeUndefined();
    const afterLeader = await groupRow();
    expect(afterLeader).toMatchObject({ leader_source: 'provisional', tutor_teacher_id: tutor!.teacherId, version: group.version + 1 });
    expect(trainees.map((t) => t.teacherId)).toContain(afterLeader!.leader_teacher_id);
    const changed = (await outbox(Topics.studyGroupChanged)).slice(changedBefore).map((p) => groupContract.StudyGroupChanged.decode(p));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ change: groupContract.StudyGroupChange.STUDY_GROUP_CHANGE_MEMBERS, group: { groupId: group.id, version: group.version + 1, leaderTeacherId: afterLeader!.leader_teacher_id } });
    expect([...changed[0]!.group!.memberTeacherIds].sort()).toEqual(trainees.map((t) => t.teacherId).sort());

    // The tutor moves within the county: still this region's tutor and head. Then out of it: off the group and the team.
    await transfer.execute(lixiaAdmin, { teacherId: tutor!.teacherId, targetOrgId: units.S0002!.id });
    expect(await groupRow()).toMatchObject({ tutor_teacher_id: tutor!.teacherId, version: group.version + 1 });
    expect(await heads()).toEqual([tutor!.teacherId]);
    await transfer.execute(jinanAdmin, { teacherId: tutor!.teacherId, targetOrgId: units.S0003!.id });
    expect(await groupRow()).toMatchObject({ tutor_teacher_id: null, version: group.version + 2 });
    expect(await heads()).toEqual([]);
    const assigned = (await outbox(Topics.studyGroupTutorAssigned)).slice(assignedBefore).map((p) => groupContract.StudyGroupTutorAssigned.decode(p));
    expect(assigned).toEqual([expect.objectContaining({ groupId: group.id, tutorTeacherId: '', previousTutorTeacherId: tutor!.teacherId })]);

    // After the grouping window groups are final: the enrollment moves, the membership stays.
    at(d0, CALENDAR.confirmation);
    const eventsBefore = (await outbox(Topics.studyGroupChanged)).length;
    const stayer = trainees.find((t) => t.teacherId !== afterLeader!.leader_teacher_id)!;
    const late = await transfer.execute(jinanAdmin, { teacherId: stayer.teacherId, targetOrgId: units.S0003!.id });
    expect(late.movedEnrollments).toEqual([expect.objectContaining({ id: stayer.id, orgPath: units.S0003!.path })]);
    expect(await memberOf(stayer.teacherId)).toBe(group.id);
    expect((await outbox(Topics.studyGroupChanged)).length).toBe(eventsBefore);
  });

  it('serialises a transfer with a correction of the same enrollment: no deadlock, nothing lost, versions in order', async () => {
    const { project } = await openProject();
    const teachers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => newTeacher('S0001')));
    const enrolled = await enrollAt(project, 'S0001', teachers);
    const outcomes = await Promise.all(
      enrolled.map(async (e) => {
        const [moved, corrected] = await Promise.allSettled([
          transfer.execute(lixiaAdmin, { teacherId: e.teacherId, targetOrgId: units.S0002!.id }),
          changeEnrollment.change(lixiaAdmin, { id: e.id, subject: '语文', role: 'trainee' }),
        ]);
        return { e, moved, corrected };
      }),
    );
    for (const { e, moved, corrected } of outcomes) {
      expect(moved.status).toBe('fulfilled');
      // The correction either went first, or came after the move and was applied there, or saw the move mid-way and asks to try again.
      if (corrected.status === 'rejected') expect(corrected.reason).toEqual(expect.objectContaining({ code: 'version_conflict' }));
      const row = await enrollmentRow(e.id);
      expect(row).toMatchObject({ org_path: units.S0002!.path, version: corrected.status === 'fulfilled' ? 3 : 2, subject: corrected.status === 'fulfilled' ? '语文' : '数学' });
    }
  });

  // ── the departed pool, searched by ID number (调入离职教师) ──

  const reason = '调入本校前核对身份';
  const readsOf = (teacherId: string) =>
    dataSource.query<{ reader_role: string; reader_username: string; teacher_org_path: string; endpoint: string; reason: string; fields: string }[]>(
      'SELECT reader_role, reader_username, teacher_org_path, endpoint, reason, fields FROM personal_data_reads WHERE teacher_id = ?',
      [teacherId],
    );
  const refusalOf = (principal: Principal, number: string) =>
    lookup.execute(principal, { idNumber: number, reason }).then(
      () => null,
      (error: unknown) => error,
    );

  it('finds a departed teacher of another city for a school admin, masked, and audits the read with its event', async () => {
    const teacher = await newTeacher('S0004');
    await depart.execute(qingdaoAdmin, teacher.id);
    const found = await lookup.execute(s0001Admin, { idNumber: teacher.idNumber, reason });
    expect(found).toMatchObject({ id: teacher.id, status: 'departed', orgPath: units.S0004!.path, idNumberMasked: `${teacher.idNumber.slice(0, 6)}********${teacher.idNumber.slice(14)}` });
    expect(await readsOf(teacher.id)).toEqual([
      { reader_role: 'school-admin', reader_username: 's0001-admin', teacher_org_path: units.S0004!.path, endpoint: 'LookupDepartedTeacher', reason, fields: 'name,gender,stage,subject,title,unit' },
    ]);
    const event = rosterContract.TeacherPersonalDataRead.decode((await outbox(Topics.teacherPersonalDataRead)).at(-1)!);
    expect(event).toMatchObject({ teacherId: teacher.id, readerRole: 'school-admin', readerOrgPath: s0001Admin.orgPath, endpoint: 'LookupDepartedTeacher' });
    // Higher admins of another subtree find them too, and the school admin can pull them in.
    await expect(lookup.execute(jinanAdmin, { idNumber: teacher.idNumber, reason })).resolves.toMatchObject({ id: teacher.id });
    await expect(transfer.execute(s0001Admin, { teacherId: found.id, targetOrgId: units.S0001!.id })).resolves.toMatchObject({ transfer: { kind: 'from_departed_pool' } });
  });

  it('answers a teacher in service or retired, anywhere, exactly like an unknown number, and records nothing', async () => {
    const inQingdao = await newTeacher('S0004');
    const inOwnSchool = await newTeacher('S0001');
    const retired = await newTeacher('S0004');
    await retire.execute(qingdaoAdmin, retired.id);
    const unknown = await refusalOf(s0001Admin, idNumber());
    expect(unknown).toBeInstanceOf(IdentityError);
    expect(unknown).toMatchObject({ code: 'teacher_not_found' });
    const outboxBefore = (await outbox(Topics.teacherPersonalDataRead)).length;
    for (const [principal, teacher] of [
      [s0001Admin, inQingdao],
      [s0001Admin, inOwnSchool],
      [s0001Admin, retired],
      [qingdaoAdmin, inQingdao],
      [province, inQingdao],
    ] as const) {
      const refusal = await refusalOf(principal, teacher.idNumber);
      expect(refusal).toBeInstanceOf(IdentityError);
      expect(refusal).toMatchObject({ code: (unknown as IdentityError).code, message: (unknown as IdentityError).message });
      expect(await readsOf(teacher.id)).toEqual([]);
    }
    expect((await outbox(Topics.teacherPersonalDataRead)).length).toBe(outboxBefore);
  });

  it('takes the whole ID number only, from admins only, with a reason', async () => {
    const teacher = await newTeacher('S0004');
    await depart.execute(qingdaoAdmin, teacher.id);
    await expect(lookup.execute(s0001Admin, { idNumber: teacher.idNumber.slice(0, 14), reason })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('18') as string });
    const wrongCheck = `${teacher.idNumber.slice(0, 17)}${teacher.idNumber[17] === '0' ? '1' : '0'}`;
    await expect(lookup.execute(s0001Admin, { idNumber: wrongCheck, reason })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(lookup.execute(s0001Admin, { idNumber: teacher.idNumber, reason: ' ' })).rejects.toMatchObject({ code: 'invalid_argument' });
    const asTeacher: Principal = { subject: 'sub-t', username: 't', roles: ['teacher'], orgPath: units.S0001!.path, token: 't' };
    await expect(lookup.execute(asTeacher, { idNumber: teacher.idNumber, reason })).rejects.toMatchObject({ code: 'role_not_allowed' });
    expect(await readsOf(teacher.id)).toEqual([]);
  });
});
