import { startTracing } from '@yanxiu/observability/tracing';

startTracing('catalog-consumer');
const { env, loadConfig } = await import('@yanxiu/config');
const { EventConsumer, createKafka, runWorkerProcess } = await import('@yanxiu/messaging');
const { createLogger } = await import('@yanxiu/observability');
const { catalogConfigSchema } = await import('./catalog.config.js');
const { catalogDataSource } = await import('./catalog.data-source.js');
const { IdentityEventsProjection, identityTopics } = await import('./projections/identity-events.projection.js');
const { IdentityProjectionRepository } = await import('./projections/identity-projection.repository.js');
const { PolicyRepository } = await import('./policies/policy.repository.js');
const { SelectionContext } = await import('./selections/selection-context.js');
const { SelectionRepository } = await import('./selections/selection.repository.js');

/**
 * Keeps catalog's copy of identity's orgs, projects (windows), enrollments and study groups, and republishes
 * what counts for teachers whose enrollment or study group moved; scaled by consumer lag.
 */
const config = loadConfig(
  'catalog-consumer',
  catalogConfigSchema
    .pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, KAFKA_BROKERS: true, KAFKA_CLIENT_ID: true, KAFKA_GROUP_ID: true, LOG_LEVEL: true, HTTP_HOST: true })
    // Its own port for /metrics and /health: the API's default would collide on one host.
    .extend({ HTTP_PORT: env.port().default(3105) }),
);
const logger = createLogger('catalog-consumer', config.LOG_LEVEL);
const dataSource = await catalogDataSource(config, logger).initialize();
const projections = new IdentityProjectionRepository();
const projection = new IdentityEventsProjection(projections, new SelectionContext(projections, new PolicyRepository(), new SelectionRepository()).counted);
const consumer = new EventConsumer({
  kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger }),
  dataSource,
  logger,
  groupId: config.KAFKA_GROUP_ID,
  topics: identityTopics,
  handler: (event, manager) => projection.apply(event, manager),
  fromBeginning: true,
});
await runWorkerProcess({ name: 'catalog-consumer', logger, dataSource, http: { port: config.HTTP_PORT, host: config.HTTP_HOST }, parts: [consumer] });
