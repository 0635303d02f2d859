import { loadConfig } from '@yanxiu/config';
import { migrateDatabase } from '@yanxiu/database';
import { createLogger } from '@yanxiu/observability';
import { identityConfigSchema } from './identity.config.js';
import { identityDataSource } from './identity.data-source.js';

/** The migrate job (Helm pre-upgrade hook, local platform start): schema first, then the services. */
const config = loadConfig('identity-migrate', identityConfigSchema.pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, LOG_LEVEL: true }));
const logger = createLogger('identity-migrate', config.LOG_LEVEL);
await migrateDatabase(identityDataSource(config, logger), logger);
