import { loadConfig } from '@yanxiu/config';
import { ensureDatabase, runMigrations } from '@yanxiu/database';
import { createLogger } from '@yanxiu/observability';
import { reportingConfigSchema } from './reporting.config.js';
import { reportingDataSource } from './reporting.data-source.js';

/** The migrate job (Helm pre-upgrade hook, local stack start): schema first, then the services. */
const config = loadConfig('reporting-migrate', reportingConfigSchema.pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true }));
const logger = createLogger('reporting-migrate', config.LOG_LEVEL);
await ensureDatabase({ host: config.DB_HOST, port: config.DB_PORT, username: config.DB_USER, password: config.DB_PASSWORD, database: config.DB_NAME });
const dataSource = await reportingDataSource(config, logger).initialize();
await runMigrations(dataSource);
await dataSource.destroy();
