// Shared by progress's integration tests: a fresh database, principals, and other services' events as progress receives them.
import { randomUUID } from 'node:crypto';
import type { Principal, Role } from '@yanxiu/auth';
import { catalogEntities, catalogSelection, enrollment as enrollmentContract, heartbeat, studyGroup as groupContract, trainingProject, Topics } from '@yanxiu/contracts';
import { migratedTestDatabase, type MigratedTestDatabase } from '@yanxiu/database';
import type { StreamRecord } from '@yanxiu/messaging';
import { incomingEvent } from '@yanxiu/messaging/testing';
import { createLogger } from '@yanxiu/observability';
import { ProgressEvaluator } from './completion/progress-evaluator.js';
import { ProgressRepository } from './completion/progress.repository.js';
import { CreditRepository } from './credits/credit.repository.js';
import { FactsProjection } from './facts/facts.projection.js';
import { FactsRepository } from './facts/facts.repository.js';
import { progressMigrations } from './progress.data-source.js';
import type { WatchPolicy } from './watching/watch-credit.js';
import { WatchStateRepository } from './watching/watch-state.repository.js';

export const silentLogger = createLogger('progress-test', 'silent');

/** The consumer's defaults (progress.config.ts). */
export const watchPolicy: WatchPolicy = { maxSegmentSeconds: 300, maxClockSkewSeconds: 120, maxOfflineDays: 30 };

/** Progress's repositories, evaluator and facts projection, wired as the service wires them (none holds a connection). */
export function progressParts() {
  const states = new WatchStateRepository();
  const progress = new ProgressRepository();
  const credits = new CreditRepository();
  const facts = new FactsRepository();
  const evaluator = new ProgressEvaluator(states, progress, credits);
  return { states, progress, credits, facts, evaluator, projection: new FactsProjection(facts, states, evaluator) };
}

export const progressDatabase = (): Promise<MigratedTestDatabase> => migratedTestDatabase('progress', progressMigrations);

export const principal = (roles: Role[], orgPath: string | null, teacherId?: string): Principal => ({
  subject: randomUUID(),
  username: roles.join('+') || 'teacher',
  roles,
  orgPath,
  token: 't',
  ...(teacherId ? { teacherId } : {}),
});

export function projectSpec(study: [string, string], deadline: string, year = 2026): trainingProject.TrainingProjectSpec {
  return {
    year,
    stage: 3,
    name: `${year} 小学远程研修`,
    theme: '',
    requiredHours: 36,
    phases: [],
    subjects: [],
    windows: { enrollment: undefined, grouping: undefined, confirmation: undefined, courseSelection: undefined, study: { startDate: study[0], endDate: study[1] }, creditRegistrationDeadline: deadline },
    grouping: undefined,
  };
}

export function projectEvent(id: string, version: number, study: [string, string], deadline: string, year = 2026) {
  const project: trainingProject.TrainingProject = { id, ownerOrgId: 'o', ownerOrgPath: '/37', spec: projectSpec(study, deadline, year), version, createdAt: '', updatedAt: '' };
  const topic = version === 1 ? Topics.trainingProjectCreated : Topics.trainingProjectUpdated;
  return incomingEvent(topic, trainingProject.TrainingProjectCreated.encode({ project }).finish());
}

export const ROLE = enrollmentContract.EnrollmentRole;

export function enrollmentFact(projectId: string, teacherId: string, orgPath: string, role = ROLE.ENROLLMENT_ROLE_TRAINEE): enrollmentContract.EnrollmentFact {
  return {
    enrollmentId: randomUUID(),
    projectId,
    projectYear: 2026,
    projectStage: 3,
    teacherId,
    orgId: 'o',
    orgPath,
    subject: '数学',
    role,
    status: enrollmentContract.EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED,
    confirmation: enrollmentContract.ConfirmationStatus.CONFIRMATION_STATUS_CONFIRMED,
    version: 1,
    occurredAt: new Date().toISOString(),
  };
}

export const enrolled = (projectId: string, teacherId: string, orgPath: string, role = ROLE.ENROLLMENT_ROLE_TRAINEE) =>
  incomingEvent(Topics.enrollmentSubmitted, enrollmentContract.EnrollmentSubmitted.encode({ enrollment: enrollmentFact(projectId, teacherId, orgPath, role) }).finish());

let countedVersion = 0;
/**
 * A teacher's counted list as catalog publishes it: by default a higher version than the call before, now.
 * `version: 0` leaves the version out, as events from before catalog versioned lists have none.
 */
export const counted = (projectId: string, teacherId: string, courseIds: string[], stamp: { version?: number; occurredAt?: Date } = {}) => {
  const version = stamp.version ?? ++countedVersion;
  const changed: catalogSelection.CountedCoursesChanged = {
    projectId,
    teacherId,
    courses: courseIds.map((courseId) => ({ courseId, title: courseId, hours: 1, reason: catalogSelection.CountedReason.COUNTED_REASON_PUSHED })),
    totalHours: courseIds.length,
    projectHours: 36,
    final: false,
    occurredAt: (stamp.occurredAt ?? new Date()).toISOString(),
    ...(version > 0 ? { version } : {}),
  };
  return incomingEvent(Topics.countedCoursesChanged, catalogSelection.CountedCoursesChanged.encode(changed).finish());
};

/** A course as catalog publishes it, naming its quizzes. */
export const courseSaved = (id: string, quizIds: string[], revision: number) => {
  const course: catalogEntities.Course = {
    id,
    title: id,
    kind: 1,
    creditHours: 1,
    mediaRef: '',
    stages: [],
    subjects: [],
    topicId: '',
    chapterId: '',
    level: 0,
    quizIds,
    status: 1,
    revision,
    updatedAt: '',
    updatedBy: '',
  };
  return incomingEvent(Topics.courseSaved, catalogEntities.CourseSaved.encode({ course }).finish());
};
export function groupFact(fact: Pick<groupContract.StudyGroupFact, 'groupId' | 'projectId' | 'regionPath' | 'version'> & Partial<groupContract.StudyGroupFact>): groupContract.StudyGroupFact {
  return {
    orgPath: fact.regionPath,
    name: '济南市历下区实验小学小学数学研修组',
    subject: '数学',
    leaderTeacherId: '',
    leaderSource: groupContract.LeaderSource.LEADER_SOURCE_ENROLLED,
    tutorTeacherId: '',
    memberTeacherIds: [],
    occurredAt: new Date().toISOString(),
    ...fact,
  };
}

export const groupFormed = (fact: groupContract.StudyGroupFact) => incomingEvent(Topics.studyGroupFormed, groupContract.StudyGroupFormed.encode({ group: fact }).finish());

export const groupChanged = (fact: groupContract.StudyGroupFact, change = groupContract.StudyGroupChange.STUDY_GROUP_CHANGE_MEMBERS) =>
  incomingEvent(Topics.studyGroupChanged, groupContract.StudyGroupChanged.encode({ group: fact, change }).finish());

export const tutorAssigned = (g: { groupId: string; projectId: string; regionPath: string }, tutorTeacherId: string, version: number) =>
  incomingEvent(
    Topics.studyGroupTutorAssigned,
    groupContract.StudyGroupTutorAssigned.encode({ ...g, subject: '数学', tutorTeacherId, previousTutorTeacherId: '', occurredAt: new Date().toISOString(), version }).finish(),
  );

/** Normal playback of `from`..`to` s of one video from `startMs` (the player's clock), one segment per 30 s. */
export const playback = (courseId: string, from: number, to: number, startMs: number): heartbeat.WatchSegment[] =>
  Array.from({ length: Math.ceil((to - from) / 30) }, (_, i) => ({
    courseId,
    mediaId: 'm1',
    sessionId: 's1',
    startPosition: from + i * 30,
    endPosition: Math.min(to, from + (i + 1) * 30),
    clientTimeMs: startMs + (i + 1) * 30_000,
    playbackRate: 1,
  }));

/** A flush of `segments` as the gateway publishes it (keyed by the teacher), received at `receivedAtMs`. */
export function heartbeatRecord(teacherId: string, segments: heartbeat.WatchSegment[], receivedAtMs: number): StreamRecord {
  const value = Buffer.from(heartbeat.HeartbeatReceived.encode({ teacherId, receivedAtMs, segments }).finish());
  return { topic: Topics.heartbeatReceived, partition: 0, offset: '0', key: teacherId, value, headers: {} };
}

/** Normal playback of `from`..`to` s of one video on `day` (Shanghai) from 09:00, received an hour later. */
export function watching(teacherId: string, courseId: string, from: number, to: number, day: string): StreamRecord {
  const start = Date.parse(`${day}T01:00:00Z`);
  return heartbeatRecord(teacherId, playback(courseId, from, to, start), start + 3600_000);
}
