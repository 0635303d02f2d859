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
// What @grpc/grpc-js rejects with when the service cannot be reached.
const unavailable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: GrpcStatus.UNAVAILABLE, details: 'No connection established' });

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
