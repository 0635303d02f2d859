import {
  catalogEntities,
  catalogSelection,
  communityAssignment,
  enrollment as enrollmentContract,
  studyGroup as groupContract,
  teacher as teacherContract,
  trainingProject,
  transfer as transferContract,
  Topics,
} from '@yanxiu/contracts';
import type { IncomingEvent } from '@yanxiu/messaging';
import type { EntityManager } from 'typeorm';
import type { ProgressEvaluator } from '../completion/progress-evaluator.js';
import { sqlOf, type Sql } from '../sql.js';
import type { WatchStateRepository } from '../watching/watch-state.repository.js';
import type { FactsRepository, ProjectFacts } from './facts.repository.js';

export const factTopics = [
  Topics.trainingProjectCreated,
  Topics.trainingProjectUpdated,
  Topics.enrollmentSubmitted,
  Topics.enrollmentChanged,
  Topics.enrollmentWithdrawn,
  Topics.enrollmentConfirmed,
  Topics.teacherCreated,
  Topics.teacherDeparted,
  Topics.teacherTransferred,
  Topics.countedCoursesChanged,
  Topics.courseSaved,
  Topics.studyGroupFormed,
  Topics.studyGroupChanged,
  Topics.studyGroupTutorAssigned,
  Topics.assignmentAccepted,
];

const E = enrollmentContract.EnrollmentRole;
const roles: Record<number, string> = {
  [E.ENROLLMENT_ROLE_TRAINEE]: 'trainee',
  [E.ENROLLMENT_ROLE_GROUP_LEADER]: 'group_leader',
  [E.ENROLLMENT_ROLE_TUTOR]: 'tutor',
  [E.ENROLLMENT_ROLE_COURSE_EXPERT]: 'course_expert',
  [E.ENROLLMENT_ROLE_WORKSHOP_HOST]: 'workshop_host',
};

/**
 * Keeps what progress needs of identity's, catalog's and community's events, inside the consumer's inbox
 * transaction; changes that move what counts for a teacher re-evaluate their progress at once.
 */
export class FactsProjection {
  constructor(
    private readonly facts: FactsRepository,
    private readonly learners: WatchStateRepository,
    private readonly evaluator: ProgressEvaluator,
  ) {}

  async apply(event: IncomingEvent, manager: EntityManager): Promise<void> {
    const sql = sqlOf(manager);
    switch (event.topic) {
      case Topics.trainingProjectCreated:
        return this.project(sql, trainingProject.TrainingProjectCreated.decode(event.payload).project, event);
      case Topics.trainingProjectUpdated:
        return this.project(sql, trainingProject.TrainingProjectUpdated.decode(event.payload).project, event);
      case Topics.enrollmentSubmitted:
        return this.participant(sql, enrollmentContract.EnrollmentSubmitted.decode(event.payload).enrollment, event);
      case Topics.enrollmentChanged:
        return this.participant(sql, enrollmentContract.EnrollmentChanged.decode(event.payload).enrollment, event);
      case Topics.enrollmentWithdrawn:
        return this.participant(sql, enrollmentContract.EnrollmentWithdrawn.decode(event.payload).enrollment, event);
      case Topics.enrollmentConfirmed:
        return this.participant(sql, enrollmentContract.EnrollmentConfirmed.decode(event.payload).enrollment, event);
      case Topics.teacherCreated: {
        const created = teacherContract.TeacherCreated.decode(event.payload);
        if (!created.teacherId || !created.orgPath) throw new Error(`TeacherCreated ${event.id} has no teacher id or org path`);
        return this.facts.upsertTeacherUnit(sql, created.teacherId, { orgPath: created.orgPath, inService: true, version: 0 });
      }
      case Topics.teacherDeparted: {
        const departed = transferContract.TeacherDeparted.decode(event.payload);
        if (!departed.teacherId || !departed.orgPath || !departed.statusVersion) throw new Error(`TeacherDeparted ${event.id} has no teacher id, org path or status version`);
        return this.facts.upsertTeacherUnit(sql, departed.teacherId, { orgPath: departed.orgPath, inService: false, version: departed.statusVersion });
      }
      case Topics.teacherTransferred: {
        const moved = transferContract.TeacherTransferred.decode(event.payload);
        if (!moved.teacherId || !moved.toOrgPath || !moved.statusVersion) throw new Error(`TeacherTransferred ${event.id} has no teacher id, org path or status version`);
        return this.facts.upsertTeacherUnit(sql, moved.teacherId, { orgPath: moved.toOrgPath, inService: true, version: moved.statusVersion });
      }
      case Topics.countedCoursesChanged:
        return this.countedCourses(sql, catalogSelection.CountedCoursesChanged.decode(event.payload), event);
      case Topics.courseSaved: {
        const { course } = catalogEntities.CourseSaved.decode(event.payload);
        if (!course?.id) throw new Error(`CourseSaved ${event.id} has no course`);
        // A changed quiz list changes what completes the course, for everyone it counts for.
        if (await this.facts.upsertCourseQuizzes(sql, course.id, course.quizIds, course.revision)) await this.facts.queueEvaluations(sql, { courseId: course.id });
        return;
      }
      case Topics.studyGroupFormed:
        return this.studyGroup(sql, groupContract.StudyGroupFormed.decode(event.payload).group, false, event);
      case Topics.studyGroupChanged: {
        const changed = groupContract.StudyGroupChanged.decode(event.payload);
        return this.studyGroup(sql, changed.group, changed.change === groupContract.StudyGroupChange.STUDY_GROUP_CHANGE_DISSOLVED, event);
      }
      case Topics.studyGroupTutorAssigned: {
        const assigned = groupContract.StudyGroupTutorAssigned.decode(event.payload);
        if (!assigned.groupId || !assigned.projectId || !assigned.version) throw new Error(`StudyGroupTutorAssigned ${event.id} has no group, project or version`);
        // The tutor's standard does not depend on their groups, so nobody's qualification changes here.
        return this.facts.applyStudyGroupTutor(sql, {
          groupId: assigned.groupId,
          projectId: assigned.projectId,
          regionPath: assigned.regionPath,
          subject: assigned.subject,
          tutorTeacherId: assigned.tutorTeacherId || null,
          version: assigned.version,
        });
      }
      case Topics.assignmentAccepted:
        return this.assignmentAccepted(sql, communityAssignment.AssignmentAccepted.decode(event.payload), event);
      default:
        throw new Error(`progress does not handle topic ${event.topic}`);
    }
  }

  private async project(sql: Sql, project: trainingProject.TrainingProject | undefined, event: IncomingEvent): Promise<void> {
    const spec = project?.spec;
    const study = spec?.windows?.study;
    if (!project?.id || !spec || !study?.startDate || !study.endDate || !spec.windows?.creditRegistrationDeadline) {
      throw new Error(`${event.type} ${event.id} has no project id, study window or registration deadline`);
    }
    const held = await this.facts.findProject(sql, project.id, { lock: true });
    if (held && held.version >= project.version) return;
    const next: ProjectFacts = {
      projectId: project.id,
      year: spec.year,
      name: spec.name.slice(0, 200),
      requiredHours: spec.requiredHours,
      studyStart: study.startDate,
      studyEnd: study.endDate,
      creditDeadline: spec.windows.creditRegistrationDeadline,
      version: project.version,
    };
    await this.facts.upsertProject(sql, next);
    // A moved study window changes watched time (and maybe completions) for every participant.
    if (held && (held.studyStart !== next.studyStart || held.studyEnd !== next.studyEnd || held.creditDeadline !== next.creditDeadline)) {
      await this.facts.queueEvaluations(sql, { projectId: project.id });
    }
  }

  private async participant(sql: Sql, fact: enrollmentContract.EnrollmentFact | undefined, event: IncomingEvent): Promise<void> {
    if (!fact?.enrollmentId || !fact.projectId || !fact.teacherId || !fact.orgPath || !fact.version) throw new Error(`${event.type} ${event.id} has no enrollment, project, teacher, org path or version`);
    await this.learners.lockLearners(sql, [fact.teacherId]);
    await this.facts.upsertParticipant(sql, {
      enrollmentId: fact.enrollmentId,
      projectId: fact.projectId,
      teacherId: fact.teacherId,
      orgPath: fact.orgPath,
      role: roles[fact.role] ?? 'unspecified',
      enrolled: fact.status === enrollmentContract.EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED,
      version: fact.version,
    });
    // The role decides the standard: a participant known only now may have met theirs already.
    await this.evaluator.requalify(sql, fact.teacherId, fact.projectId);
  }

  private async studyGroup(sql: Sql, fact: groupContract.StudyGroupFact | undefined, dissolved: boolean, event: IncomingEvent): Promise<void> {
    if (!fact?.groupId || !fact.projectId || !fact.regionPath || !fact.version) throw new Error(`${event.type} ${event.id} has no group, project, region or version`);
    const leaderId = fact.leaderTeacherId || null;
    const applied = await this.facts.applyStudyGroup(sql, {
      groupId: fact.groupId,
      projectId: fact.projectId,
      regionPath: fact.regionPath,
      orgPath: fact.orgPath,
      name: fact.name,
      subject: fact.subject,
      leaderTeacherId: leaderId,
      tutorTeacherId: fact.tutorTeacherId || null,
      memberTeacherIds: fact.memberTeacherIds,
      dissolved,
      version: fact.version,
    });
    if (!applied) return;
    // Leading a group changes which standard a member is held to: the old and the new leader may qualify now.
    const leaders = [...new Set([applied.previousLeaderId, leaderId].filter((id): id is string => id !== null))];
    await this.learners.lockLearners(sql, leaders);
    for (const teacherId of leaders) await this.evaluator.requalify(sql, teacherId, fact.projectId);
  }

  private async assignmentAccepted(sql: Sql, accepted: communityAssignment.AssignmentAccepted, event: IncomingEvent): Promise<void> {
    const acceptedAt = new Date(accepted.acceptedAt);
    if (!accepted.assignmentId || !accepted.teacherId || !accepted.courseId || Number.isNaN(acceptedAt.getTime())) {
      throw new Error(`AssignmentAccepted ${event.id} has no assignment, teacher, course or accepted_at`);
    }
    await this.learners.lockLearners(sql, [accepted.teacherId]);
    const key = { teacherId: accepted.teacherId, courseId: accepted.courseId };
    if (await this.facts.insertAcceptedAssignment(sql, { ...key, assignmentId: accepted.assignmentId, reviewerTeacherId: accepted.reviewerTeacherId || null, acceptedAt })) {
      await this.evaluator.reevaluate(sql, [key]);
    }
  }

  private async countedCourses(sql: Sql, changed: catalogSelection.CountedCoursesChanged, event: IncomingEvent): Promise<void> {
    const occurredAt = new Date(changed.occurredAt);
    if (!changed.teacherId || !changed.projectId || Number.isNaN(occurredAt.getTime())) throw new Error(`CountedCoursesChanged ${event.id} has no teacher, project or occurred_at`);
    // The teacher's lock: heartbeats of this teacher wait, so progress is evaluated on the new list.
    await this.learners.lockLearners(sql, [changed.teacherId]);
    const courses = changed.courses.map((c) => ({ courseId: c.courseId, title: c.title, hours: c.hours }));
    const replaced = await this.facts.replaceCountedCourses(sql, changed.teacherId, changed.projectId, courses, { version: changed.version ?? 0, occurredAt });
    if (!replaced) return;
    await this.evaluator.reevaluate(
      sql,
      replaced.after.map((courseId) => ({ teacherId: changed.teacherId, courseId })),
    );
  }
}
