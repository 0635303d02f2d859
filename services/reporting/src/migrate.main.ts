import { loadConfig } from '@yanxiu/config';
import { migrateDatabase } from '@yanxiu/database';
import { createLogger } from '@yanxiu/observability';
import { reportingConfigSchema } from './reporting.config.js';
import { reportingDataSource } from './reporting.data-source.js';

/** The migrate job (Helm pre-upgrade hook, local platform start): schema first, then the services. */
const config = loadConfig('reporting-migrate', reportingConfigSchema.pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true }));
const logger = createLogger('reporting-migrate', config.LOG_LEVEL);
await migrateDatabase(reportingDataSource(config, logger), logger);
