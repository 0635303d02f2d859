import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal } from '@yanxiu/auth';
import { env, loadConfig } from '@yanxiu/config';
import { createLogger } from '@yanxiu/observability';
import { catalogConfigSchema } from '../catalog.config.js';
import { catalogDataSource } from '../catalog.data-source.js';
import { CourseRepository } from '../courses/course.repository.js';
import { PolicyRepository } from '../policies/policy.repository.js';
import { SavePolicyUseCase } from '../policies/save-policy.use-case.js';
import { IdentityProjectionRepository } from '../projections/identity-projection.repository.js';
import { selectionPhase } from '../projections/project.js';
import { SelectionContext } from '../selections/selection-context.js';
import { SelectionRepository } from '../selections/selection.repository.js';
import { TopicRepository } from '../topics/topic.repository.js';
import { Cataloguer, DEMO_STAGES, demoCatalogue } from './catalogue.js';

/**
 * Demo data of the local platform (`npm run platform`; never deployed): seed 003's 2024 packages A and B,
 * elective topics, courses pushed by stage and subject and the six kindergarten days, all through catalog's
 * use cases; then the demo policy of its stage (demoCatalogue) for each high-school, primary or kindergarten
 * project catalog already knows without one, until its study starts. Repeatable: what exists is found, not
 * created again; projects with a policy keep theirs. DEMO_PROJECT_IDS (identity's demo projects, comma-separated,
 * from the launcher): first wait until catalog's consumer has them.
 */
const config = loadConfig(
  'catalog-seed',
  catalogConfigSchema.pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true }).extend({ DEMO_PROJECT_IDS: env.nonEmpty().optional() }),
);
const logger = createLogger('catalog-seed', config.LOG_LEVEL);
const dataSource = await catalogDataSource(config, logger).initialize();
const expert: Principal = { subject: 'catalog-demo-seed', username: 'catalog-demo-seed', roles: ['expert'], orgPath: '/37', token: '' };

const { policyFor } = await demoCatalogue(new Cataloguer(dataSource, expert));
const projections = new IdentityProjectionRepository();
for (const projectId of config.DEMO_PROJECT_IDS?.split(',') ?? []) await untilProjected(projectId, 120_000);
const policies = new PolicyRepository();
const savePolicy = new SavePolicyUseCase(dataSource, policies, new CourseRepository(), new TopicRepository(), new SelectionContext(projections, policies, new SelectionRepository()));
const given: string[] = [];
for (const projectId of await policies.projectIdsWithoutPolicy(dataSource.manager)) {
  const project = await projections.findProject(dataSource.manager, projectId);
  if (!project || !DEMO_STAGES.includes(project.stage) || selectionPhase(project, new Date()) === 'locked') continue;
  await savePolicy.execute(expert, { projectId, rules: policyFor(project.stage), expectedRevision: 0 });
  given.push(`${project.name} (${project.id})`);
}
logger.info({ policiesSaved: given }, 'demo catalog seeded');
await dataSource.destroy();

/** Catalog hears of identity's projects over Kafka (identity's relay, then catalog's consumer): seconds on a fresh platform. */
async function untilProjected(projectId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await projections.findProject(dataSource.manager, projectId))) {
    if (Date.now() > deadline) {
      throw new Error(
        `catalog has not heard of the demo project ${projectId} within ${timeoutMs / 1000} s, so it has no course policy: identity-relay publishes it and catalog-consumer projects it (see their logs)`,
      );
    }
    await sleep(500);
  }
}
