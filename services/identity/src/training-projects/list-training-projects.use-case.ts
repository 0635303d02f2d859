import type { Principal } from '@yanxiu/auth';
import type { DataSource } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import type { Stage } from '../teachers/teacher.repository.js';
import type { TrainingProjectRecord } from './training-project.js';
import type { TrainingProjectRepository } from './training-project.repository.js';

/** `/37/3701/370102` → `/37`, `/37/3701`, `/37/3701/370102`: the orgs whose projects reach the caller. */
export function ancestorPaths(orgPath: string): string[] {
  const segments = orgPath.split('/').filter(Boolean);
  return segments.map((_, i) => `/${segments.slice(0, i + 1).join('/')}`);
}

/**
 * Projects are visible to everyone in their owner's subtree (admins at every level, teachers), and
 * to nobody else. The caller's org path comes from the verified token.
 */
function visibleTo(principal: Principal, project: TrainingProjectRecord): boolean {
  return principal.orgPath !== null && ancestorPaths(principal.orgPath).includes(project.ownerOrgPath);
}

export class GetTrainingProjectUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: TrainingProjectRepository,
  ) {}

  async execute(principal: Principal, id: string): Promise<TrainingProjectRecord> {
    const project = await this.projects.findById(this.dataSource.manager, id);
    if (!project) throw new IdentityError('project_not_found', `training project ${id} not found`);
    if (!visibleTo(principal, project)) throw new IdentityError('out_of_jurisdiction', `training project ${id} is run by ${project.ownerOrgPath}, outside your org ${principal.orgPath ?? '(none)'}`);
    return project;
  }
}

export class ListTrainingProjectsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: TrainingProjectRepository,
  ) {}

  async execute(principal: Principal, filter: { year?: number; stage?: Stage }): Promise<TrainingProjectRecord[]> {
    if (!principal.orgPath) return [];
    return this.projects.listOwnedBy(this.dataSource.manager, ancestorPaths(principal.orgPath), filter);
  }
}
