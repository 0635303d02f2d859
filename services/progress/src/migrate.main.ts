import { loadConfig } from '@yanxiu/config';
import { migrateDatabase } from '@yanxiu/database';
import { createLogger } from '@yanxiu/observability';
import { progressConfigSchema } from './progress.config.js';
import { progressDataSource } from './progress.data-source.js';

/** The migrate job (Helm pre-upgrade hook, local platform start): schema first, then the services. */
const config = loadConfig('progress-migrate', progressConfigSchema.pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true }));
const logger = createLogger('progress-migrate', config.LOG_LEVEL);
await migrateDatabase(progressDataSource(config, logger), logger);
