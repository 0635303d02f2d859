import { loadConfig } from '@yanxiu/config';
import { migrateDatabase } from '@yanxiu/database';
import { createLogger } from '@yanxiu/observability';
import { catalogConfigSchema } from './catalog.config.js';
import { catalogDataSource } from './catalog.data-source.js';

/** The migrate job (Helm pre-upgrade hook, local platform start): schema first, then the services. */
const config = loadConfig('catalog-migrate', catalogConfigSchema.pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true }));
const logger = createLogger('catalog-migrate', config.LOG_LEVEL);
await migrateDatabase(catalogDataSource(config, logger), logger);
