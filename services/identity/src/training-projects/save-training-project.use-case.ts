import { randomUUID } from 'node:crypto';
import { adminLevel, type Principal } from '@yanxiu/auth';
import { trainingProject as contract, Topics } from '@yanxiu/contracts';
import { enqueueEvents, type OutgoingEvent } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import type { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import { provinceToday, type Clock } from './project-calendar.js';
import type { TrainingProjectRecord, TrainingProjectSpec } from './training-project.js';
import { projectToProto } from './training-project.mapper.js';
import { specProblems, updateProblems } from './training-project-rules.js';
import type { TrainingProjectRepository } from './training-project.repository.js';

/**
 * Projects are provincial: one per stage and year, written by a province admin (seeds: the
 * province issues each stage's project; cities open it to their counties). See ADR 0007.
 */
function assertProvinceAdmin(principal: Principal): string {
  const orgPath = principal.orgPath;
  if (adminLevel(principal) !== 'province-admin' || !orgPath) {
    throw new IdentityError('role_not_allowed', 'training projects are created and edited by the province admin');
  }
  return orgPath;
}

function assertValid(spec: TrainingProjectSpec): void {
  const problems = specProblems(spec);
  if (problems.length > 0) throw new IdentityError('invalid_argument', problems.join('; '));
}

function projectEvent(topic: typeof Topics.trainingProjectCreated | typeof Topics.trainingProjectUpdated, project: TrainingProjectRecord): OutgoingEvent {
  const created = topic === Topics.trainingProjectCreated;
  const message = { project: projectToProto(project) };
  return {
    topic,
    key: project.id,
    type: created ? 'yanxiu.identity.v1.TrainingProjectCreated' : 'yanxiu.identity.v1.TrainingProjectUpdated',
    version: 1,
    subject: project.id,
    payload: created ? contract.TrainingProjectCreated.encode(message).finish() : contract.TrainingProjectUpdated.encode(message).finish(),
  };
}

export class CreateTrainingProjectUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly projects: TrainingProjectRepository,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(principal: Principal, spec: TrainingProjectSpec): Promise<TrainingProjectRecord> {
    const ownerPath = assertProvinceAdmin(principal);
    assertValid(spec);
    return this.dataSource.transaction(async (manager) => {
      const owner = await this.orgs.findByPath(manager, ownerPath);
      if (!owner || owner.level !== 'province') throw new IdentityError('org_not_found', `your org ${ownerPath} is not a province on record`);
      const now = this.clock();
      const project: TrainingProjectRecord = {
        ...spec,
        id: randomUUID(),
        ownerOrgId: owner.id,
        ownerOrgPath: owner.path,
        version: 1,
        createdBy: principal.username,
        createdAt: now,
        updatedAt: now,
      };
      if (!(await this.projects.insert(manager, project))) {
        throw new IdentityError('project_exists', `${owner.name} already runs a ${spec.stage} project for ${spec.year}; edit that one`);
      }
      await enqueueEvents(manager, 'identity', [projectEvent(Topics.trainingProjectCreated, project)]);
      return project;
    });
  }
}

export class UpdateTrainingProjectUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollments: EnrollmentRepository,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(principal: Principal, command: { id: string; expectedVersion: number; spec: TrainingProjectSpec }): Promise<TrainingProjectRecord> {
    assertProvinceAdmin(principal);
    assertValid(command.spec);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.projects.findById(manager, command.id, { lock: true });
      if (!current) throw new IdentityError('project_not_found', `training project ${command.id} not found`);
      assertInJurisdiction(principal, current.ownerOrgPath);
      if (current.version !== command.expectedVersion) {
        throw new IdentityError('version_conflict', `the project is at version ${current.version}, not ${command.expectedVersion}: reload it and apply your change again`);
      }
      const now = this.clock();
      const problems = updateProblems(current, command.spec, provinceToday(now));
      const dropped = current.subjects.filter((s) => !command.spec.subjects.includes(s));
      if (dropped.length > 0) {
        const inUse = await this.enrollments.countBySubject(manager, current.id, dropped);
        for (const [subject, n] of inUse) problems.push(`subjects: ${subject} cannot be removed, ${n} participants are enrolled in it`);
      }
      if (problems.length > 0) throw new IdentityError('invalid_argument', problems.join('; '));

      const updated: TrainingProjectRecord = { ...current, ...command.spec, version: current.version + 1, updatedAt: now };
      if (!(await this.projects.update(manager, updated))) throw new Error(`training project ${current.id} changed under its row lock`);
      await enqueueEvents(manager, 'identity', [projectEvent(Topics.trainingProjectUpdated, updated)]);
      return updated;
    });
  }
}
