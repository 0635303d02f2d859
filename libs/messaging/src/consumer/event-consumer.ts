import { context } from '@opentelemetry/api';
import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { decodeHeaders, parseEventHeaders } from '../event-headers.js';
import { consumerEvents, type ConsumerLag } from '../metrics.js';
import { mysqlErrorCode } from '../mysql-error.js';
import { pause } from '../pause.js';
import { contextFromHeaders } from '../trace-context.js';
import { ConsumerConnection } from './consumer-connection.js';
import { describeError, parkOnDeadLetterTopic } from './dead-letter.js';
import { failureAction } from './failure-action.js';

export interface IncomingEvent {
  id: string;
  type: string;
  version: number;
  subject: string;
  occurredAt: Date;
  producer: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  payload: Uint8Array;
  headers: Readonly<Record<string, string>>;
}

/** Applies one event using `manager`, whose transaction also records the event in the inbox. */
export type EventHandler = (event: IncomingEvent, manager: EntityManager) => Promise<void>;

export interface EventConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  logger: Logger;
  groupId: string;
  topics: string[];
  handler: EventHandler;
  /** Attempts per message before it is parked on the DLQ. */
  maxAttempts?: number;
  /** Wait before the second attempt; doubles for each further one. */
  retryBackoffMs?: number;
  /**
   * Where a group without committed offsets starts. Defaults to the beginning: a consumer
   * deployed after its producer must still see the events already published.
   */
  fromBeginning?: boolean;
  /** How long the group waits for a silent member (a crashed pod) before reassigning its partitions. */
  sessionTimeoutMs?: number;
  /**
   * Consecutive messages of a partition applied in one transaction (group commit). A replay of a
   * projection then costs a commit per group, not per event; a group that fails is applied again
   * message by message, so retries and dead letters still concern one message. 1 turns it off.
   */
  maxEventsPerTransaction?: number;
}

// Committing after every message would cost a broker round trip per event. A crash redelivers at
// most this much, and the inbox skips what was already applied.
const COMMIT_EVERY_MESSAGES = 100;
const COMMIT_EVERY_MS = 1000;
/**
 * Each statement sees what is committed when it runs. At REPEATABLE READ the first plain read of a
 * group's first event would fix the snapshot for the whole group, and a later event's reads (after
 * its own locks) would miss what other transactions committed meanwhile.
 */
const HANDLER_ISOLATION = 'READ COMMITTED';

/**
 * Consumes events effectively once: each message is applied in one database transaction together
 * with its inbox row, and its offset is committed only after that transaction commits.
 */
export class EventConsumer {
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;
  private readonly fromBeginning: boolean;
  private readonly maxEventsPerTransaction: number;
  private readonly stopping = new AbortController();
  private connection: ConsumerConnection | undefined;

  constructor(private readonly options: EventConsumerOptions) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryBackoffMs = options.retryBackoffMs ?? 200;
    this.fromBeginning = options.fromBeginning ?? true;
    this.maxEventsPerTransaction = options.maxEventsPerTransaction ?? 100;
    for (const [name, value] of [['maxAttempts', this.maxAttempts], ['maxEventsPerTransaction', this.maxEventsPerTransaction]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`EventConsumer(${options.groupId}): ${name} must be a positive integer, got ${value}`);
    }
  }

  async start(): Promise<void> {
    if (this.connection) throw new Error(`EventConsumer(${this.options.groupId}).start: already started`);
    const { kafka, groupId, topics, sessionTimeoutMs } = this.options;
    this.connection = new ConsumerConnection({ kafka, groupId, topics, fromBeginning: this.fromBeginning, sessionTimeoutMs });
    await this.connection.start({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // With autoCommit off, these only drive commitOffsetsIfNecessary() below.
      autoCommitThreshold: COMMIT_EVERY_MESSAGES,
      autoCommitInterval: COMMIT_EVERY_MS,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
  }

  /** Lets the message in flight finish, commits what was applied, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.connection?.stop();
  }

  /** Per partition of the subscribed topics: messages the group has not committed yet (what KEDA scales on). */
  async lag(): Promise<ConsumerLag[]> {
    if (!this.connection) throw new Error(`EventConsumer(${this.options.groupId}).lag: start() was not called`);
    return this.connection.lag();
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    for (let start = 0; start < batch.messages.length; ) {
      if (!payload.isRunning() || payload.isStale()) break;
      const group = batch.messages.slice(start, start + this.maxEventsPerTransaction);
      const applied = group.length > 1 && (await this.applyGroup(batch.topic, batch.partition, group));
      const settled = applied ? group.length : await this.consumeOneByOne(payload, group);
      if (settled === 0) break;
      // Only now are the effects committed in the database; the offsets may follow.
      payload.resolveOffset(group[settled - 1]!.offset);
      await payload.commitOffsetsIfNecessary();
      await payload.heartbeat();
      if (settled < group.length) break;
      start += settled;
    }
    // After a rebalance the partition may belong to another member; its commit would be rejected.
    if (!payload.isStale()) await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
  }

  /** The slow path: each message in its own transaction, with retries and dead letters. How many were settled, in order. */
  private async consumeOneByOne(payload: EachBatchPayload, messages: KafkaMessage[]): Promise<number> {
    const { topic, partition } = payload.batch;
    let settled = 0;
    for (const message of messages) {
      if (!payload.isRunning() || payload.isStale()) break;
      if (!(await this.consumeMessage(topic, partition, message))) break;
      payload.resolveOffset(message.offset);
      settled += 1;
      await payload.heartbeat();
    }
    return settled;
  }

  /**
   * Applies consecutive messages in one transaction, each with its inbox row. False (nothing
   * committed) if any message is malformed or any handler fails: the caller then takes them one by one.
   */
  private async applyGroup(topic: string, partition: number, messages: KafkaMessage[]): Promise<boolean> {
    const events: IncomingEvent[] = [];
    for (const message of messages) {
      const read = this.toEvent(topic, partition, message);
      if (!read.ok) return false;
      events.push(read.event);
    }
    try {
      const outcomes = await this.options.dataSource.transaction(HANDLER_ISOLATION, async (manager) => {
        const done: ('applied' | 'duplicate')[] = [];
        for (const event of events) done.push(await this.applyIn(manager, event));
        return done;
      });
      for (const outcome of outcomes) consumerEvents.inc({ group: this.options.groupId, topic, outcome });
      return true;
    } catch (error) {
      this.options.logger.debug({ groupId: this.options.groupId, topic, partition, from: messages[0]!.offset, err: error }, 'event consumer: a group failed; applying its messages one by one');
      return false;
    }
  }

  /** Applies or parks the message; false if stopping interrupted its retries (it will be redelivered). */
  private async consumeMessage(topic: string, partition: number, message: KafkaMessage): Promise<boolean> {
    const read = this.toEvent(topic, partition, message);
    if (!read.ok) {
      await this.deadLetter(topic, partition, message, read.headers, read.reason);
      return true;
    }
    const { event } = read;

    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await this.applyOnce(event);
        consumerEvents.inc({ group: this.options.groupId, topic, outcome });
        return true;
      } catch (error) {
        const action = failureAction(error, attempt, this.maxAttempts);
        const where = { groupId: this.options.groupId, topic, partition, offset: message.offset, eventId: event.id, eventType: event.type, attempt };
        switch (action) {
          case 'retry':
            this.options.logger.warn({ ...where, err: error }, 'event consumer: handler failed; retrying');
            await pause(this.retryBackoffMs * 2 ** (attempt - 1), this.stopping.signal);
            if (this.stopping.signal.aborted) return false;
            break;
          case 'dead-letter':
            await this.deadLetter(topic, partition, message, event.headers, `failed ${attempt} times: ${describeError(error)}`);
            return true;
          case 'fail-batch':
            throw new Error(`event consumer ${this.options.groupId}: ${topic}[${partition}]@${message.offset} (event ${event.id}) not applied: database unavailable`, { cause: error });
        }
      }
    }
  }

  /** The message as an event, or why its headers are not an event's (it belongs on the DLQ). */
  private toEvent(topic: string, partition: number, message: KafkaMessage): { ok: true; event: IncomingEvent } | { ok: false; reason: string; headers: Record<string, string> } {
    const headers = decodeHeaders(message.headers);
    const parsed = parseEventHeaders(headers);
    if (!parsed.ok) return { ok: false, reason: parsed.reason, headers };
    const { metadata } = parsed;
    const event: IncomingEvent = {
      id: metadata.id,
      type: metadata.type,
      version: metadata.version,
      subject: metadata.subject,
      occurredAt: metadata.occurredAt,
      producer: metadata.producer,
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      payload: message.value ?? new Uint8Array(),
      headers,
    };
    return { ok: true, event };
  }

  private applyOnce(event: IncomingEvent): Promise<'applied' | 'duplicate'> {
    return this.options.dataSource.transaction(HANDLER_ISOLATION, (manager) => this.applyIn(manager, event));
  }

  private async applyIn(manager: EntityManager, event: IncomingEvent): Promise<'applied' | 'duplicate'> {
    if (!(await this.recordInInbox(manager, event.id))) {
      this.options.logger.debug({ groupId: this.options.groupId, eventId: event.id }, 'event consumer: already applied; skipping');
      return 'duplicate';
    }
    await context.with(contextFromHeaders(event.headers), () => this.options.handler(event, manager));
    return 'applied';
  }

  /** False if this group already applied the event (the row exists, or a concurrent transaction just committed it). */
  private async recordInInbox(manager: EntityManager, eventId: string): Promise<boolean> {
    try {
      await manager.query('INSERT INTO inbox (consumer_group, event_id, processed_at) VALUES (?, ?, ?)', [this.options.groupId, eventId, new Date()]);
      return true;
    } catch (error) {
      if (mysqlErrorCode(error) === 'ER_DUP_ENTRY') return false;
      throw error;
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, headers: Record<string, string>, reason: string): Promise<void> {
    const { groupId, logger } = this.options;
    if (!this.connection) throw new Error(`EventConsumer(${groupId}): dead-letter producer missing; start() was not called`);
    await parkOnDeadLetterTopic(this.connection.deadLetters, topic, message, headers, { reason, consumerGroup: groupId, partition, offset: message.offset });
    consumerEvents.inc({ group: groupId, topic, outcome: 'dead_lettered' });
    logger.error({ groupId, topic, partition, offset: message.offset, eventId: headers['event-id'], reason }, 'event consumer: message parked on the dead-letter topic');
  }
}
