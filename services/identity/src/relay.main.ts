import { startTracing } from '@yanxiu/observability/tracing';

startTracing('identity-relay');
const { env, loadConfig } = await import('@yanxiu/config');
const { OutboxRelay, createKafka, runWorkerProcess } = await import('@yanxiu/messaging');
const { createLogger } = await import('@yanxiu/observability');
const { identityConfigSchema } = await import('./identity.config.js');
const { identityDataSource } = await import('./identity.data-source.js');

/** Publishes identity's outbox to Kafka; its own process so the API scales apart from it (one or two replicas suffice). */
const config = loadConfig(
  'identity-relay',
  identityConfigSchema
    .pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, KAFKA_BROKERS: true, KAFKA_CLIENT_ID: true, LOG_LEVEL: true, HTTP_HOST: true })
    // Its own port for /metrics and /health: the API's default would collide on one host.
    .extend({ HTTP_PORT: env.port().default(3102) }),
);
const logger = createLogger('identity-relay', config.LOG_LEVEL);
const dataSource = await identityDataSource(config, logger).initialize();
const relay = new OutboxRelay({ dataSource, kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger }), logger });
await runWorkerProcess({ name: 'identity-relay', logger, dataSource, http: { port: config.HTTP_PORT, host: config.HTTP_HOST }, parts: [relay] });
