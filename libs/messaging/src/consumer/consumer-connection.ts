import { Partitioners, type Admin, type Consumer, type ConsumerRunConfig, type Kafka, type Producer } from 'kafkajs';
import { consumerLagReaders, type ConsumerLag } from '../metrics.js';
import { readGroupLag } from './consumer-lag.js';

export interface ConsumerConnectionOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  sessionTimeoutMs: number | undefined;
  /** Fetch tuning for the group's consumer (BatchConsumer's larger fetches); kafkajs' defaults without it. */
  fetch?: { minBytes: number; maxWaitTimeInMs: number };
}

/**
 * The Kafka clients EventConsumer and BatchConsumer hold while they run: the group's consumer, an
 * idempotent producer for the dead-letter topics, and an admin client that reads the group's lag for
 * the consumer_lag metric. Created unconnected; `start` connects them.
 */
export class ConsumerConnection {
  readonly deadLetters: Producer;
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly readLag = () => this.lag();

  constructor(private readonly options: ConsumerConnectionOptions) {
    const { kafka, groupId } = options;
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    this.consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout, heartbeatInterval: Math.floor(sessionTimeout / 10), ...options.fetch });
    this.deadLetters = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    this.admin = kafka.admin();
  }

  /** Connects, subscribes and runs the consumer with `run`; from then on the lag metric reads the group. */
  async start(run: ConsumerRunConfig): Promise<void> {
    await this.deadLetters.connect();
    await this.admin.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning });
    await this.consumer.run(run);
    consumerLagReaders.add(this.readLag);
  }

  /** Leaves the group (kafkajs lets the batch in hand finish), then closes the other clients. */
  async stop(): Promise<void> {
    consumerLagReaders.delete(this.readLag);
    await this.consumer.disconnect();
    await this.deadLetters.disconnect();
    await this.admin.disconnect();
  }

  /** Per partition of the subscribed topics: messages the group has not committed yet (what KEDA scales on). */
  lag(): Promise<ConsumerLag[]> {
    const { groupId, topics, fromBeginning } = this.options;
    return readGroupLag(this.admin, groupId, topics, fromBeginning);
  }
}
