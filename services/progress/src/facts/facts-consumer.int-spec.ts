import { randomUUID } from 'node:crypto';
import { communityAssignment, progressEvents, Topics } from '@yanxiu/contracts';
import type { TestDatabase } from '@yanxiu/database';
import { enqueueEvents, type IncomingEvent, type OutgoingEvent } from '@yanxiu/messaging';
import { consumeOwnEvents, drainOutbox, localKafka } from '@yanxiu/messaging/testing';
import type { DataSource } from 'typeorm';
import { SaveCourseRulesUseCase } from '../completion/save-course-rules.use-case.js';
import { GroupProgressUseCases } from '../groups/group-progress.use-cases.js';
import { counted, enrolled, groupFact, groupFormed, principal, progressDatabase, progressParts, projectEvent, silentLogger, tutorAssigned, watching, watchPolicy } from '../testing.spec-helper.js';
import { ApplyHeartbeatsUseCase } from '../watching/apply-heartbeats.use-case.js';
import { factTopics } from './facts.projection.js';

const kafka = () => localKafka('progress-test', silentLogger);
const SCHOOL = '/37/3701/370102/S0001';

/** An event as the test helpers build it, to publish through the outbox the way its producer does. */
const outgoing = (e: IncomingEvent, key: string): OutgoingEvent => ({ topic: e.topic, key, type: 'test', version: 1, subject: key, payload: e.payload });

describe("progress's consumer of identity's study groups and community's accepted assignments, on the real Kafka and MariaDB", () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const { states, facts, evaluator, projection } = progressParts();

  beforeAll(async () => {
    ({ db, dataSource } = await progressDatabase());
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('completes a course once its assignment is accepted, and keeps the groups a tutor serves, each event applied once', async () => {
    const [projectId, trainee, leader, tutor, groupId, assignmentId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const course = `c-${randomUUID()}`;
    const apply = (e: IncomingEvent) => dataSource.transaction((manager) => projection.apply(e, manager));
    // What progress already knows: the project, the enrollment, a course that needs its assignment, and the watching done.
    await apply(projectEvent(projectId, 1, ['2026-07-15', '2026-07-20'], '2099-12-31'));
    await apply(enrolled(projectId, trainee, SCHOOL));
    await new SaveCourseRulesUseCase(dataSource, facts).execute(principal(['expert'], '/37'), { courseId: course, requiredWatchSeconds: 60, assignmentRequired: true, expectedVersion: 0 });
    await apply(counted(projectId, trainee, [course]));
    await new ApplyHeartbeatsUseCase(dataSource, states, watchPolicy, evaluator).execute([watching(trainee, course, 0, 60, '2026-07-16')]);
    const completed = async () => (await dataSource.query<Array<{ completed_at: Date | null }>>('SELECT completed_at FROM course_progress WHERE teacher_id = ?', [trainee]))[0]?.completed_at ?? null;
    expect(await completed()).toBeNull();

    const accepted = (id: string, acceptedAt: string) =>
      communityAssignment.AssignmentAccepted.encode({ assignmentId: id, teacherId: trainee, projectId, courseId: course, reviewerTeacherId: tutor, acceptedAt }).finish();
    const group = { groupId, projectId, regionPath: '/37/3701/370102' };
    const events: OutgoingEvent[] = [
      outgoing(groupFormed(groupFact({ ...group, version: 1, leaderTeacherId: leader, memberTeacherIds: [leader, trainee] })), groupId),
      outgoing(tutorAssigned(group, tutor, 2), groupId),
      // Published by community's outbox (this test database plays community's): key = assignment id.
      { topic: Topics.assignmentAccepted, key: assignmentId, type: 'yanxiu.community.v1.AssignmentAccepted', version: 1, subject: assignmentId, payload: accepted(assignmentId, '2026-07-17T02:00:00.000Z') },
      // A revised assignment of the same course accepted later: the first acceptance is the one that counts.
      { topic: Topics.assignmentAccepted, key: assignmentId, type: 'yanxiu.community.v1.AssignmentAccepted', version: 1, subject: assignmentId, payload: accepted(randomUUID(), '2026-07-18T02:00:00.000Z') },
    ];
    const ids = await dataSource.transaction((m) => enqueueEvents(m, 'community', events));
    const publish = () => drainOutbox({ dataSource, kafka: kafka(), logger: silentLogger });
    await publish();
    // A relay that crashed after sending but before marking sends the acceptance again, with the same event id.
    await dataSource.query('UPDATE outbox SET published_at = NULL WHERE event_id = ?', [ids[2]]);
    await publish();

    const applied = await consumeOwnEvents({
      kafka: kafka(),
      dataSource,
      logger: silentLogger,
      groupId: `progress-test-${randomUUID()}`,
      topics: factTopics,
      subjects: [groupId, assignmentId],
      count: events.length,
      handler: (event, manager) => projection.apply(event, manager),
    });

    expect(applied.filter((id) => id === ids[2])).toHaveLength(1);
    expect(await completed()).not.toBeNull();
    expect(await dataSource.query('SELECT assignment_id, reviewer_teacher_id FROM accepted_assignments WHERE teacher_id = ?', [trainee])).toEqual([{ assignment_id: assignmentId, reviewer_teacher_id: tutor }]);
    const qualified = (await dataSource.query<Array<{ payload: Buffer }>>('SELECT payload FROM outbox WHERE topic = ?', [Topics.projectQualified])).map((r) => progressEvents.ProjectQualified.decode(r.payload));
    expect(qualified).toEqual([expect.objectContaining({ teacherId: trainee, projectId, role: 'trainee', creditRegistered: true })]);
    expect(await dataSource.query('SELECT hours FROM credit_records WHERE teacher_id = ?', [trainee])).toEqual([{ hours: '36.0' }]);
    const groups = new GroupProgressUseCases(dataSource, facts);
    await expect(groups.mine(principal(['teacher'], SCHOOL, tutor), projectId)).resolves.toMatchObject({
      groups: [{ groupId, leaderTeacherId: leader, tutorTeacherId: tutor, qualifiedTotal: 1, members: [expect.objectContaining({ teacherId: trainee, coursesCompleted: 1, qualified: true })] }],
    });
  }, 300_000);
});
