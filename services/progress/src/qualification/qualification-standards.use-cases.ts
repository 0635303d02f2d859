import type { Principal } from '@yanxiu/auth';
import type { progress, progressEntities } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { requireRole } from '../access.js';
import type { ProgressRepository, StoredStandard } from '../completion/progress.repository.js';
import type { FactsRepository } from '../facts/facts.repository.js';
import { ProgressError } from '../progress.error.js';
import { sqlOf } from '../sql.js';
import { shanghaiDay } from '../watching/watch-credit.js';
import { isParticipantRole, PARTICIPANT_ROLES, standardProblem } from './role-qualification.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function standardMessage(s: StoredStandard): progressEntities.QualificationStandard {
  return {
    projectId: s.projectId,
    role: s.role,
    coursesRequired: s.coursesRequired,
    dutyConfirmationRequired: s.dutyConfirmationRequired,
    version: s.version,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** What each role of a project needs to qualify (its own standard, or the default): rules every participant may read. */
export class ListQualificationStandardsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly progress: ProgressRepository,
  ) {}

  async execute(_principal: Principal, projectId: string): Promise<progress.ListQualificationStandardsResponse> {
    if (!UUID.test(projectId)) throw new ProgressError('invalid_argument', 'project_id must be a project UUID');
    return { standards: (await this.progress.standards(sqlOf(this.dataSource.manager), projectId)).map(standardMessage) };
  }
}

/**
 * A project's own standard for a role (province admins). Only before the study starts: a standard
 * changed later would have to take back or hand out qualifications already decided under the old one.
 */
export class SaveQualificationStandardUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly progress: ProgressRepository,
    private readonly facts: FactsRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(principal: Principal, request: progress.SaveQualificationStandardRequest): Promise<progressEntities.QualificationStandard> {
    requireRole(principal, ['province-admin'], 'setting qualification standards');
    const standard = { coursesRequired: request.coursesRequired, dutyConfirmationRequired: request.dutyConfirmationRequired };
    const problems: string[] = [];
    if (!UUID.test(request.projectId)) problems.push('project_id: a project UUID');
    if (!isParticipantRole(request.role)) problems.push(`role: one of ${PARTICIPANT_ROLES.join(', ')}`);
    const problem = standardProblem(standard);
    if (problem) problems.push(problem);
    if (problems.length > 0) throw new ProgressError('invalid_argument', problems.join('; '));

    return this.dataSource.transaction(async (manager) => {
      const sql = sqlOf(manager);
      const project = await this.facts.findProject(sql, request.projectId);
      if (!project) throw new ProgressError('project_not_found', `project ${request.projectId} is not known to progress (yet)`);
      const now = this.now();
      if (shanghaiDay(Math.floor(now.getTime() / 1000)) >= project.studyStart) {
        throw new ProgressError('standard_locked', `the study of project ${request.projectId} started on ${project.studyStart}: its qualification standards are fixed`);
      }
      const held = await this.progress.lockOwnStandard(sql, request.projectId, request.role);
      if ((held?.version ?? 0) !== request.expectedVersion) {
        throw new ProgressError('version_conflict', `the project's ${request.role} standard is at version ${held?.version ?? 0}, not ${request.expectedVersion}: read it again`);
      }
      const saved: StoredStandard = { projectId: request.projectId, role: request.role, ...standard, version: request.expectedVersion + 1, updatedBy: principal.username, updatedAt: now };
      await this.progress.saveStandard(sql, saved);
      return standardMessage(saved);
    });
  }
}
