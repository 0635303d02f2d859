import type { Principal } from '@yanxiu/auth';
import type { progress } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { assertAdminOver, requireRole } from '../access.js';
import type { ProgressEvaluator } from '../completion/progress-evaluator.js';
import type { DutyConfirmation, ProgressRepository } from '../completion/progress.repository.js';
import type { FactsRepository } from '../facts/facts.repository.js';
import { dutyConfirmationMessage, progressEvent } from '../progress-events.js';
import { ProgressError } from '../progress.error.js';
import { sqlOf } from '../sql.js';
import type { WatchStateRepository } from '../watching/watch-state.repository.js';
import { qualifyingRole } from './role-qualification.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The responsible admin confirms that a group leader or tutor did their duty work in a project (the
 * leader read every member's assignment; the tutor evaluated their trainees, summed up and confirmed
 * the qualified ones). Responsible = an admin whose jurisdiction covers the county or city where the
 * teacher's study groups were formed: the county for most stages, the city where the project forms
 * its groups and tutor teams per city (高中). Once per teacher × project: confirming again changes
 * nothing. The teacher may qualify at once (the same transaction, under their lock).
 */
export class ConfirmRoleDutyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly facts: FactsRepository,
    private readonly progress: ProgressRepository,
    private readonly learners: WatchStateRepository,
    private readonly evaluator: ProgressEvaluator,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(principal: Principal, request: progress.ConfirmRoleDutyRequest): Promise<progress.ConfirmRoleDutyResponse> {
    requireRole(principal, ['county-admin', 'city-admin', 'province-admin'], "confirming a group leader's or tutor's duty");
    const problems = [UUID.test(request.projectId) ? '' : 'project_id: a project UUID', UUID.test(request.teacherId) ? '' : 'teacher_id: a teacher UUID'].filter(Boolean);
    if (problems.length > 0) throw new ProgressError('invalid_argument', problems.join('; '));
    const { projectId, teacherId } = request;

    return this.dataSource.transaction(async (manager) => {
      const sql = sqlOf(manager);
      await this.learners.lockLearners(sql, [teacherId]);
      const regions = await this.facts.studyGroupRegionsOf(sql, projectId, teacherId);
      if (regions.length === 0) throw new ProgressError('no_duty_to_confirm', `teacher ${teacherId} leads, tutors or belongs to no study group of project ${projectId}`);
      for (const region of regions) assertAdminOver(principal, region, "confirming a group leader's or tutor's duty");
      const standing = await this.progress.standing(sql, teacherId, projectId);
      if (!standing) throw new ProgressError('teacher_not_found', `teacher ${teacherId} is not enrolled in project ${projectId} (as far as progress knows)`);
      const role = qualifyingRole(standing.enrolledRole, standing.leadsGroup);
      if (!(await this.progress.standardFor(sql, projectId, role))?.dutyConfirmationRequired) {
        throw new ProgressError('no_duty_to_confirm', `the ${role} standard of project ${projectId} asks for no duty confirmation`);
      }
      const confirmation: DutyConfirmation = { teacherId, projectId, role, regionPath: regions[0]!, confirmedBy: principal.username, confirmedAt: this.now() };
      if (!(await this.progress.insertDutyConfirmation(sql, confirmation))) {
        const held = await this.progress.dutyConfirmation(sql, teacherId, projectId);
        return { confirmation: dutyConfirmationMessage(held!), created: false };
      }
      await sql.enqueue([progressEvent.roleDutyConfirmed(confirmation)]);
      await this.evaluator.requalify(sql, teacherId, projectId);
      return { confirmation: dutyConfirmationMessage(confirmation), created: true };
    });
  }
}
