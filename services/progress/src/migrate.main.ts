import { loadConfig } from '@yanxiu/config';
import { ensureDatabase, runMigrations } from '@yanxiu/database';
import { createLogger } from '@yanxiu/observability';
import { progressConfigSchema } from './progress.config.js';
import { progressDataSource } from './progress.data-source.js';

/** The migrate job (Helm pre-upgrade hook, local stack start): schema first, then the services. */
const config = loadConfig('progress-migrate', progressConfigSchema.pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true }));
const logger = createLogger('progress-migrate', config.LOG_LEVEL);
await ensureDatabase({ host: config.DB_HOST, port: config.DB_PORT, username: config.DB_USER, password: config.DB_PASSWORD, database: config.DB_NAME });
const dataSource = await progressDataSource(config, logger).initialize();
await runMigrations(dataSource);
await dataSource.destroy();
