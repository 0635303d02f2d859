import { randomUUID } from 'node:crypto';
import { progressEvents, studyGroup as groupContract, Topics } from '@yanxiu/contracts';
import type { TestDatabase } from '@yanxiu/database';
import type { IncomingEvent } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { SaveCourseRulesUseCase } from '../completion/save-course-rules.use-case.js';
import { GroupProgressUseCases } from '../groups/group-progress.use-cases.js';
import { counted, enrolled, groupChanged, groupFact, groupFormed, principal, progressDatabase, progressParts, projectEvent, ROLE, tutorAssigned, watching, watchPolicy } from '../testing.spec-helper.js';
import { ApplyHeartbeatsUseCase } from '../watching/apply-heartbeats.use-case.js';
import { ConfirmRoleDutyUseCase } from './confirm-role-duty.use-case.js';
import { ListQualificationStandardsUseCase, SaveQualificationStandardUseCase } from './qualification-standards.use-cases.js';

const COUNTY = '/37/3701/370102';
const SCHOOL = `${COUNTY}/S0001`;
const CITY = '/37/3701';
const STUDY: [string, string] = ['2026-07-15', '2026-07-20'];

describe('qualification by role, study groups and duty confirmations, on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const { states, progress, facts, evaluator, projection } = progressParts();
  let heartbeats: ApplyHeartbeatsUseCase;
  let confirm: ConfirmRoleDutyUseCase;
  let groups: GroupProgressUseCases;
  const apply = async (...events: IncomingEvent[]) => {
    for (const e of events) await dataSource.transaction((manager) => projection.apply(e, manager));
  };
  const qualifiedEvents = async (projectId: string) =>
    (await dataSource.query<Array<{ payload: Buffer }>>('SELECT payload FROM outbox WHERE topic = ? ORDER BY seq', [Topics.projectQualified]))
      .map((r) => progressEvents.ProjectQualified.decode(r.payload))
      .filter((q) => q.projectId === projectId);
  const outboxCount = async (topic: string) => Number((await dataSource.query<Array<{ n: string }>>('SELECT COUNT(*) AS n FROM outbox WHERE topic = ?', [topic]))[0]?.n);
  const credit = async (teacherId: string) => dataSource.query<Array<{ hours: string; source_key: string }>>('SELECT hours, source_key FROM credit_records WHERE teacher_id = ?', [teacherId]);
  const countyAdmin = principal(['county-admin'], COUNTY);

  /** A project with one 60 s course, and the given participants (teacher id → enrolled role) who all watched it fully if they count it. */
  async function projectWith(participants: Record<string, number>, watchers: string[]) {
    const projectId = randomUUID();
    const course = `c-${randomUUID()}`;
    await apply(projectEvent(projectId, 1, STUDY, '2099-12-31'));
    await new SaveCourseRulesUseCase(dataSource, facts).execute(principal(['expert'], '/37'), { courseId: course, requiredWatchSeconds: 60, assignmentRequired: false, expectedVersion: 0 });
    for (const [teacherId, role] of Object.entries(participants)) await apply(enrolled(projectId, teacherId, SCHOOL, role));
    for (const teacherId of watchers) {
      await apply(counted(projectId, teacherId, [course]));
      await heartbeats.execute([watching(teacherId, course, 0, 60, '2026-07-16')]);
    }
    return { projectId, course };
  }

  beforeAll(async () => {
    ({ db, dataSource } = await progressDatabase());
    heartbeats = new ApplyHeartbeatsUseCase(dataSource, states, watchPolicy, evaluator);
    confirm = new ConfirmRoleDutyUseCase(dataSource, facts, progress, states, evaluator);
    groups = new GroupProgressUseCases(dataSource, facts);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('holds a leader to the courses and the confirmed duty, a tutor to the duty, and registers each credit once', async () => {
    const [leader, member, tutor] = [randomUUID(), randomUUID(), randomUUID()];
    const { projectId, course } = await projectWith({ [leader]: ROLE.ENROLLMENT_ROLE_GROUP_LEADER, [member]: ROLE.ENROLLMENT_ROLE_TRAINEE, [tutor]: ROLE.ENROLLMENT_ROLE_TUTOR }, [leader, member]);
    await apply(groupFormed(groupFact({ groupId: randomUUID(), projectId, regionPath: COUNTY, version: 1, leaderTeacherId: leader, tutorTeacherId: tutor, memberTeacherIds: [leader, member] })));
    // Both completed the course: the trainee qualifies, the leader waits for the confirmation of their duty.
    expect(await qualifiedEvents(projectId)).toEqual([expect.objectContaining({ teacherId: member, role: 'trainee', creditRegistered: true })]);

    const request = { projectId, teacherId: leader };
    await expect(confirm.execute(principal(['school-admin'], SCHOOL), request)).rejects.toMatchObject({ code: 'role_required' });
    await expect(confirm.execute(principal(['county-admin'], '/37/3701/370103'), request)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(confirm.execute(countyAdmin, { projectId, teacherId: member })).rejects.toMatchObject({ code: 'no_duty_to_confirm' });
    await expect(confirm.execute(countyAdmin, { projectId, teacherId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(confirm.execute(countyAdmin, request)).resolves.toMatchObject({ created: true, confirmation: { teacherId: leader, role: 'group_leader', regionPath: COUNTY, confirmedBy: 'county-admin' } });
    const confirmations = await outboxCount(Topics.roleDutyConfirmed);
    // Confirming again (a retry, a second admin) changes nothing.
    await expect(confirm.execute(principal(['city-admin'], CITY), request)).resolves.toMatchObject({ created: false, confirmation: { confirmedBy: 'county-admin' } });
    expect(await outboxCount(Topics.roleDutyConfirmed)).toBe(confirmations);

    // The tutor studies no courses: the confirmation alone qualifies them.
    await expect(confirm.execute(countyAdmin, { projectId, teacherId: tutor })).resolves.toMatchObject({ created: true, confirmation: { role: 'tutor' } });
    expect((await qualifiedEvents(projectId)).map((q) => [q.teacherId, q.role, q.watchedSeconds, q.creditRegistered])).toEqual([
      [member, 'trainee', 60, true],
      [leader, 'group_leader', 60, true],
      [tutor, 'tutor', 0, true],
    ]);
    for (const teacherId of [leader, member, tutor]) expect(await credit(teacherId)).toEqual([{ hours: '36.0', source_key: projectId }]);

    // Replays change nothing: the course list, the enrollment and the group again.
    await apply(counted(projectId, leader, [course]), enrolled(projectId, tutor, SCHOOL, ROLE.ENROLLMENT_ROLE_TUTOR));
    expect(await qualifiedEvents(projectId)).toHaveLength(3);
    for (const teacherId of [leader, member, tutor]) expect(await credit(teacherId)).toHaveLength(1);
  });

  it('lets only the admin over the region where the groups were formed confirm: the city for city-wide tutor teams', async () => {
    const tutor = randomUUID();
    const { projectId } = await projectWith({ [tutor]: ROLE.ENROLLMENT_ROLE_TUTOR }, []);
    await expect(confirm.execute(countyAdmin, { projectId, teacherId: tutor })).rejects.toMatchObject({ code: 'no_duty_to_confirm' });
    // A high-school project forms its groups and tutor teams per city.
    const group = { groupId: randomUUID(), projectId, regionPath: CITY };
    await apply(tutorAssigned(group, tutor, 1), groupFormed(groupFact({ ...group, version: 1, tutorTeacherId: tutor, memberTeacherIds: [randomUUID()] })));
    await expect(confirm.execute(countyAdmin, { projectId, teacherId: tutor })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(confirm.execute(principal(['city-admin'], '/37/3702'), { projectId, teacherId: tutor })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(confirm.execute(principal(['city-admin'], CITY), { projectId, teacherId: tutor })).resolves.toMatchObject({ created: true, confirmation: { regionPath: CITY } });
    expect(await qualifiedEvents(projectId)).toEqual([expect.objectContaining({ teacherId: tutor, role: 'tutor' })]);
  });

  it('holds a member who leads without having enrolled as leader to the leader standard, and lets them go when another is appointed', async () => {
    const [picked, appointed] = [randomUUID(), randomUUID()];
    const projectId = randomUUID();
    const group = { groupId: randomUUID(), projectId, regionPath: COUNTY };
    await apply(projectEvent(projectId, 1, STUDY, '2099-12-31'));
    // Formation picked a trainee as provisional leader (nobody enrolled as 研修组长).
    await apply(groupFormed(groupFact({ ...group, version: 1, leaderTeacherId: picked, leaderSource: groupContract.LeaderSource.LEADER_SOURCE_PROVISIONAL, memberTeacherIds: [picked, appointed] })));
    const course = `c-${randomUUID()}`;
    await new SaveCourseRulesUseCase(dataSource, facts).execute(principal(['expert'], '/37'), { courseId: course, requiredWatchSeconds: 60, assignmentRequired: false, expectedVersion: 0 });
    for (const teacherId of [picked, appointed]) {
      await apply(enrolled(projectId, teacherId, SCHOOL), counted(projectId, teacherId, [course]));
      await heartbeats.execute([watching(teacherId, course, 0, 60, '2026-07-16')]);
    }
    expect((await qualifiedEvents(projectId)).map((q) => q.teacherId)).toEqual([appointed]);
    // The admin appoints the other member: the provisional leader is a trainee again and qualifies at once.
    await apply(groupChanged(groupFact({ ...group, version: 2, leaderTeacherId: appointed, leaderSource: groupContract.LeaderSource.LEADER_SOURCE_APPOINTED, memberTeacherIds: [picked, appointed] }), groupContract.StudyGroupChange.STUDY_GROUP_CHANGE_LEADER));
    expect((await qualifiedEvents(projectId)).map((q) => [q.teacherId, q.role])).toEqual([
      [appointed, 'trainee'],
      [picked, 'trainee'],
    ]);
  });

  it('qualifies a participant whose enrollment arrives after their courses completed', async () => {
    const teacher = randomUUID();
    const { projectId } = await projectWith({}, [teacher]);
    expect(await qualifiedEvents(projectId)).toEqual([]);
    await apply(enrolled(projectId, teacher, SCHOOL));
    expect(await qualifiedEvents(projectId)).toEqual([expect.objectContaining({ teacherId: teacher, role: 'trainee', orgPath: SCHOOL })]);
  });

  it("shows a group's progress to its leader and its tutor (every group they serve), and to nobody else", async () => {
    const [leader, member, leader2, tutor, outsider] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const { projectId } = await projectWith(
      { [leader]: ROLE.ENROLLMENT_ROLE_GROUP_LEADER, [member]: ROLE.ENROLLMENT_ROLE_TRAINEE, [leader2]: ROLE.ENROLLMENT_ROLE_GROUP_LEADER, [tutor]: ROLE.ENROLLMENT_ROLE_TUTOR, [outsider]: ROLE.ENROLLMENT_ROLE_TRAINEE },
      [member],
    );
    const maths = { groupId: randomUUID(), projectId, regionPath: COUNTY };
    const chinese = { groupId: randomUUID(), projectId, regionPath: COUNTY };
    await apply(
      groupFormed(groupFact({ ...maths, version: 1, name: 'B 数学研修组', orgPath: SCHOOL, leaderTeacherId: leader, memberTeacherIds: [leader, member] })),
      groupFormed(groupFact({ ...chinese, version: 1, name: 'A 语文研修组', orgPath: SCHOOL, leaderTeacherId: leader2, memberTeacherIds: [leader2] })),
      tutorAssigned(maths, tutor, 2),
      tutorAssigned(chinese, tutor, 2),
    );

    const mine = await groups.mine(principal(['teacher'], SCHOOL, leader), projectId);
    expect(mine.groups).toEqual([
      expect.objectContaining({
        groupId: maths.groupId,
        name: 'B 数学研修组',
        leaderTeacherId: leader,
        tutorTeacherId: tutor,
        qualifiedTotal: 1,
        members: [leader, member].sort().map((teacherId): unknown =>
          expect.objectContaining({ teacherId, coursesCounted: teacherId === member ? 1 : 0, qualified: teacherId === member, role: teacherId === leader ? 'group_leader' : 'trainee' }),
        ),
      }),
    ]);
    // A tutor sees each group they serve, by name.
    expect((await groups.mine(principal(['teacher'], SCHOOL, tutor), projectId)).groups.map((g) => g.groupId)).toEqual([chinese.groupId, maths.groupId]);
    await expect(groups.one(principal(['teacher'], SCHOOL, tutor), maths.groupId)).resolves.toMatchObject({ group: { groupId: maths.groupId } });
    await expect(groups.one(principal(['teacher'], SCHOOL, leader), maths.groupId)).resolves.toMatchObject({ group: { members: [expect.anything(), expect.anything()] } });

    // Members, other groups' leaders, outsiders and admins are refused.
    await expect(groups.mine(principal(['teacher'], SCHOOL, member), projectId)).rejects.toMatchObject({ code: 'not_group_staff' });
    await expect(groups.mine(principal(['teacher'], SCHOOL, outsider), projectId)).rejects.toMatchObject({ code: 'not_group_staff' });
    await expect(groups.one(principal(['teacher'], SCHOOL, member), maths.groupId)).rejects.toMatchObject({ code: 'not_group_staff' });
    await expect(groups.one(principal(['teacher'], SCHOOL, leader2), maths.groupId)).rejects.toMatchObject({ code: 'not_group_staff' });
    await expect(groups.one(countyAdmin, maths.groupId)).rejects.toMatchObject({ code: 'not_a_teacher' });
    await expect(groups.one(principal(['teacher'], SCHOOL, leader), randomUUID())).rejects.toMatchObject({ code: 'group_not_found' });

    // A new formation dissolves the group: nobody sees it any more.
    await apply(groupChanged(groupFact({ ...maths, version: 3, leaderTeacherId: leader }), groupContract.StudyGroupChange.STUDY_GROUP_CHANGE_DISSOLVED));
    await expect(groups.one(principal(['teacher'], SCHOOL, leader), maths.groupId)).rejects.toMatchObject({ code: 'group_not_found' });
    expect((await groups.mine(principal(['teacher'], SCHOOL, tutor), projectId)).groups.map((g) => g.groupId)).toEqual([chinese.groupId]);
  });

  it('keeps the newest group facts and tutor whatever the order of their two topics', async () => {
    const [leader, member, moved, firstTutor, laterTutor] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const projectId = randomUUID();
    const group = { groupId: randomUUID(), projectId, regionPath: COUNTY };
    await apply(projectEvent(projectId, 1, STUDY, '2099-12-31'));
    for (const teacherId of [leader, member, moved]) await apply(enrolled(projectId, teacherId, SCHOOL));
    // Version 3 (a new tutor) arrives before version 2 (a member moved in, stating the tutor of then), and version 1 last.
    await apply(
      tutorAssigned(group, laterTutor, 3),
      groupChanged(groupFact({ ...group, version: 2, leaderTeacherId: leader, tutorTeacherId: firstTutor, memberTeacherIds: [leader, member, moved] })),
      groupFormed(groupFact({ ...group, version: 1, leaderTeacherId: leader, tutorTeacherId: firstTutor, memberTeacherIds: [leader, member] })),
    );
    const { group: seen } = await groups.one(principal(['teacher'], SCHOOL, laterTutor), group.groupId);
    expect(seen?.members.map((m) => m.teacherId).sort()).toEqual([leader, member, moved].sort());
    await expect(groups.one(principal(['teacher'], SCHOOL, firstTutor), group.groupId)).rejects.toMatchObject({ code: 'not_group_staff' });
    // An event without the group's version cannot be ordered: it is refused (the consumer parks it).
    await expect(apply(tutorAssigned(group, firstTutor, 0))).rejects.toThrow('has no group, project or version');
  });

  it('keeps qualification standards as data of the project, changed by the province admin before the study starts', async () => {
    const future = randomUUID();
    await apply(projectEvent(future, 1, ['2099-07-15', '2099-07-20'], '2099-12-31', 2099));
    const save = new SaveQualificationStandardUseCase(dataSource, progress, facts);
    const list = new ListQualificationStandardsUseCase(dataSource, progress);
    const province = principal(['province-admin'], '/37');
    const tutorStandard = { projectId: future, role: 'tutor', coursesRequired: true, dutyConfirmationRequired: true, expectedVersion: 0 };

    expect((await list.execute(province, future)).standards.map((s) => [s.role, s.projectId, s.coursesRequired, s.dutyConfirmationRequired])).toEqual([
      ['group_leader', '', true, true],
      ['trainee', '', true, false],
      ['tutor', '', false, true],
    ]);
    await expect(save.execute(countyAdmin, tutorStandard)).rejects.toMatchObject({ code: 'role_required' });
    await expect(save.execute(province, { ...tutorStandard, role: 'janitor', coursesRequired: false, dutyConfirmationRequired: false })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/role: one of .*; a standard needs/) as unknown,
    });
    await expect(save.execute(province, tutorStandard)).resolves.toMatchObject({ projectId: future, role: 'tutor', version: 1, updatedBy: 'province-admin' });
    await expect(save.execute(province, tutorStandard)).rejects.toMatchObject({ code: 'version_conflict' });
    await expect(save.execute(province, { ...tutorStandard, coursesRequired: false, expectedVersion: 1 })).resolves.toMatchObject({ version: 2, coursesRequired: false });
    expect((await list.execute(province, future)).standards.find((s) => s.role === 'tutor')).toMatchObject({ projectId: future, version: 2 });

    const started = randomUUID();
    await apply(projectEvent(started, 1, STUDY, '2099-12-31'));
    await expect(save.execute(province, { ...tutorStandard, projectId: started })).rejects.toMatchObject({ code: 'standard_locked' });
    await expect(save.execute(province, { ...tutorStandard, projectId: randomUUID() })).rejects.toMatchObject({ code: 'project_not_found' });
  });
});
