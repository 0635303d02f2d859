import type { Principal } from '@yanxiu/auth';
import { catalogPolicy, Topics } from '@yanxiu/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { assertCatalogEditor } from '../access.js';
import { publish } from '../catalog-events.js';
import { CatalogError } from '../catalog.error.js';
import type { CourseRecord } from '../courses/course.js';
import type { CourseRepository } from '../courses/course.repository.js';
import { selectionPhase } from '../projections/project.js';
import type { SelectionContext } from '../selections/selection-context.js';
import type { TopicRepository } from '../topics/topic.repository.js';
import { policyToProto } from './policy.mapper.js';
import type { PolicyRecord, PolicyRepository } from './policy.repository.js';
import { referencedIds, resolvePolicy, type CatalogLookup, type PolicyRulesInput } from './resolve-policy.js';
import { validatePolicy, type PolicyProblem } from './validate-policy.js';

/** Lists every problem, numbered, so an expert can fix them all in one go. */
export function describeProblems(problems: readonly PolicyProblem[]): string {
  return `选课规则有 ${problems.length} 处问题：${problems.map((p, i) => `(${i + 1}) ${p.where}：${p.message}`).join('；')}`;
}

/**
 * A province expert saves a project's selection policy. It is resolved against the catalog (titles
 * and hours copied), validated as a whole, and refused with every problem when it is impossible.
 * Changes are allowed until study starts; the row, its PolicySaved event and the republished counted
 * courses of every learner of the project commit together.
 */
export class SavePolicyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: PolicyRepository,
    private readonly courses: CourseRepository,
    private readonly topics: TopicRepository,
    private readonly ctx: SelectionContext,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(principal: Principal, command: { projectId: string; rules: PolicyRulesInput; expectedRevision: number }): Promise<PolicyRecord> {
    assertCatalogEditor(principal);
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      // Exclusive: the new rules move what counts for every learner, and no choice may change meanwhile.
      const project = await this.ctx.projections.lockProject(manager, command.projectId, 'exclusive');
      if (!project) throw new CatalogError('project_not_found', `project ${command.projectId} is not known to catalog (yet): identity publishes projects as they are created`);
      if (selectionPhase(project, this.now()) === 'locked') throw new CatalogError('selection_locked', `研修已于 ${project.studyStart} 开始，选课规则不能再修改`);
      const current = await this.policies.lock(manager, command.projectId);
      if ((current?.revision ?? 0) !== command.expectedRevision) {
        throw new CatalogError('revision_conflict', `the policy of project ${command.projectId} is at revision ${current?.revision ?? 0}, not ${command.expectedRevision}: reload it and edit again`);
      }

      const { policy, problems } = resolvePolicy(command.rules, await this.lookup(manager, command.rules));
      // Derived problems of a policy naming unknown courses would only repeat the cause.
      if (problems.length === 0) problems.push(...validatePolicy(policy));
      for (const rule of policy.pushed) {
        if (rule.stage !== project.stage) problems.push({ code: 'bad_pushed_rule', where: `必修推送（${rule.stage}）`, message: `本项目是 ${project.stage} 学段，不能推送 ${rule.stage} 学段的必修课程` });
      }
      if (problems.length > 0) throw new CatalogError('policy_invalid', describeProblems(problems));

      const saved: PolicyRecord = { projectId: command.projectId, policy, revision: (current?.revision ?? 0) + 1, savedAt: new Date(), savedBy: principal.username };
      await this.policies.save(manager, saved);
      await publish(manager, [
        {
          topic: Topics.policySaved,
          key: saved.projectId,
          type: 'yanxiu.catalog.v1.PolicySaved',
          payload: catalogPolicy.PolicySaved.encode({ policy: policyToProto(saved) }).finish(),
        },
      ]);
      await this.ctx.counted.republish(manager, project, policy, null);
      return saved;
    });
  }

  private async lookup(manager: EntityManager, rules: PolicyRulesInput): Promise<CatalogLookup> {
    const ids = referencedIds(rules);
    const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
    const whole = (rules.electives?.topics ?? []).filter((t) => t.courseIds.length === 0).map((t) => t.topicId);
    const topicCourses = new Map<string, CourseRecord[]>();
    for (const c of await this.courses.activeInTopics(manager, whole)) if (c.topicId) topicCourses.set(c.topicId, [...(topicCourses.get(c.topicId) ?? []), c]);
    return {
      courses: byId(await this.courses.findByIds(manager, ids.courseIds)),
      chapters: byId(await this.topics.findChapters(manager, ids.chapterIds)),
      topics: byId(await this.topics.findTopics(manager, ids.topicIds)),
      topicCourses,
    };
  }
}

/** Policies are read by every participant (teachers see their package's chapters and hours). */
export class GetPolicyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: PolicyRepository,
  ) {}

  async execute(projectId: string): Promise<PolicyRecord> {
    const policy = await this.policies.find(this.dataSource.manager, projectId);
    if (!policy) throw new CatalogError('policy_not_found', `project ${projectId} has no selection policy yet`);
    return policy;
  }
}
