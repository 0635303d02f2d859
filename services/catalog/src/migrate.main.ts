import { loadConfig } from '@yanxiu/config';
import { ensureDatabase, runMigrations } from '@yanxiu/database';
import { createLogger } from '@yanxiu/observability';
import { catalogConfigSchema } from './catalog.config.js';
import { catalogDataSource } from './catalog.data-source.js';

/** The migrate job (Helm pre-upgrade hook, local platform start): schema first, then the services. */
const config = loadConfig('catalog-migrate', catalogConfigSchema.pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true }));
const logger = createLogger('catalog-migrate', config.LOG_LEVEL);
await ensureDatabase({ host: config.DB_HOST, port: config.DB_PORT, username: config.DB_USER, password: config.DB_PASSWORD, database: config.DB_NAME });
const dataSource = await catalogDataSource(config, logger).initialize();
await runMigrations(dataSource);
await dataSource.destroy();
