import { catalogSelection } from '@yanxiu/contracts';
import type { EntityManager } from 'typeorm';
import type { PolicyRepository } from '../policies/policy.repository.js';
import type { SelectionPolicy } from '../policies/selection-policy.js';
import type { EnrollmentRecord, IdentityProjectionRepository } from '../projections/identity-projection.repository.js';
import type { ProjectRecord } from '../projections/project.js';
import { CountedCoursesPublisher } from './counted-courses.publisher.js';
import type { CountedStamp } from './selection.js';
import { SelectionContext } from './selection-context.js';
import type { SelectionRepository } from './selection.repository.js';

const project: ProjectRecord = {
  id: 'p1',
  year: 2024,
  stage: 'high',
  name: '2024 高中远程研修',
  requiredHours: 50,
  selectionStart: '2024-04-18',
  selectionEnd: '2024-07-14',
  studyStart: '2024-07-16',
  studyEnd: '2024-09-20',
  version: 1,
  lockedAt: null,
};
const policy: SelectionPolicy = { packages: [], electives: null, pushed: [{ stage: 'high', subject: '数学', level: null, courses: [{ courseId: 'c-maths', title: '高中数学新课标解读', hours: 6 }] }] };
const learner = (teacherId: string, orgPath: string, subject = '数学'): EnrollmentRecord => ({
  enrollmentId: `e-${teacherId}`,
  projectId: project.id,
  teacherId,
  orgId: orgPath,
  orgPath,
  subject,
  role: 'trainee',
  status: 'enrolled',
  version: 1,
});

/** Fakes of the repositories that log each call, and a manager that collects the outbox rows. */
function setUp(learners: EnrollmentRecord[], options: { pageSize: number; now?: Date; policy?: SelectionPolicy | null; missedBySweep?: string[] }) {
  const calls: string[] = [];
  const versions = new Map<string, number>();
  const projections = {
    learnersAfter: (_m: EntityManager, _p: string, after: string, limit: number, under: string | null) => {
      calls.push(`learners after '${after}'`);
      return Promise.resolve(learners.filter((l) => l.teacherId > after && (under === null || l.orgPath === under || l.orgPath.startsWith(`${under}/`))).slice(0, limit));
    },
    learnersAmong: (_m: EntityManager, _p: string, ids: readonly string[]) => Promise.resolve(learners.filter((l) => ids.includes(l.teacherId))),
    learnersMissedBySweep: (_m: EntityManager, _p: string, ids: readonly string[]) =>
      Promise.resolve(learners.filter((l) => ids.includes(l.teacherId) && (options.missedBySweep ?? []).includes(l.teacherId))),
    lockProject: (_m: EntityManager, _p: string, mode: string) => {
      calls.push(`lock project ${mode}`);
      return Promise.resolve(project);
    },
  } as unknown as IdentityProjectionRepository;
  const selections = {
    nextCountedVersions: (_m: EntityManager, _p: string, ids: readonly string[], now: Date) => {
      calls.push(`versions ${ids.join(',')}`);
      return Promise.resolve(
        new Map<string, CountedStamp>(
          ids.map((id) => {
            versions.set(id, (versions.get(id) ?? 0) + 1);
            return [id, { version: versions.get(id) ?? 0, occurredAt: now }];
          }),
        ),
      );
    },
    choicesAt: () => Promise.resolve([]),
    selectionsOf: () => {
      calls.push('selections');
      return Promise.resolve(new Map());
    },
    levelsOf: () => Promise.resolve(new Map()),
    markFinalPublished: (_m: EntityManager, _p: string, ids: readonly string[]) => {
      calls.push(`final ${ids.join(',')}`);
      return Promise.resolve();
    },
  } as unknown as SelectionRepository;
  const policies = {
    find: () => {
      calls.push('policy');
      return Promise.resolve(options.policy === null ? null : { projectId: project.id, policy: options.policy ?? policy, revision: 1, savedAt: new Date(), savedBy: 'x' });
    },
  } as unknown as PolicyRepository;
  const published: catalogSelection.CountedCoursesChanged[] = [];
  const manager = {
    queryRunner: { isTransactionActive: true },
    query: (sql: string, params: unknown[]) => {
      calls.push('outbox');
      if (!sql.startsWith('INSERT INTO outbox')) throw new Error(`unexpected statement ${sql}`);
      // 11 columns per event; the payload is the last.
      for (let i = 10; i < params.length; i += 11) published.push(catalogSelection.CountedCoursesChanged.decode(params[i] as Buffer));
      return Promise.resolve();
    },
  } as unknown as EntityManager;
  const ctx = new SelectionContext(projections, policies, selections);
  const sut = new CountedCoursesPublisher(ctx, options.pageSize, () => options.now ?? new Date('2024-05-01T02:00:00Z'));
  return { sut, calls, published, manager };
}

describe('CountedCoursesPublisher', () => {
  const county = '/37/3701/370102';
  const learners = [learner('t1', `${county}/S0001`), learner('t2', `${county}/S0002`, '语文'), learner('t3', '/37/3701/370103/S0003'), learner('t4', `${county}/S0001`), learner('t5', `${county}/S0002`)];

  it('republishes the learners below an org a page at a time, taking their versions before reading what they chose', async () => {
    const { sut, calls, published, manager } = setUp(learners, { pageSize: 2 });
    expect(await sut.republish(manager, project, policy, county)).toBe(4);
    expect(calls).toEqual([
      "learners after ''",
      'versions t1,t2',
      'selections',
      'outbox',
      "learners after 't2'",
      'versions t4,t5',
      'selections',
      'outbox',
      "learners after 't5'",
    ]);
    expect(published.map((e) => [e.teacherId, e.version, e.final, e.totalHours, e.occurredAt])).toEqual([
      ['t1', 1, false, 6, '2024-05-01T02:00:00.000Z'],
      ['t2', 1, false, 0, '2024-05-01T02:00:00.000Z'],
      ['t4', 1, false, 6, '2024-05-01T02:00:00.000Z'],
      ['t5', 1, false, 6, '2024-05-01T02:00:00.000Z'],
    ]);
  });

  it('republishes the whole project when no org is given, each teacher with its next version', async () => {
    const { sut, published, manager } = setUp(learners, { pageSize: 1000 });
    await sut.republish(manager, project, policy, null);
    await sut.republish(manager, project, policy, `${county}/S0001`);
    expect(published.map((e) => `${e.teacherId}@${e.version}`)).toEqual(['t1@1', 't2@1', 't3@1', 't4@1', 't5@1', 't1@2', 't4@2']);
  });

  it("republishes teachers identity's events moved, locking the project before anything is read", async () => {
    const { sut, calls, published, manager } = setUp(learners, { pageSize: 1000 });
    expect(await sut.republishTeachers(manager, project.id, ['t3', 'unknown'], 'shared')).toBe(1);
    expect(calls.slice(0, 3)).toEqual(['lock project shared', 'versions t3,unknown', 'policy']);
    expect(published.map((e) => [e.teacherId, e.version])).toEqual([['t3', 1]]);
  });

  it('once study started, publishes only the final lists the lock sweep missed, and nothing without a policy', async () => {
    const started = setUp(learners, { pageSize: 1000, now: new Date('2024-07-16T00:00:00+08:00'), missedBySweep: ['t3'] });
    expect(await started.sut.republishTeachers(started.manager, project.id, ['t1', 't3'], 'exclusive')).toBe(1);
    expect(started.calls).toEqual(['lock project exclusive', 'versions t1,t3', 'policy', 'selections', 'outbox', 'final t3']);
    expect(started.published.map((e) => [e.teacherId, e.version, e.final])).toEqual([['t3', 1, true]]);

    const noPolicy = setUp(learners, { pageSize: 1000, policy: null });
    expect(await noPolicy.sut.republishTeachers(noPolicy.manager, project.id, ['t1'], 'shared')).toBe(0);
    expect(noPolicy.published).toEqual([]);
  });
});
