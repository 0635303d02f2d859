import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Principal } from '@yanxiu/auth';
import type { progress } from '@yanxiu/contracts';
import type { ServiceClients } from '../grpc/service-clients.js';
import { toProblem } from '../problems/problem-details.filter.js';
import { ProgressController } from './progress.controller.js';

const principal: Principal = { subject: 's', username: 'school-admin', roles: ['school-admin'], orgPath: '/37/3701/370102/S0001', token: 't' };
const page = (teacherIds: string[]): progress.ListOrgProgressResponse => ({
  projectId: 'p',
  orgPath: principal.orgPath!,
  participants: teacherIds.map((teacherId) => ({ teacherId, orgPath: principal.orgPath!, role: 'trainee', coursesCounted: 0, coursesCompleted: 0, watchedSeconds: 0, qualified: false, creditRegistered: false })),
  participantsTotal: teacherIds.length,
  qualifiedTotal: 0,
  nextPageToken: '',
});
// What @grpc/grpc-js rejects with when a call fails, e.g. when the service cannot be reached.
const grpcFailure = (code: GrpcStatus, details: string) => Object.assign(new Error(`${code} ${GrpcStatus[code]}: ${details}`), { code, details });
const unavailable = grpcFailure(GrpcStatus.UNAVAILABLE, 'No connection established');

/** The controller over fakes of progress and identity: `identityCalls` counts what identity was asked. */
function controllerWith(progressPage: progress.ListOrgProgressResponse, listEnrollments: () => Promise<unknown>) {
  const identityCalls: unknown[] = [];
  const services = {
    progress: () => ({ listOrgProgress: () => Promise.resolve(progressPage) }),
    identity: () => ({
      listEnrollments: (request: unknown) => {
        identityCalls.push(request);
        return listEnrollments();
      },
    }),
  } as unknown as ServiceClients;
  return { controller: new ProgressController(services), identityCalls };
}

describe('the participants page, composed from progress and identity', () => {
  it('fails as a whole when identity is unavailable, rather than answering without names', async () => {
    const { controller } = controllerWith(page(['a']), () => Promise.reject(unavailable));
    const failure: unknown = await controller.participants('p', {}, principal).catch((e: unknown) => e);
    expect(toProblem(failure, '/api/v1/progress/projects/p/participants')).toMatchObject({ status: 503, detail: 'No connection established' });
  });

  it('asks identity once per page, and not at all for an empty page', async () => {
    const named = controllerWith(page(['a', 'b']), () => Promise.resolve({ enrollments: [], nextPageToken: '', total: 0 }));
    expect((await named.controller.participants('p', {}, principal)).participants.map((p) => p.teacherName)).toEqual([null, null]);
    expect(named.identityCalls).toHaveLength(1);
    const empty = controllerWith(page([]), () => Promise.reject(new Error('identity must not be asked')));
    expect((await empty.controller.participants('p', {}, principal)).participants).toEqual([]);
    expect(empty.identityCalls).toEqual([]);
  });
});

const groupProgress: progress.GroupProgress = {
  groupId: 'g',
  projectId: 'p',
  name: '济南市历下区实验小学小学数学研修组',
  orgPath: principal.orgPath!,
  regionPath: '/37/3701/370102',
  subject: '数学',
  leaderTeacherId: 'lead',
  tutorTeacherId: 'tutor',
  members: [{ teacherId: 'lead', orgPath: principal.orgPath!, role: 'group_leader', coursesCounted: 0, coursesCompleted: 0, watchedSeconds: 0, qualified: false, creditRegistered: false }],
  qualifiedTotal: 0,
};

/** The controller over a progress that shows group g and an identity answering GetStudyGroup as given. */
function groupControllerWith(getStudyGroup: () => Promise<unknown>) {
  const services = {
    progress: () => ({ getGroupProgress: () => Promise.resolve({ group: groupProgress }) }),
    identity: () => ({ getStudyGroup }),
  } as unknown as ServiceClients;
  return new ProgressController(services);
}

describe("a study group's progress, named from identity's study group", () => {
  it('names the members, the leader and the tutor', async () => {
    const identityGroup = { leaderTeacherId: 'lead', leaderName: '李静', tutorTeacherId: 'tutor', tutorName: '周洁', members: [{ teacherId: 'lead', name: '李静' }] };
    const view = await groupControllerWith(() => Promise.resolve({ group: identityGroup })).group('g', principal);
    expect(view).toMatchObject({ leaderName: '李静', tutorName: '周洁', members: [{ teacherId: 'lead', teacherName: '李静' }] });
  });

  it("answers progress's view unnamed when identity no longer has the group (dissolved, progress not caught up yet)", async () => {
    const view = await groupControllerWith(() => Promise.reject(grpcFailure(GrpcStatus.NOT_FOUND, 'study_group_not_found: study group g not found'))).group('g', principal);
    expect(view).toMatchObject({ groupId: 'g', leaderTeacherId: 'lead', leaderName: null, tutorTeacherId: 'tutor', tutorName: null, members: [{ teacherId: 'lead', teacherName: null }] });
  });

  it('fails when identity refuses the caller or is unavailable', async () => {
    const refused = grpcFailure(GrpcStatus.PERMISSION_DENIED, 'out_of_jurisdiction: you are neither a member nor the tutor of study group g');
    for (const [failure, status] of [[refused, 403], [unavailable, 503]] as const) {
      const error: unknown = await groupControllerWith(() => Promise.reject(failure)).group('g', principal).catch((e: unknown) => e);
      expect(toProblem(error, '/api/v1/progress/groups/g')).toMatchObject({ status, detail: failure.details });
    }
  });
});
