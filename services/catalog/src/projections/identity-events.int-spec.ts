import { randomUUID } from 'node:crypto';
import { enrollment as enrollmentContract, org as orgContract, studyGroup as groupContract, teacher as teacherContract, trainingProject as projectContract, Topics } from '@yanxiu/contracts';
import type { TestDatabase } from '@yanxiu/database';
import { enqueueEvents, type OutgoingEvent } from '@yanxiu/messaging';
import { consumeOwnEvents, drainOutbox, localKafka } from '@yanxiu/messaging/testing';
import { createLogger } from '@yanxiu/observability';
import type { DataSource } from 'typeorm';
import { PolicyRepository } from '../policies/policy.repository.js';
import { SelectionContext } from '../selections/selection-context.js';
import { SelectionRepository } from '../selections/selection.repository.js';
import { catalogDatabase } from '../testing.spec-helper.js';
import { IdentityEventsProjection, identityTopics } from './identity-events.projection.js';
import { IdentityProjectionRepository } from './identity-projection.repository.js';

const silent = createLogger('catalog-consumer-test', 'silent');
const kafka = () => localKafka('catalog-test', silent);

const projectEvent = (topic: string, id: string, version: number, studyStart: string): OutgoingEvent => {
  const project: projectContract.TrainingProject = {
    id,
    ownerOrgId: 'o',
    ownerOrgPath: '/37',
    spec: {
      year: 2024,
      stage: teacherContract.Stage.STAGE_HIGH,
      name: `2024 高中远程研修 v${version}`,
      theme: '用技术改变教学',
      requiredHours: 50,
      phases: [],
      subjects: ['数学'],
      windows: {
        enrollment: { startDate: '2024-04-18', endDate: '2024-04-29' },
        grouping: undefined,
        confirmation: undefined,
        courseSelection: { startDate: '2024-04-18', endDate: '2024-07-14' },
        study: { startDate: studyStart, endDate: '2024-09-20' },
        creditRegistrationDeadline: '2024-12-31',
      },
      grouping: undefined,
    },
    version,
    createdAt: '',
    updatedAt: '',
  };
  const payload = topic === Topics.trainingProjectCreated ? projectContract.TrainingProjectCreated.encode({ project }).finish() : projectContract.TrainingProjectUpdated.encode({ project }).finish();
  return { topic, key: id, type: 'test', version: 1, subject: id, payload };
};

const enrollmentEvent = (topic: string, fact: Partial<enrollmentContract.EnrollmentFact>): OutgoingEvent => {
  const full: enrollmentContract.EnrollmentFact = {
    enrollmentId: '',
    projectId: '',
    projectYear: 2024,
    projectStage: teacherContract.Stage.STAGE_HIGH,
    teacherId: '',
    orgId: '',
    orgPath: '',
    subject: '数学',
    role: enrollmentContract.EnrollmentRole.ENROLLMENT_ROLE_TRAINEE,
    status: enrollmentContract.EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED,
    confirmation: enrollmentContract.ConfirmationStatus.CONFIRMATION_STATUS_PENDING,
    version: 1,
    occurredAt: '',
    ...fact,
  };
  const encode = {
    [Topics.enrollmentSubmitted]: () => enrollmentContract.EnrollmentSubmitted.encode({ enrollment: full }).finish(),
    [Topics.enrollmentWithdrawn]: () => enrollmentContract.EnrollmentWithdrawn.encode({ enrollment: full }).finish(),
  }[topic];
  if (!encode) throw new Error(`no encoder for ${topic}`);
  return { topic, key: full.enrollmentId, type: 'test', version: 1, subject: full.enrollmentId, payload: encode() };
};

describe('catalog consumer of identity events, on the real Kafka and MariaDB', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const repo = new IdentityProjectionRepository();

  beforeAll(async () => {
    ({ db, dataSource } = await catalogDatabase());
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('keeps the newest version of each fact whatever the order, and applies a redelivered event once', async () => {
    const projectId = randomUUID();
    const enrollmentId = randomUUID();
    const teacherId = randomUUID();
    const groupId = randomUUID();
    const orgId = randomUUID();
    const fact = { enrollmentId, projectId, teacherId, orgId, orgPath: '/37/3701/370102/S0001', status: enrollmentContract.EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED };
    const group = (version: number, members: string[]): groupContract.StudyGroupFact => ({
      groupId,
      projectId,
      regionPath: '/37/3701/370102',
      orgPath: '/37/3701/370102/S0001',
      name: '济南市测试幼儿园研修组',
      subject: '',
      leaderTeacherId: teacherId,
      leaderSource: groupContract.LeaderSource.LEADER_SOURCE_ENROLLED,
      tutorTeacherId: '',
      memberTeacherIds: members,
      version,
      occurredAt: '',
    });
    const events: OutgoingEvent[] = [
      projectEvent(Topics.trainingProjectCreated, projectId, 1, '2024-07-15'),
      projectEvent(Topics.trainingProjectUpdated, projectId, 2, '2024-07-16'),
      // Stale: an older version arriving last changes nothing.
      projectEvent(Topics.trainingProjectUpdated, projectId, 1, '2024-07-15'),
      enrollmentEvent(Topics.enrollmentWithdrawn, { ...fact, status: enrollmentContract.EnrollmentStatus.ENROLLMENT_STATUS_WITHDRAWN, version: 2 }),
      enrollmentEvent(Topics.enrollmentSubmitted, { ...fact, version: 1 }),
      { topic: Topics.studyGroupFormed, key: groupId, type: 'test', version: 1, subject: groupId, payload: groupContract.StudyGroupFormed.encode({ group: group(1, [teacherId, randomUUID()]) }).finish() },
      {
        topic: Topics.studyGroupChanged,
        key: groupId,
        type: 'test',
        version: 1,
        subject: groupId,
        payload: groupContract.StudyGroupChanged.encode({ group: group(2, []), change: groupContract.StudyGroupChange.STUDY_GROUP_CHANGE_DISSOLVED }).finish(),
      },
      {
        topic: Topics.orgCreated,
        key: orgId,
        type: 'test',
        version: 1,
        subject: orgId,
        payload: orgContract.OrgCreated.encode({ org: { id: orgId, code: 'S0001', name: '测试学校', level: orgContract.OrgLevel.ORG_LEVEL_SCHOOL, parentId: '', path: `/99/${orgId.slice(0, 8)}` } }).finish(),
      },
    ];
    // Published the way identity publishes: outbox + relay (this test database plays identity's).
    const ids = await dataSource.transaction((m) => enqueueEvents(m, 'identity', events));
    const publishAll = () => drainOutbox({ dataSource, kafka: kafka(), logger: silent });
    await publishAll();
    // A relay that crashed after sending but before marking sends the withdrawal again, same event id.
    const redelivered = ids[3] as string;
    await dataSource.query('UPDATE outbox SET published_at = NULL WHERE event_id = ?', [redelivered]);
    await publishAll();
    const resent: { published_at: Date | null }[] = await dataSource.query('SELECT published_at FROM outbox WHERE event_id = ?', [redelivered]);
    expect(resent[0]?.published_at).not.toBeNull();

    const projection = new IdentityEventsProjection(repo, new SelectionContext(repo, new PolicyRepository(), new SelectionRepository()).counted);
    const applied = await consumeOwnEvents({
      kafka: kafka(),
      dataSource,
      logger: silent,
      groupId: `catalog-test-${randomUUID()}`,
      topics: identityTopics,
      subjects: [projectId, enrollmentId, groupId, orgId],
      count: events.length,
      handler: (event, manager) => projection.apply(event, manager),
    });

    expect(applied.filter((id) => id === redelivered)).toHaveLength(1);
    expect(await repo.findProject(dataSource.manager, projectId)).toMatchObject({ version: 2, studyStart: '2024-07-16', selectionStart: '2024-04-18', selectionEnd: '2024-07-14', stage: 'high', requiredHours: 50 });
    expect(await repo.findEnrollment(dataSource.manager, projectId, teacherId)).toBeNull();
    const stored: { status: string; version: number }[] = await dataSource.query('SELECT status, version FROM enrollments WHERE enrollment_id = ?', [enrollmentId]);
    expect(stored).toEqual([{ status: 'withdrawn', version: 2 }]);
    expect(await repo.findStudyGroup(dataSource.manager, groupId)).toMatchObject({ dissolved: true, memberTeacherIds: [], version: 2 });
    expect(await repo.findOrg(dataSource.manager, orgId)).toMatchObject({ level: 'school', name: '测试学校' });
  }, 300_000);
});
