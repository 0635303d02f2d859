import { startTracing } from '@yanxiu/observability/tracing';

startTracing('progress-consumer');
const { env, loadConfig } = await import('@yanxiu/config');
const { BatchConsumer, createKafka, EventConsumer, OutboxRelay, runWorkerProcess } = await import('@yanxiu/messaging');
const { createLogger } = await import('@yanxiu/observability');
const { progressConfigSchema, watchPolicyOf } = await import('./progress.config.js');
const { progressDataSource } = await import('./progress.data-source.js');
const { ApplyHeartbeatsUseCase } = await import('./watching/apply-heartbeats.use-case.js');
const { WatchStateRepository } = await import('./watching/watch-state.repository.js');
const { ProgressEvaluator } = await import('./completion/progress-evaluator.js');
const { ProgressRepository } = await import('./completion/progress.repository.js');
const { PendingEvaluations } = await import('./completion/pending-evaluations.js');
const { CreditRepository } = await import('./credits/credit.repository.js');
const { FactsProjection, factTopics } = await import('./facts/facts.projection.js');
const { FactsRepository } = await import('./facts/facts.repository.js');

/**
 * Progress's stream process: heartbeats in large group-committed flushes; identity's and catalog's
 * facts through the inbox consumer; the re-evaluation queue; and the outbox relay that publishes
 * completions, qualifications and credits (also those written by the API process). Scaled by
 * consumer lag, apart from the query API; more replicas than the heartbeat topic's 12 partitions sit idle.
 */
const config = loadConfig(
  'progress-consumer',
  progressConfigSchema
    .omit({ OIDC_ISSUER: true, OIDC_AUDIENCE: true, OIDC_JWKS_URL: true, GRPC_URL: true })
    // Its own port for /metrics and /health: the API's default would collide on one host.
    .extend({ HTTP_PORT: env.port().default(3110) }),
);
const logger = createLogger('progress-consumer', config.LOG_LEVEL);
const dataSource = await progressDataSource(config, logger).initialize();
const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
const states = new WatchStateRepository();
const evaluator = new ProgressEvaluator(states, new ProgressRepository(), new CreditRepository());
const applyHeartbeats = new ApplyHeartbeatsUseCase(dataSource, states, watchPolicyOf(config), evaluator);
const heartbeats = new BatchConsumer({
  kafka,
  logger,
  groupId: `${config.KAFKA_GROUP_ID}-heartbeats`,
  topics: [config.HEARTBEAT_TOPIC],
  apply: (records) => applyHeartbeats.execute(records),
  lingerMs: config.HEARTBEAT_FLUSH_LINGER_MS,
  maxFlushRecords: config.HEARTBEAT_FLUSH_MAX_RECORDS,
  minBytes: config.HEARTBEAT_FETCH_MIN_BYTES,
  maxWaitTimeInMs: config.HEARTBEAT_FETCH_MAX_WAIT_MS,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
});
const projection = new FactsProjection(new FactsRepository(), states, evaluator);
const facts = new EventConsumer({
  kafka,
  dataSource,
  logger,
  groupId: config.KAFKA_GROUP_ID,
  topics: factTopics,
  handler: (event, manager) => projection.apply(event, manager),
  fromBeginning: true,
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
});
const pending = new PendingEvaluations(dataSource, states, evaluator, logger);
const relay = new OutboxRelay({ dataSource, kafka, logger });
await runWorkerProcess({ name: 'progress-consumer', logger, dataSource, http: { port: config.HTTP_PORT, host: config.HTTP_HOST }, parts: [relay, facts, heartbeats, pending] });
