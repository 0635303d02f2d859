import { startTracing } from '@yanxiu/observability/tracing';

startTracing('catalog-relay');
const { env, loadConfig } = await import('@yanxiu/config');
const { z } = await import('zod');
const { createKafka, OutboxRelay, runWorkerProcess } = await import('@yanxiu/messaging');
const { createLogger } = await import('@yanxiu/observability');
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
const lockSweep = new LockSelectionsJob(dataSource, new SelectionContext(new IdentityProjectionRepository(), new PolicyRepository(), new SelectionRepository()), { logger });
await runWorkerProcess({
  name: 'catalog-relay',
  logger,
  dataSource,
  http: { port: config.HTTP_PORT, host: config.HTTP_HOST },
  parts: [relay, { start: () => lockSweep.start(config.LOCK_SWEEP_INTERVAL_MS), stop: () => lockSweep.stop() }],
});
