import { randomBytes } from 'node:crypto';
import { isWithinJurisdiction, type AdminRole, type Principal } from '@yanxiu/auth';
import { studyGroup as contract, Topics } from '@yanxiu/contracts';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { EnrollTeachersUseCase } from '../enrollment/enroll-teachers.use-case.js';
import type { EnrollmentRole } from '../enrollment/enrollment.js';
import { OpenEnrollmentUseCase } from '../enrollment/enrollment-cascade.use-case.js';
import { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import { OrgRepository, type OrgRecord } from '../orgs/org.repository.js';
import { CreateTeacherUseCase } from '../teachers/create-teacher.use-case.js';
import { checkCharacter } from '../teachers/id-number.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { TeacherRepository } from '../teachers/teacher.repository.js';
import { CreateTrainingProjectUseCase } from '../training-projects/save-training-project.use-case.js';
import { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { addDays, CALENDAR, projectSpec, provinceNoon } from '../training-projects/training-project.spec-helper.js';
import { FormStudyGroupsUseCase } from './form-study-groups.use-case.js';
import type { StudyGroupView } from './study-group.js';
import { StudyGroupOverridesUseCase } from './study-group-overrides.use-case.js';
import { StudyGroupQueriesUseCase } from './study-group-queries.use-case.js';
import { StudyGroupRepository } from './study-group.repository.js';
import { SetTutorTeamHeadUseCase } from './tutor-team-head.use-case.js';

const admin = (role: AdminRole, orgPath: string): Principal => ({ subject: `sub-${role}@${orgPath}`, username: `${role}@${orgPath}`, roles: [role], orgPath, token: 't' });
const province = admin('province-admin', '/37');
const LIXIA = '/37/3701/370102';
const lixia = admin('county-admin', LIXIA);
const GROUPING_DAY = 20;

let seq = 0;
const idNumber = () => {
  seq++;
  const first17 = `370102198${seq % 10}0${1 + (seq % 9)}${String(10 + (seq % 18)).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

/**
 * The real repository, but the next region lock, once armed, waits for the test: a transaction paused
 * there has made its first reads and holds no lock, so another one can commit in between, every time.
 */
class RegionLockGate extends StudyGroupRepository {
  private armed: { reached: () => void; proceed: Promise<void> } | null = null;

  /** `reached` resolves once a transaction waits before its region lock; `release` lets it take the lock. */
  pauseBeforeNextLock(): { reached: Promise<void>; release: () => void } {
    let reached = () => {};
    let release = () => {};
    const waiting = new Promise<void>((resolve) => (reached = resolve));
    const proceed = new Promise<void>((resolve) => (release = resolve));
    this.armed = { reached, proceed };
    return { reached: waiting, release };
  }

  override async lockRegion(...args: Parameters<StudyGroupRepository['lockRegion']>): Promise<number> {
    await this.gate();
    return super.lockRegion(...args);
  }

  override async lockFormedRegion(...args: Parameters<StudyGroupRepository['lockFormedRegion']>): Promise<boolean> {
    await this.gate();
    return super.lockFormedRegion(...args);
  }

  private async gate(): Promise<void> {
    const armed = this.armed;
    this.armed = null;
    if (!armed) return;
    armed.reached();
    await armed.proceed;
  }
}

describe('study groups and tutors on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let now: Date;
  const clock = () => now;
  const units: Record<string, OrgRecord> = {};
  const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
  let createTeacher: CreateTeacherUseCase;
  let createProject: CreateTrainingProjectUseCase;
  let open: OpenEnrollmentUseCase;
  let enroll: EnrollTeachersUseCase;
  let form: FormStudyGroupsUseCase;
  let overrides: StudyGroupOverridesUseCase;
  let queries: StudyGroupQueriesUseCase;
  let setHead: SetTutorTeamHeadUseCase;
  /** The repository of every use case here; unarmed it is the plain one. */
  const regionLocks = new RegionLockGate();

  let nextYear = 2040;
  const at = (d0: string, n: number) => {
    now = provinceNoon(addDays(d0, n));
  };

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('identity_study_groups', identityMigrations));
    const orgRepo = new OrgRepository();
    const projects = new TrainingProjectRepository();
    const enrollment = new EnrollmentRepository();
    const orgs = new CreateOrgUseCase(dataSource, orgRepo);
    createTeacher = new CreateTeacherUseCase(dataSource, orgRepo, new TeacherRepository(), cipher);
    createProject = new CreateTrainingProjectUseCase(dataSource, orgRepo, projects, clock);
    open = new OpenEnrollmentUseCase(dataSource, orgRepo, projects, enrollment, clock);
    enroll = new EnrollTeachersUseCase(dataSource, orgRepo, projects, enrollment, clock);
    form = new FormStudyGroupsUseCase(dataSource, orgRepo, projects, enrollment, regionLocks, clock);
    overrides = new StudyGroupOverridesUseCase(dataSource, projects, enrollment, regionLocks, clock);
    queries = new StudyGroupQueriesUseCase(dataSource, orgRepo, projects, enrollment, regionLocks, cipher);
    setHead = new SetTutorTeamHeadUseCase(dataSource, orgRepo, projects, enrollment, regionLocks, clock);
    await orgs.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
    ]);
    for (const [county, name, codes] of [['370102', '历下区', ['S0001', 'S0002']], ['370103', '市中区', ['S0003']]] as const) {
      units[county] = await orgs.execute(province, { parentId: seededOrgId('/37/3701'), code: county, name, level: 'county' });
      for (const code of codes) units[code] = await orgs.execute(province, { parentId: units[county].id, code, name: `${code}中学`, level: 'school' });
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  const outbox = (topic: string) =>
    dataSource.query<{ payload: Buffer; message_key: string }[]>('SELECT payload, message_key FROM outbox WHERE topic = ? ORDER BY seq', [topic]).then((rows) => rows.map((r) => ({ key: r.message_key, payload: Buffer.from(r.payload) })));

  /** A middle-school project (merge across the county, tutors per county) with a roster enrolled in 历下区 and one teacher in 市中区. */
  async function enrolledProject() {
    const d0 = `${nextYear++}-04-18`;
    at(d0, CALENDAR.enrollment);
    const project = await createProject.execute(province, projectSpec(d0, 'middle'));
    const city = admin('city-admin', '/37/3701');
    await open.execute(city, { projectId: project.id, orgIds: [units['370102']!.id, units['370103']!.id] });
    await open.execute(lixia, { projectId: project.id, orgIds: [units.S0001!.id, units.S0002!.id] });
    await open.execute(admin('county-admin', '/37/3701/370103'), { projectId: project.id, orgIds: [units.S0003!.id] });
    const people: Record<string, { id: string; idNumber: string; orgPath: string }[]> = {};
    const add = async (key: string, code: string, subject: string, role: EnrollmentRole, n: number) => {
      const list = [];
      for (let i = 0; i < n; i++) {
        const id = idNumber();
        const t = await createTeacher.execute(province, { orgId: units[code]!.id, name: `${subject}${key}${i}`, idNumber: id, gender: 'female', stage: 'middle', subject, title: '', phone: '' });
        list.push({ id: t.id, idNumber: id, orgPath: t.orgPath });
      }
      const by = role === 'tutor' ? (code === 'S0003' ? admin('county-admin', '/37/3701/370103') : lixia) : admin('school-admin', units[code]!.path);
      await enroll.execute(by, { projectId: project.id, orgId: units[code]!.id, entries: list.map((t) => ({ teacherId: t.id, subject, role })) });
      people[key] = list;
    };
    await add('chinese', 'S0001', '语文', 'trainee', 16);
    await add('chineseHead', 'S0001', '语文', 'group_leader', 1);
    await add('physics1', 'S0001', '物理', 'trainee', 3);
    await add('physics2', 'S0002', '物理', 'trainee', 2);
    await add('maths2', 'S0002', '数学', 'trainee', 6);
    await add('tutorChinese', 'S0001', '语文', 'tutor', 1);
    await add('tutorPhysics', 'S0002', '物理', 'tutor', 1);
    await add('shizhong', 'S0003', '数学', 'trainee', 6);
    at(d0, GROUPING_DAY);
    return { project, d0, people };
  }
  const byName = (groups: StudyGroupView[], name: string) => {
    const g = groups.find((x) => x.name === name);
    if (!g) throw new Error(`no group ${name} among ${groups.map((x) => x.name).join(', ')}`);
    return g;
  };
  const participant = (t: { idNumber: string; orgPath: string }): Principal => ({ subject: `sub-${t.idNumber}`, username: t.idNumber.toLowerCase(), roles: ['teacher'], orgPath: t.orgPath, token: 't' });

  it('forms the county’s groups by the rules, allocates its tutors, reports the shortfall and emits the events in the same transaction', async () => {
    const { project, people } = await enrolledProject();
    const formedBefore = (await outbox(Topics.studyGroupFormed)).length;
    const { groups, teams } = await form.execute(lixia, { projectId: project.id, orgId: units['370102']!.id });

    expect(groups.map((g) => [g.name, g.memberCount, g.orgPath, g.subject]).sort()).toEqual([
      ['济南市S0001中学初中语文研修组', 17, units.S0001!.path, '语文'],
      ['济南市S0002中学初中数学研修组', 6, units.S0002!.path, '数学'],
      ['济南市历下区初中物理第1研修组', 5, LIXIA, '物理'],
    ]);
    const chinese = byName(groups, '济南市S0001中学初中语文研修组');
    expect(chinese).toMatchObject({ leaderTeacherId: people.chineseHead![0]!.id, leaderSource: 'enrolled', tutorTeacherId: people.tutorChinese![0]!.id });
    expect(byName(groups, '济南市历下区初中物理第1研修组')).toMatchObject({ leaderSource: 'provisional', tutorTeacherId: people.tutorPhysics![0]!.id });
    expect(teams.map((t) => [t.regionName, t.subject, t.tutors, t.groups, t.required, t.missing, t.groupsWithoutTutor])).toEqual([
      ['历下区', '数学', 0, 1, 1, 1, 1],
      ['历下区', '物理', 1, 1, 1, 0, 0],
      ['历下区', '语文', 1, 1, 1, 0, 0],
    ]);
    expect(await queries.tutorReport(admin('city-admin', '/37/3701'), { projectId: project.id, orgId: '' })).toEqual(teams);

    const formed = (await outbox(Topics.studyGroupFormed)).slice(formedBefore).map((e) => contract.StudyGroupFormed.decode(e.payload).group);
    expect(formed.map((g) => g?.name).sort()).toEqual(groups.map((g) => g.name).sort());
    expect(formed.find((g) => g?.groupId === chinese.id)?.memberTeacherIds).toHaveLength(17);
    const assigned = (await outbox(Topics.studyGroupTutorAssigned)).map((e) => contract.StudyGroupTutorAssigned.decode(e.payload)).filter((e) => e.projectId === project.id);
    expect(assigned.map((e) => e.tutorTeacherId).sort()).toEqual([people.tutorChinese![0]!.id, people.tutorPhysics![0]!.id].sort());

    // A new formation replaces the region's groups and says so.
    const again = await form.execute(lixia, { projectId: project.id, orgId: units['370102']!.id });
    expect(again.groups.map((g) => g.name).sort()).toEqual(groups.map((g) => g.name).sort());
    const dissolved = (await outbox(Topics.studyGroupChanged)).map((e) => contract.StudyGroupChanged.decode(e.payload)).filter((e) => e.group?.projectId === project.id);
    expect(dissolved.map((e) => [e.group?.groupId, e.change]).sort()).toEqual(groups.map((g) => [g.id, contract.StudyGroupChange.STUDY_GROUP_CHANGE_DISSOLVED]).sort());
    expect(Number((await dataSource.query<{ n: string }[]>('SELECT COUNT(*) AS n FROM study_group_members WHERE project_id = ?', [project.id]))[0]?.n)).toBe(28);
  });

  it('lets only the responsible admin form, and only in the grouping window', async () => {
    const { project, d0 } = await enrolledProject();
    const command = { projectId: project.id, orgId: units['370102']!.id };
    await expect(form.execute(admin('county-admin', '/37/3701/370103'), command)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(form.execute(admin('school-admin', units.S0001!.path), command)).rejects.toMatchObject({ code: 'role_not_allowed' });
    await expect(form.execute(lixia, { ...command, orgId: units.S0001!.id })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('formed per county') as string });
    at(d0, CALENDAR.enrollment);
    await expect(form.execute(lixia, command)).rejects.toMatchObject({ code: 'grouping_window_closed' });
    at(d0, CALENDAR.studying);
    await expect(form.execute(lixia, command)).rejects.toMatchObject({ code: 'grouping_window_closed', message: expect.stringContaining('frozen') as string });
    at(d0, GROUPING_DAY);
    await expect(form.execute(admin('city-admin', '/37/3701'), command)).resolves.toMatchObject({ groups: expect.any(Array) as unknown });
  });

  it('re-checks the rules on every override and refuses clearly', async () => {
    const { project, people } = await enrolledProject();
    const { groups } = await form.execute(lixia, { projectId: project.id, orgId: units['370102']!.id });
    const chinese = byName(groups, '济南市S0001中学初中语文研修组');
    const maths = byName(groups, '济南市S0002中学初中数学研修组');
    const physics = byName(groups, '济南市历下区初中物理第1研修组');

    // Across schools only with one subject; the leader stays until replaced; members only from the region.
    await expect(overrides.moveMember(lixia, { groupId: maths.id, teacherId: people.chinese![0]!.id })).rejects.toMatchObject({
      code: 'grouping_rule_violated',
      message: expect.stringContaining('groups across schools have one subject') as string,
    });
    await expect(overrides.moveMember(lixia, { groupId: physics.id, teacherId: people.chineseHead![0]!.id })).rejects.toMatchObject({ message: expect.stringContaining('appoint another leader') as string });
    await expect(overrides.moveMember(lixia, { groupId: maths.id, teacherId: people.shizhong![0]!.id })).rejects.toMatchObject({ code: 'grouping_rule_violated' });
    await expect(overrides.moveMember(admin('county-admin', '/37/3701/370103'), { groupId: maths.id, teacherId: people.physics1![0]!.id })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });

    // A physics teacher of S0002 joins its maths group (similar subjects, one school): it becomes a 综合 group.
    const mover = people.physics2!.find((t) => t.id !== physics.leaderTeacherId)!;
    const moved = await overrides.moveMember(lixia, { groupId: maths.id, teacherId: mover.id });
    expect(moved.group).toMatchObject({ name: '济南市S0002中学综合第1研修组', subject: '综合', memberCount: 7 });
    expect(moved.previous).toMatchObject({ id: physics.id, memberCount: 4 });
    const changes = (await outbox(Topics.studyGroupChanged)).map((e) => contract.StudyGroupChanged.decode(e.payload)).filter((e) => e.group?.projectId === project.id);
    expect(changes.map((e) => [e.group?.groupId, e.change]).sort()).toEqual(
      [
        [maths.id, contract.StudyGroupChange.STUDY_GROUP_CHANGE_MEMBERS],
        [physics.id, contract.StudyGroupChange.STUDY_GROUP_CHANGE_MEMBERS],
      ].sort(),
    );

    // Leaders are members; tutors serve their own subject team.
    await expect(overrides.changeLeader(lixia, { groupId: chinese.id, teacherId: people.maths2![0]!.id })).rejects.toMatchObject({ message: expect.stringContaining('not a member') as string });
    await expect(overrides.changeLeader(lixia, { groupId: chinese.id, teacherId: people.chinese![3]!.id })).resolves.toMatchObject({ leaderTeacherId: people.chinese![3]!.id, leaderSource: 'appointed' });
    await expect(overrides.assignTutor(lixia, { groupId: physics.id, tutorTeacherId: people.tutorChinese![0]!.id })).rejects.toMatchObject({ message: expect.stringContaining('语文 team') as string });
    await expect(overrides.assignTutor(lixia, { groupId: physics.id, tutorTeacherId: people.chinese![1]!.id })).rejects.toMatchObject({ message: expect.stringContaining('not enrolled in this project as a tutor') as string });
    await expect(overrides.assignTutor(lixia, { groupId: physics.id, tutorTeacherId: '' })).resolves.toMatchObject({ tutorTeacherId: null });
    await expect(overrides.assignTutor(lixia, { groupId: physics.id, tutorTeacherId: people.tutorPhysics![0]!.id })).resolves.toMatchObject({ tutorTeacherId: people.tutorPhysics![0]!.id });
    const assigned = (await outbox(Topics.studyGroupTutorAssigned)).map((e) => contract.StudyGroupTutorAssigned.decode(e.payload)).filter((e) => e.groupId === physics.id);
    expect(assigned.slice(-2).map((e) => [e.previousTutorTeacherId, e.tutorTeacherId])).toEqual([
      [people.tutorPhysics![0]!.id, ''],
      ['', people.tutorPhysics![0]!.id],
    ]);
    // Each carries the group's version after it, so consumers keep the latest tutor whatever the order.
    const [unassigned, reassigned] = assigned.slice(-2);
    expect(reassigned!.version).toBe(unassigned!.version + 1);
    expect(reassigned!.version).toBe((await queries.get(lixia, physics.id)).version);
  });

  it('names a tutor team head among its own tutors', async () => {
    const { project, d0, people } = await enrolledProject();
    await form.execute(lixia, { projectId: project.id, orgId: units['370102']!.id });
    at(d0, CALENDAR.enrollment);
    const second = await createTeacher.execute(province, { orgId: units.S0001!.id, name: '物理指导二', idNumber: idNumber(), gender: 'male', stage: 'middle', subject: '物理', title: '', phone: '' });
    await enroll.execute(lixia, { projectId: project.id, orgId: units.S0001!.id, entries: [{ teacherId: second.id, subject: '物理', role: 'tutor' }] });
    at(d0, GROUPING_DAY);
    const command = { projectId: project.id, orgId: units['370102']!.id, subject: '物理' };
    expect((await queries.tutorReport(lixia, { projectId: project.id, orgId: '' })).find((t) => t.subject === '物理')).toMatchObject({ headTeacherId: people.tutorPhysics![0]!.id, tutors: 2 });
    await expect(setHead.execute(lixia, { ...command, teacherId: second.id })).resolves.toMatchObject({ subject: '物理', headTeacherId: second.id, tutors: 2 });
    expect((await queries.tutorReport(lixia, { projectId: project.id, orgId: '' })).find((t) => t.subject === '物理')?.headTeacherId).toBe(second.id);
    await expect(setHead.execute(lixia, { ...command, teacherId: people.tutorChinese![0]!.id })).rejects.toMatchObject({ code: 'grouping_rule_violated', message: expect.stringContaining('语文 team') as string });
    await expect(setHead.execute(lixia, { ...command, teacherId: people.physics1![0]!.id })).rejects.toMatchObject({ message: expect.stringContaining('not enrolled in this project as a tutor') as string });
    await expect(setHead.execute(admin('county-admin', '/37/3701/370103'), { ...command, teacherId: second.id })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
  });

  it('shows members their group and tutors the groups they serve, and nobody else’s', async () => {
    const { project, people } = await enrolledProject();
    const { groups } = await form.execute(lixia, { projectId: project.id, orgId: units['370102']!.id });
    const chinese = byName(groups, '济南市S0001中学初中语文研修组');
    const member = participant(people.chinese![0]!);
    const [own] = await queries.mine(member, project.id);
    expect(own).toMatchObject({ id: chinese.id, memberCount: 17 });
    expect(own?.members.map((m) => m.name)).toContain('语文chinese0');
    expect(await queries.mine(participant(people.tutorChinese![0]!), project.id)).toEqual([expect.objectContaining({ id: chinese.id })]);
    await expect(queries.get(member, chinese.id)).resolves.toMatchObject({ id: chinese.id });
    await expect(queries.get(participant(people.maths2![0]!), chinese.id)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
  });

  it('confines lists and reads to the admin’s subtree, for generated admins', async () => {
    const { project } = await enrolledProject();
    const { groups } = await form.execute(lixia, { projectId: project.id, orgId: units['370102']!.id });
    const paths = ['/37', '/37/3701', LIXIA, '/37/3701/370103', units.S0001!.path, units.S0002!.path, units.S0003!.path, '/37/3702'];
    const role = (path: string): AdminRole => (['province-admin', 'city-admin', 'county-admin', 'school-admin'] as const)[path.split('/').length - 2] as AdminRole;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.constantFrom(...groups), async (path, group) => {
        const caller = admin(role(path), path);
        const listed = await queries.list(caller, { projectId: project.id, orgId: '', pageSize: 0, pageToken: '' });
        expect(listed.items.map((g) => g.id).sort()).toEqual(groups.filter((g) => isWithinJurisdiction(path, g.orgPath)).map((g) => g.id).sort());
        if (isWithinJurisdiction(path, group.orgPath)) await expect(queries.get(caller, group.id)).resolves.toMatchObject({ id: group.id });
        else await expect(queries.get(caller, group.id)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
        if (!isWithinJurisdiction(path, LIXIA)) await expect(queries.list(caller, { projectId: project.id, orgId: units['370102']!.id, pageSize: 0, pageToken: '' })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      }),
      { numRuns: 40 },
    );
  });

  describe('under the region lock, a write reads what committed before it got the lock', () => {
    // Each test pauses a write after its first reads and before its region lock, commits another write
    // in between, then lets it go on. At REPEATABLE READ its reads would still show its first snapshot.
    const changesOf = async (groupId: string) =>
      (await outbox(Topics.studyGroupChanged)).map((e) => contract.StudyGroupChanged.decode(e.payload)).filter((e) => e.group?.groupId === groupId);

    it('an override finds its group replaced by a formation committed meanwhile', async () => {
      const { project, people } = await enrolledProject();
      const region = { projectId: project.id, orgId: units['370102']!.id };
      const chinese = byName((await form.execute(lixia, region)).groups, '济南市S0001中学初中语文研修组');

      const paused = regionLocks.pauseBeforeNextLock();
      const appointing = overrides.changeLeader(lixia, { groupId: chinese.id, teacherId: people.chinese![3]!.id });
      await paused.reached;
      await form.execute(lixia, region);
      paused.release();
      await expect(appointing).rejects.toMatchObject({ code: 'study_group_not_found', message: expect.stringContaining('replaced by a new formation') as string });
    });

    it('an override sees the members another override moved meanwhile', async () => {
      const { project, people } = await enrolledProject();
      const { groups } = await form.execute(lixia, { projectId: project.id, orgId: units['370102']!.id });
      const physics = byName(groups, '济南市历下区初中物理第1研修组');
      const maths = byName(groups, '济南市S0002中学初中数学研修组');
      const mover = people.physics2!.find((t) => t.id !== physics.leaderTeacherId)!;

      const paused = regionLocks.pauseBeforeNextLock();
      const appointing = overrides.changeLeader(lixia, { groupId: physics.id, teacherId: mover.id });
      await paused.reached;
      await overrides.moveMember(lixia, { groupId: maths.id, teacherId: mover.id });
      paused.release();
      await expect(appointing).rejects.toMatchObject({ code: 'grouping_rule_violated', message: expect.stringContaining('not a member') as string });
    });

    it('a formation dissolves the groups as an override committed meanwhile left them, so its events come later', async () => {
      const { project, people } = await enrolledProject();
      const region = { projectId: project.id, orgId: units['370102']!.id };
      const chinese = byName((await form.execute(lixia, region)).groups, '济南市S0001中学初中语文研修组');

      const paused = regionLocks.pauseBeforeNextLock();
      const forming = form.execute(lixia, region);
      await paused.reached;
      const appointed = await overrides.changeLeader(lixia, { groupId: chinese.id, teacherId: people.chinese![3]!.id });
      paused.release();
      await forming;
      const [leader, dissolved] = (await changesOf(chinese.id)).map((e) => [e.change, e.group?.version, e.group?.leaderTeacherId]);
      expect(leader).toEqual([contract.StudyGroupChange.STUDY_GROUP_CHANGE_LEADER, appointed.version, people.chinese![3]!.id]);
      // Consumers keep the newest version of a group: a dissolution of the same version would be dropped.
      expect(dissolved).toEqual([contract.StudyGroupChange.STUDY_GROUP_CHANGE_DISSOLVED, appointed.version + 1, people.chinese![3]!.id]);
    });

    it('naming a team head reports the team as an override committed meanwhile left it', async () => {
      const { project, people } = await enrolledProject();
      const { groups } = await form.execute(lixia, { projectId: project.id, orgId: units['370102']!.id });
      const physics = byName(groups, '济南市历下区初中物理第1研修组');

      const paused = regionLocks.pauseBeforeNextLock();
      const naming = setHead.execute(lixia, { projectId: project.id, orgId: units['370102']!.id, subject: '物理', teacherId: people.tutorPhysics![0]!.id });
      await paused.reached;
      await overrides.assignTutor(lixia, { groupId: physics.id, tutorTeacherId: '' });
      paused.release();
      await expect(naming).resolves.toMatchObject({ headTeacherId: people.tutorPhysics![0]!.id, groups: 1, groupsWithoutTutor: 1 });
    });
  });
});
