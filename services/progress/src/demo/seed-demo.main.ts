import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal } from '@yanxiu/auth';
import { env, loadConfig } from '@yanxiu/config';
import { createLogger } from '@yanxiu/observability';
import { progressConfigSchema } from '../progress.config.js';
import { progressDataSource } from '../progress.data-source.js';
import { DemoStudyRules } from './study-rules.js';

/**
 * The watching rules and the quiz of the demo's study courses (DemoStudyRules), for `npm run platform`
 * only, after identity has started the demo's kindergarten study (DEMO_STUDY_PROJECT_ID) and catalog's
 * lock sweep has published what counts for its teachers; DEMO_STUDY_TEACHER_ID (teacher-study-demo's
 * teacher) is whose list it waits for. Repeatable.
 */
const config = loadConfig(
  'progress-demo-seed',
  progressConfigSchema
    .pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true })
    .extend({ DEMO_STUDY_PROJECT_ID: env.nonEmpty(), DEMO_STUDY_TEACHER_ID: env.nonEmpty() }),
);
const logger = createLogger('progress-demo-seed', config.LOG_LEVEL);
const dataSource = await progressDataSource(config, logger).initialize();
const expert: Principal = { subject: 'progress-demo-seed', username: 'progress-demo-seed', roles: ['expert'], orgPath: '/37', token: '' };
// The lists travel identity-relay → catalog-consumer → catalog's lock sweep (every 30 s) → catalog-relay → progress-consumer.
const timeoutMs = 180_000;
try {
  const rules = new DemoStudyRules(dataSource, expert);
  const deadline = Date.now() + timeoutMs;
  let result = await rules.run(config.DEMO_STUDY_PROJECT_ID, config.DEMO_STUDY_TEACHER_ID);
  while (!result) {
    if (Date.now() > deadline) {
      throw new Error(
        `progress has no counted courses naming the demo quiz for teacher ${config.DEMO_STUDY_TEACHER_ID} in project ${config.DEMO_STUDY_PROJECT_ID} within ${timeoutMs / 1000} s: catalog's lock sweep (catalog-relay) publishes them once the study has started, progress-consumer applies them (see their logs)`,
      );
    }
    await sleep(1000);
    result = await rules.run(config.DEMO_STUDY_PROJECT_ID, config.DEMO_STUDY_TEACHER_ID);
  }
  logger.info(result, 'demo study rules seeded');
} finally {
  await dataSource.destroy();
}
