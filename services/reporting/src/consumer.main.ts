import { startTracing } from '@yanxiu/observability/tracing';

startTracing('reporting-consumer');
const { env, loadConfig } = await import('@yanxiu/config');
const { EventConsumer, createKafka, runWorkerProcess } = await import('@yanxiu/messaging');
const { createLogger } = await import('@yanxiu/observability');
const { reportingConfigSchema } = await import('./reporting.config.js');
const { reportingDataSource } = await import('./reporting.data-source.js');
const { TeacherCountProjection, teacherCountTopics } = await import('./teacher-counts/teacher-count.projection.js');
const { TeacherCountRepository } = await import('./teacher-counts/teacher-count.repository.js');

/** Builds reporting's read models from identity's events; scaled by consumer lag, apart from the query API. */
const config = loadConfig(
  'reporting-consumer',
  reportingConfigSchema
    .pick({ DB_HOST: true, DB_PORT: true, DB_USER: true, DB_PASSWORD: true, DB_NAME: true, KAFKA_BROKERS: true, KAFKA_CLIENT_ID: true, KAFKA_GROUP_ID: true, LOG_LEVEL: true, HTTP_HOST: true })
    // Its own port for /metrics and /health: the API's default would collide on one host.
    .extend({ HTTP_PORT: env.port().default(3108) }),
);
const logger = createLogger('reporting-consumer', config.LOG_LEVEL);
const dataSource = await reportingDataSource(config, logger).initialize();
const projection = new TeacherCountProjection(new TeacherCountRepository());
const consumer = new EventConsumer({
  kafka: createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger }),
  dataSource,
  logger,
  groupId: config.KAFKA_GROUP_ID,
  topics: teacherCountTopics,
  handler: (event, manager) => projection.apply(event, manager),
  fromBeginning: true,
});
await runWorkerProcess({ name: 'reporting-consumer', logger, dataSource, http: { port: config.HTTP_PORT, host: config.HTTP_HOST }, parts: [consumer] });
