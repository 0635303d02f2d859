import { loadConfig } from '@yanxiu/config';
import { createLogger } from '@yanxiu/observability';
import { identityConfigSchema } from '../identity.config.js';
import { identityDataSource } from '../identity.data-source.js';
import { startDemoStudy } from './demo-province.js';

/**
 * Starts the study of the demo's kindergarten project today (startDemoStudy), once catalog has its course
 * policy: `npm run platform` runs it after catalog's seed, never e2e runs. Repeatable.
 */
const config = loadConfig('identity-demo-study', identityConfigSchema.pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true }));
const logger = createLogger('identity-demo-study', config.LOG_LEVEL);
const dataSource = await identityDataSource(config, logger).initialize();
try {
  const project = await startDemoStudy(dataSource);
  logger.info(project, project.moved ? 'the demo study project starts its study today' : 'the demo study project was left as it is');
} finally {
  await dataSource.destroy();
}
