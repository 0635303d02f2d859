import type { EntityManager } from 'typeorm';
import { CatalogError } from '../catalog.error.js';
import type { PolicyRepository } from '../policies/policy.repository.js';
import type { SelectionPolicy } from '../policies/selection-policy.js';
import type { EnrollmentRecord, IdentityProjectionRepository } from '../projections/identity-projection.repository.js';
import type { ProjectRecord } from '../projections/project.js';
import { CountedCoursesPublisher } from './counted-courses.publisher.js';
import { ancestorPaths, asSchoolChoice, effectiveChoice, type SchoolChoiceRecord } from './selection.js';
import type { SelectionRepository } from './selection.repository.js';
import { standingOf, type Standing } from './standing.js';

export interface ParticipantStanding {
  enrollment: EnrollmentRecord;
  choice: SchoolChoiceRecord | null;
  standing: Standing;
}

/** Loads what every selection decision needs: the project, its policy, the choices that apply, standings. */
export class SelectionContext {
  /** Republishes what counts for the learners a change moves. */
  readonly counted: CountedCoursesPublisher;

  constructor(
    readonly projections: IdentityProjectionRepository,
    readonly policies: PolicyRepository,
    readonly selections: SelectionRepository,
    options: { countedPageSize?: number } = {},
  ) {
    this.counted = new CountedCoursesPublisher(this, options.countedPageSize);
  }

  async project(manager: EntityManager, projectId: string, lock: 'shared' | 'exclusive' | null = null): Promise<ProjectRecord> {
    const project = lock ? await this.projections.lockProject(manager, projectId, lock) : await this.projections.findProject(manager, projectId);
    if (!project) throw new CatalogError('project_not_found', `project ${projectId} is not known to catalog (yet): identity publishes projects as they are created`);
    return project;
  }

  async policy(manager: EntityManager, projectId: string): Promise<SelectionPolicy> {
    const policy = await this.policies.find(manager, projectId);
    if (!policy) throw new CatalogError('policy_not_found', `项目 ${projectId} 还没有选课规则`);
    return policy.policy;
  }

  /** The choice that applies to each of these schools (an imposed one above it, else its own). */
  async choicesFor(manager: EntityManager, projectId: string, schoolPaths: readonly string[]): Promise<Map<string, SchoolChoiceRecord | null>> {
    const paths = [...new Set(schoolPaths.flatMap((p) => [p, ...ancestorPaths(p)]))];
    const choices = await this.selections.choicesAt(manager, projectId, paths);
    return new Map(schoolPaths.map((p) => [p, effectiveChoice(p, choices)]));
  }

  async choiceFor(manager: EntityManager, projectId: string, schoolPath: string): Promise<SchoolChoiceRecord | null> {
    return (await this.choicesFor(manager, projectId, [schoolPath])).get(schoolPath) ?? null;
  }

  /** Standings of participants (any schools), in a few queries. */
  async standings(manager: EntityManager, project: ProjectRecord, policy: SelectionPolicy, enrollments: readonly EnrollmentRecord[]): Promise<ParticipantStanding[]> {
    const teacherIds = enrollments.map((e) => e.teacherId);
    const choices = await this.choicesFor(manager, project.id, [...new Set(enrollments.map((e) => e.orgPath))]);
    const selections = await this.selections.selectionsOf(manager, project.id, teacherIds);
    const levels = await this.selections.levelsOf(manager, project.id, teacherIds);
    return enrollments.map((enrollment) => {
      const choice = choices.get(enrollment.orgPath) ?? null;
      const profile = { stage: project.stage, subject: enrollment.subject, level: levels.get(enrollment.teacherId) ?? null };
      return { enrollment, choice, standing: standingOf(policy, asSchoolChoice(choice), profile, selections.get(enrollment.teacherId) ?? null) };
    });
  }
}
