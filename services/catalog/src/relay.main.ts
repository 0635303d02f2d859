import { startTracing } from '@yanxiu/observability/tracing';

startTracing('catalog-relay');
const { env, loadConfig } = await import('@yanxiu/config');
const { createKafka, OutboxRelay } = await import('@yanxiu/messaging');
const { createLogger, startOpsServer } = await import('@yanxiu/observability');
const { catalogConfigSchema } = await import('./catalog.config.js');
const { catalogDataSource } = await import('./catalog.data-source.js');

/** Publishes catalog's outbox to Kafka; its own process so the API scales apart from it (one or two replicas suffice). */
const config = loadConfig(
  'catalog-relay',
  catalogConfigSchema
    .pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, KAFKA_BROKERS: true, KAFKA_CLIENT_ID: true, LOG_LEVEL: true, HTTP_HOST: true })
    // Its own port for /metrics and /health: the API's default would collide on one host.
    .extend({ HTTP_PORT: env.port().default(3104) }),
);
const logger = createLogger('catalog-relay', config.LOG_LEVEL);
const dataSource = await catalogDataSource(config, logger).initialize();
const relay = new OutboxRelay({ dataSource, kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger }), logger });
await relay.start();
const ops = await startOpsServer({ port: config.HTTP_PORT, host: config.HTTP_HOST, checks: [{ name: 'database', check: () => dataSource.query('SELECT 1') }] });
logger.info({ http: ops.port }, 'catalog relay started');

const shutdown = async () => {
  await relay.stop();
  await ops.close();
  await dataSource.destroy();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
