import { Kafka, logLevel, type ITopicConfig, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs' own diagnostics go here; without it they are dropped (errors still surface as rejections). */
  logger?: Logger;
}

/** The one place a kafkajs client is configured; producers and consumers come from `OutboxRelay` and `EventConsumer`. */
export function createKafka(options: KafkaOptions): Kafka {
  const { logger } = options;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...(logger ? { logLevel: logLevel.INFO, logCreator: pinoLogCreator(logger) } : { logLevel: logLevel.NOTHING }),
  });
}

function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const child = { ...fields, namespace };
      switch (level) {
        case logLevel.ERROR:
        case logLevel.NOTHING:
          logger.error(child, message);
          break;
        case logLevel.WARN:
          logger.warn(child, message);
          break;
        case logLevel.INFO:
          logger.info(child, message);
          break;
        case logLevel.DEBUG:
          logger.debug(child, message);
          break;
      }
    };
}

/**
 * Creates the topics that do not exist yet. The broker does not auto-create topics; production
 * topics are declared in deploy/kafka/topics.txt, so this is for tests and local tools.
 */
export async function ensureTopics(kafka: Kafka, topics: Array<Pick<ITopicConfig, 'topic' | 'numPartitions'>>): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
