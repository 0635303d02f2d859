import type { OutgoingEvent } from '@yanxiu/messaging';
import type { EntityManager } from 'typeorm';
import type { EnrollmentRecord, EnrollmentView } from '../enrollment/enrollment.js';
import { enrollmentEvent } from '../enrollment/enrollment.mapper.js';
import type { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import type { LeaveStudyGroups } from '../study-groups/leave-study-groups.js';
import { provinceToday } from '../training-projects/project-calendar.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { enrollmentOnTransfer } from './transfer-rules.js';

/**
 * The enrollment side of a transfer (docs/decisions/0017), inside the transfer's transaction and after
 * its lock on the teacher: each current enrollment in a project whose study has not ended moves to the
 * new unit as its next version, with an EnrollmentChanged event (same subject and role, new unit), so
 * catalog and progress, which key participants on the enrollment's unit, follow it. Locks go teacher →
 * enrollments → the old region's groups, the order enrollment writes and group overrides keep too.
 */
export class MoveTeacherEnrollments {
  constructor(
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly groups: LeaveStudyGroups,
  ) {}

  async execute(manager: EntityManager, teacherId: string, to: { id: string; path: string }, now: Date): Promise<{ moved: EnrollmentView[]; events: OutgoingEvent[] }> {
    const today = provinceToday(now);
    const moved: EnrollmentView[] = [];
    const events: OutgoingEvent[] = [];
    for (const current of await this.enrollment.lockEnrolledOfTeacher(manager, teacherId)) {
      const project = await this.projects.findById(manager, current.projectId);
      if (!project) throw new Error(`training project ${current.projectId} of enrollment ${current.id} vanished`);
      const fate = enrollmentOnTransfer(current, to.id, project.windows, today);
      if (fate === 'stays') continue;

      const next: EnrollmentRecord = { ...current, orgId: to.id, orgPath: to.path, version: current.version + 1, updatedAt: now };
      await this.enrollment.update(manager, next);
      events.push(enrollmentEvent('changed', next, project, { subject: current.subject, role: current.role }));
      if (fate === 'moves_leaving_groups') events.push(...(await this.groups.afterTransfer(manager, project, teacherId, { fromOrgPath: current.orgPath, toOrgPath: to.path }, now)));
      const view = await this.enrollment.findView(manager, next.id);
      if (!view) throw new Error(`enrollment ${next.id} vanished inside its transaction`);
      moved.push(view);
    }
    return { moved, events };
  }
}
