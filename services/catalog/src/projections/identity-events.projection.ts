import { enrollment as enrollmentContract, org as orgContract, studyGroup as groupContract, trainingProject as projectContract, Topics } from '@yanxiu/contracts';
import type { IncomingEvent } from '@yanxiu/messaging';
import type { EntityManager } from 'typeorm';
import { stageFromProto } from '../contract-enums.js';
import type { EnrollmentRecord, EnrollmentRole, IdentityProjectionRepository, StudyGroupRecord } from './identity-projection.repository.js';
import type { CountedCoursesPublisher } from '../selections/counted-courses.publisher.js';
import type { ProjectRecord } from './project.js';

const O = orgContract.OrgLevel;
const levelNames: Record<orgContract.OrgLevel, string> = {
  [O.ORG_LEVEL_UNSPECIFIED]: 'unspecified',
  [O.ORG_LEVEL_PROVINCE]: 'province',
  [O.ORG_LEVEL_CITY]: 'city',
  [O.ORG_LEVEL_COUNTY]: 'county',
  [O.ORG_LEVEL_SCHOOL]: 'school',
  [O.ORG_LEVEL_KINDERGARTEN]: 'kindergarten',
  [O.ORG_LEVEL_INSTITUTION]: 'institution',
};

const R = enrollmentContract.EnrollmentRole;
const roles: Partial<Record<enrollmentContract.EnrollmentRole, EnrollmentRole>> = {
  [R.ENROLLMENT_ROLE_TRAINEE]: 'trainee',
  [R.ENROLLMENT_ROLE_GROUP_LEADER]: 'group_leader',
  [R.ENROLLMENT_ROLE_TUTOR]: 'tutor',
  [R.ENROLLMENT_ROLE_COURSE_EXPERT]: 'course_expert',
  [R.ENROLLMENT_ROLE_WORKSHOP_HOST]: 'workshop_host',
};

/** Everything catalog reads of identity: orgs, projects (windows), enrollments, study groups. */
export const identityTopics = [
  Topics.orgCreated,
  Topics.trainingProjectCreated,
  Topics.trainingProjectUpdated,
  Topics.enrollmentSubmitted,
  Topics.enrollmentChanged,
  Topics.enrollmentWithdrawn,
  Topics.enrollmentConfirmed,
  Topics.studyGroupFormed,
  Topics.studyGroupChanged,
];

/** An event this service cannot use: the consumer retries it, then parks it on the DLQ with this message. */
const unusable = (event: IncomingEvent, what: string) => new Error(`${event.type} ${event.id} on ${event.topic}: ${what}`);

export function projectFromEvent(event: IncomingEvent, project: projectContract.TrainingProject | undefined): Omit<ProjectRecord, 'lockedAt'> {
  const spec = project?.spec;
  const selection = spec?.windows?.courseSelection;
  const study = spec?.windows?.study;
  const stage = spec ? stageFromProto(spec.stage) : null;
  if (!project?.id || !spec || !stage || !selection?.startDate || !selection.endDate || !study?.startDate || !study.endDate) {
    throw unusable(event, 'project without id, stage, course-selection window or study window');
  }
  return {
    id: project.id,
    year: spec.year,
    stage,
    name: spec.name,
    requiredHours: spec.requiredHours,
    selectionStart: selection.startDate,
    selectionEnd: selection.endDate,
    studyStart: study.startDate,
    studyEnd: study.endDate,
    version: project.version,
  };
}

export function enrollmentFromEvent(event: IncomingEvent, fact: enrollmentContract.EnrollmentFact | undefined): EnrollmentRecord {
  const role = fact ? roles[fact.role] : undefined;
  if (!fact?.enrollmentId || !fact.projectId || !fact.teacherId || !fact.orgPath || !role || !fact.version) throw unusable(event, 'enrollment without id, project, teacher, unit, role or version');
  return {
    enrollmentId: fact.enrollmentId,
    projectId: fact.projectId,
    teacherId: fact.teacherId,
    orgId: fact.orgId,
    orgPath: fact.orgPath,
    subject: fact.subject,
    role,
    status: fact.status === enrollmentContract.EnrollmentStatus.ENROLLMENT_STATUS_WITHDRAWN ? 'withdrawn' : 'enrolled',
    version: fact.version,
  };
}

export function studyGroupFromEvent(event: IncomingEvent, fact: groupContract.StudyGroupFact | undefined, dissolved: boolean): StudyGroupRecord {
  if (!fact?.groupId || !fact.projectId || !fact.version) throw unusable(event, 'study group without id, project or version');
  return {
    groupId: fact.groupId,
    projectId: fact.projectId,
    orgPath: fact.orgPath,
    leaderTeacherId: fact.leaderTeacherId || null,
    memberTeacherIds: fact.memberTeacherIds,
    dissolved,
    version: fact.version,
  };
}

/**
 * Keeps catalog's copy of identity's facts, inside the consumer's inbox transaction. Each record keeps
 * the highest version seen, so redelivered, duplicated and reordered events change nothing twice.
 * An enrollment or a study group that changed moves what counts for its teachers: that is republished
 * in the same transaction.
 */
export class IdentityEventsProjection {
  constructor(
    private readonly projections: IdentityProjectionRepository,
    private readonly counted: CountedCoursesPublisher,
  ) {}

  async apply(event: IncomingEvent, manager: EntityManager): Promise<void> {
    switch (event.topic) {
      case Topics.orgCreated: {
        const { org } = orgContract.OrgCreated.decode(event.payload);
        if (!org?.id || !org.path) throw unusable(event, 'org without id or path');
        await this.projections.upsertOrg(manager, { id: org.id, path: org.path, name: org.name, level: levelNames[org.level] ?? 'unspecified' });
        return;
      }
      case Topics.trainingProjectCreated:
        await this.projections.applyProject(manager, projectFromEvent(event, projectContract.TrainingProjectCreated.decode(event.payload).project));
        return;
      case Topics.trainingProjectUpdated:
        await this.projections.applyProject(manager, projectFromEvent(event, projectContract.TrainingProjectUpdated.decode(event.payload).project));
        return;
      case Topics.enrollmentSubmitted:
        return this.enrollment(manager, enrollmentFromEvent(event, enrollmentContract.EnrollmentSubmitted.decode(event.payload).enrollment));
      case Topics.enrollmentChanged:
        return this.enrollment(manager, enrollmentFromEvent(event, enrollmentContract.EnrollmentChanged.decode(event.payload).enrollment));
      case Topics.enrollmentWithdrawn:
        return this.enrollment(manager, enrollmentFromEvent(event, enrollmentContract.EnrollmentWithdrawn.decode(event.payload).enrollment));
      case Topics.enrollmentConfirmed:
        return this.enrollment(manager, enrollmentFromEvent(event, enrollmentContract.EnrollmentConfirmed.decode(event.payload).enrollment));
      case Topics.studyGroupFormed:
        return this.studyGroup(manager, studyGroupFromEvent(event, groupContract.StudyGroupFormed.decode(event.payload).group, false));
      case Topics.studyGroupChanged: {
        const changed = groupContract.StudyGroupChanged.decode(event.payload);
        return this.studyGroup(manager, studyGroupFromEvent(event, changed.group, changed.change === groupContract.StudyGroupChange.STUDY_GROUP_CHANGE_DISSOLVED));
      }
      default:
        throw unusable(event, 'catalog does not consume this topic');
    }
  }

  /** A learner's school, subject or role may have changed: their list again (one teacher: the project row shared). */
  private async enrollment(manager: EntityManager, record: EnrollmentRecord): Promise<void> {
    if (await this.projections.applyEnrollment(manager, record)) await this.counted.republishTeachers(manager, record.projectId, [record.teacherId], 'shared');
  }

  /**
   * Members' pushed courses follow their group's kindergarten level: when a group that has one changes
   * (members moved, dissolved by a new formation), its old and new members' lists again.
   */
  private async studyGroup(manager: EntityManager, record: StudyGroupRecord): Promise<void> {
    const before = await this.counted.ctx.selections.lockedGroupMembers(manager, record.groupId);
    if (!(await this.projections.applyStudyGroup(manager, record))) return;
    if (!(await this.counted.ctx.selections.hasGroupLevel(manager, record.groupId))) return;
    await this.counted.republishTeachers(manager, record.projectId, [...new Set([...before, ...record.memberTeacherIds])], 'exclusive');
  }
}
