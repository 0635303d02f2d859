import { enrollment, studyGroup, type progress } from '@yanxiu/contracts';
import { groupProgressView, myGroupsProgressView, participantNamesRequest, participantsPageView } from './progress.mapper.js';

const row = (teacherId: string): progress.ParticipantProgress => ({
  teacherId,
  orgPath: '/37/3701/370102/S0001',
  role: 'trainee',
  coursesCounted: 3,
  coursesCompleted: 1,
  watchedSeconds: 600,
  qualified: false,
  creditRegistered: false,
});
const page = (...teacherIds: string[]): progress.ListOrgProgressResponse => ({
  projectId: 'p',
  orgPath: '/37/3701/370102',
  participants: teacherIds.map(row),
  participantsTotal: 10,
  qualifiedTotal: 2,
  nextPageToken: 'next',
});
const enrolled = (teacherId: string, teacherName: string, idNumberMasked: string): enrollment.Enrollment => ({
  id: `e-${teacherId}`,
  projectId: 'p',
  teacherId,
  teacherName,
  idNumberMasked,
  orgId: 'o',
  orgPath: '/37/3701/370102/S0001',
  subject: '数学',
  role: enrollment.EnrollmentRole.ENROLLMENT_ROLE_TRAINEE,
  status: enrollment.EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED,
  confirmation: enrollment.ConfirmationStatus.CONFIRMATION_STATUS_PENDING,
  disputeNote: '',
  version: 1,
  enrolledByUsername: 'school-admin',
  enrolledAt: '',
  updatedAt: '',
  confirmedAt: '',
  project: undefined,
});
const group = (id: string, ...teacherIds: string[]): progress.GroupProgress => ({
  groupId: id,
  projectId: 'p',
  name: '济南市历下区实验小学小学数学研修组',
  orgPath: '/37/3701/370102/S0001',
  regionPath: '/37/3701/370102',
  subject: '数学',
  leaderTeacherId: teacherIds[0] ?? '',
  tutorTeacherId: '',
  members: teacherIds.map(row),
  qualifiedTotal: 0,
});
const named = (id: string, members: Array<[string, string]>): studyGroup.StudyGroup => ({
  id,
  projectId: 'p',
  regionPath: '/37/3701/370102',
  orgPath: '/37/3701/370102/S0001',
  name: '济南市历下区实验小学小学数学研修组',
  subject: '数学',
  leaderTeacherId: members[0]?.[0] ?? '',
  leaderName: members[0]?.[1] ?? '',
  leaderSource: studyGroup.LeaderSource.LEADER_SOURCE_ENROLLED,
  tutorTeacherId: '',
  tutorName: '',
  memberCount: members.length,
  members: members.map(([teacherId, name]) => ({ teacherId, name, enrollmentId: `e-${teacherId}`, orgPath: '/37/3701/370102/S0001', subject: '数学', role: enrollment.EnrollmentRole.ENROLLMENT_ROLE_TRAINEE })),
  version: 1,
  updatedAt: '',
});

describe("participants' progress with identity's names", () => {
  it("asks identity for exactly the page's teachers, in the caller's own org, in one page", () => {
    expect(participantNamesRequest(page('a', 'b', 'c'))).toEqual({
      projectId: 'p',
      orgId: '',
      teacherIds: ['a', 'b', 'c'],
      pageSize: 3,
      pageToken: '',
      subject: '',
      role: 0,
      confirmation: 0,
    });
  });

  it('asks nothing for an empty page: no teacher ids would mean every teacher', () => {
    expect(participantNamesRequest(page())).toBeNull();
  });

  it("names each row by teacher id, keeps progress's order and totals, and leaves rows identity did not return unnamed", () => {
    const view = participantsPageView(page('a', 'b', 'c'), [enrolled('c', '张敏', '370102********2345'), enrolled('a', '王芳', '370102********1234')]);
    expect(view.participants.map((p) => [p.teacherId, p.teacherName, p.idNumberMasked])).toEqual([
      ['a', '王芳', '370102********1234'],
      ['b', null, null],
      ['c', '张敏', '370102********2345'],
    ]);
    expect(view).toMatchObject({ projectId: 'p', orgPath: '/37/3701/370102', participantsTotal: 10, qualifiedTotal: 2, nextPageToken: 'next' });
    expect(view.participants[0]).toMatchObject({ coursesCounted: 3, coursesCompleted: 1, watchedSeconds: 600, qualified: false });
  });
});

describe("study groups' progress with identity's names", () => {
  it("names members from identity's group, without ID numbers, and leaves one identity no longer lists unnamed", () => {
    const view = groupProgressView(group('g', 'lead', 'left'), named('g', [['lead', '李静'], ['new', '赵磊']]));
    expect(view.members.map((m) => [m.teacherId, m.teacherName])).toEqual([
      ['lead', '李静'],
      ['left', null],
    ]);
    expect(view.members[0]).not.toHaveProperty('idNumberMasked');
    expect(view.tutorTeacherId).toBeNull();
  });

  it("names progress's leader and tutor from identity's group, the tutor not being a member", () => {
    const view = groupProgressView({ ...group('g', 'lead', 'a'), tutorTeacherId: 'tutor' }, { ...named('g', [['lead', '李静'], ['a', '王芳']]), tutorTeacherId: 'tutor', tutorName: '周洁' });
    expect(view).toMatchObject({ leaderTeacherId: 'lead', leaderName: '李静', tutorTeacherId: 'tutor', tutorName: '周洁' });
    expect(groupProgressView(group('g', 'lead'), named('g', [['lead', '李静']]))).toMatchObject({ tutorTeacherId: null, tutorName: null });
  });

  it('names the leader and tutor progress shows, not the ones identity has since put in their place', () => {
    // Identity made 'a' the leader and changed the tutor; progress has not applied it yet. The old leader is still a member.
    const changed = { ...named('g', [['a', '王芳'], ['lead', '李静']]), tutorTeacherId: 'new-tutor', tutorName: '赵磊' };
    expect(groupProgressView({ ...group('g', 'lead', 'a'), tutorTeacherId: 'old-tutor' }, changed)).toMatchObject({
      leaderTeacherId: 'lead',
      leaderName: '李静',
      tutorTeacherId: 'old-tutor',
      tutorName: null,
    });
  });

  it('keeps the progress of a group identity no longer has, every name null', () => {
    const view = groupProgressView({ ...group('g', 'lead', 'a'), tutorTeacherId: 'tutor' }, undefined);
    expect(view).toMatchObject({ groupId: 'g', leaderName: null, tutorTeacherId: 'tutor', tutorName: null });
    expect(view.members.map((m) => [m.teacherId, m.teacherName])).toEqual([
      ['lead', null],
      ['a', null],
    ]);
  });

  it('pairs each of my groups with its own identity group by id', () => {
    const view = myGroupsProgressView({ projectId: 'p', groups: [group('g1', 'me', 'a'), group('g2', 'b')] }, [named('g2', [['b', '孙丽']]), named('g1', [['me', '李静'], ['a', '王芳']])]);
    expect(view.groups.map((g) => [g.groupId, g.leaderName, g.members.map((m) => m.teacherName)])).toEqual([
      ['g1', '李静', ['李静', '王芳']],
      ['g2', '孙丽', ['孙丽']],
    ]);
    // A group progress still shows that identity no longer lists for me: its rows stay, unnamed.
    expect(myGroupsProgressView({ projectId: 'p', groups: [group('g3', 'c')] }, []).groups[0]!.members[0]).toMatchObject({ teacherId: 'c', teacherName: null });
  });
});
