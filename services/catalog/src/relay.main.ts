import { startTracing } from '@yanxiu/observability/tracing';

startTracing('catalog-relay');
const { env, loadConfig } = await import('@yanxiu/config');
const { z } = await import('zod');
const { createKafka, OutboxRelay } = await import('@yanxiu/messaging');
const { createLogger, startOpsServer } = await import('@yanxiu/observability');
const { catalogConfigSchema } = await import('./catalog.config.js');
const { catalogDataSource } = await import('./catalog.data-source.js');
const { PolicyRepository } = await import('./policies/policy.repository.js');
const { IdentityProjectionRepository } = await import('./projections/identity-projection.repository.js');
const { LockSelectionsJob } = await import('./selections/lock-selections.job.js');
const { SelectionContext } = await import('./selections/selection-context.js');
const { SelectionRepository } = await import('./selections/selection.repository.js');

/**
 * Publishes catalog's outbox to Kafka, and runs the lock sweep that publishes the final counted courses
 * once a project's study starts. Its own process so the API scales apart from it (one or two replicas suffice).
 */
const config = loadConfig(
  'catalog-relay',
  catalogConfigSchema
    .pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, KAFKA_BROKERS: true, KAFKA_CLIENT_ID: true, LOG_LEVEL: true, HTTP_HOST: true })
    // Its own port for /metrics and /health: the API's default would collide on one host.
    .extend({ HTTP_PORT: env.port().default(3104), LOCK_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000) }),
);
const logger = createLogger('catalog-relay', config.LOG_LEVEL);
const dataSource = await catalogDataSource(config, logger).initialize();
const relay = new OutboxRelay({ dataSource, kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger }), logger });
await relay.start();
const lockSweep = new LockSelectionsJob(dataSource, new SelectionContext(new IdentityProjectionRepository(), new PolicyRepository(), new SelectionRepository()), { logger });
lockSweep.start(config.LOCK_SWEEP_INTERVAL_MS);
const ops = await startOpsServer({ port: config.HTTP_PORT, host: config.HTTP_HOST, checks: [{ name: 'database', check: () => dataSource.query('SELECT 1') }] });
logger.info({ http: ops.port }, 'catalog relay started');

const shutdown = async () => {
  await lockSweep.stop();
  await relay.stop();
  await ops.close();
  await dataSource.destroy();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
