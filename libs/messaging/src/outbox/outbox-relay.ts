import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { toEventHeaders } from '../event-headers.js';
import { outboxBacklogReaders, outboxPublishedEvents } from '../metrics.js';
import { pause } from '../pause.js';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  kafka: Kafka;
  logger: Logger;
  /** Rows read, sent and marked per transaction. */
  batchSize?: number;
  /** How long to wait after finding fewer than a full batch. */
  pollIntervalMs?: number;
}

export interface OutboxRow {
  seq: string;
  event_id: string;
  topic: string;
  message_key: string;
  event_type: string;
  event_version: number;
  subject: string;
  producer: string;
  occurred_at: Date;
  traceparent: string | null;
  tracestate: string | null;
  payload: Buffer;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Publishes outbox rows to Kafka in `seq` order and marks them published. At-least-once: a crash
 * between the send and the commit of the mark re-publishes those rows; consumers dedupe by event id.
 *
 * Several replicas may run: each batch locks its rows with a plain `FOR UPDATE` (not SKIP LOCKED),
 * so a second relay waits for the first batch to commit and then continues after it. SKIP LOCKED
 * would let two relays publish later and earlier events of one key concurrently, out of order.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly stopping = new AbortController();
  private producer: Producer | undefined;
  private loop: Promise<void> | undefined;
  private readonly readBacklog = () => this.pendingCount();

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  async start(): Promise<void> {
    if (this.loop) throw new Error('OutboxRelay.start: already started');
    const producer = this.options.kafka.producer({
      // Idempotence with one request in flight keeps each partition in send order across retries.
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    this.producer = producer;
    this.loop = this.run(producer);
    outboxBacklogReaders.add(this.readBacklog);
  }

  /** Finishes the batch in flight, then disconnects. */
  async stop(): Promise<void> {
    outboxBacklogReaders.delete(this.readBacklog);
    this.stopping.abort();
    await this.loop;
    await this.producer?.disconnect();
  }

  /** Events written but not yet published: the outbox backlog metric. */
  async pendingCount(): Promise<number> {
    const rows: Array<{ pending: string | number }> = await this.options.dataSource.query('SELECT COUNT(*) AS pending FROM outbox WHERE published_at IS NULL');
    return Number(rows[0]?.pending ?? 0);
  }

  private async run(producer: Producer): Promise<void> {
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      let published = 0;
      try {
        published = await this.publishBatch(producer);
        failures = 0;
      } catch (error) {
        failures += 1;
        this.options.logger.error({ err: error, failures }, 'outbox relay: publishing a batch failed; its rows stay unpublished and will be retried');
      }
      if (published < this.batchSize) {
        const wait = failures === 0 ? this.pollIntervalMs : Math.min(this.pollIntervalMs * 2 ** failures, MAX_BACKOFF_MS);
        await pause(wait, this.stopping.signal);
      }
    }
  }

  private async publishBatch(producer: Producer): Promise<number> {
    // The messages carry their producers' trace context in headers; tracing the relay itself would
    // let the kafkajs instrumentation overwrite `traceparent` with the relay's span, and its polling
    // would flood the traces.
    const published = await context.with(suppressTracing(context.active()), () =>
      // READ COMMITTED: lock only the rows read, no gap locks that would block services inserting into the outbox.
      this.options.dataSource.transaction('READ COMMITTED', async (manager) => {
        const rows = await this.lockOldestUnpublished(manager);
        if (rows.length === 0) return rows;
        await producer.sendBatch({ acks: -1, topicMessages: toTopicMessages(rows) });
        await manager.query('UPDATE outbox SET published_at = ? WHERE seq IN (?)', [new Date(), rows.map((row) => row.seq)]);
        return rows;
      }),
    );
    for (const { topic } of published) outboxPublishedEvents.inc({ topic });
    return published.length;
  }

  private lockOldestUnpublished(manager: EntityManager): Promise<OutboxRow[]> {
    return manager.query(
      `SELECT seq, event_id, topic, message_key, event_type, event_version, subject, producer, occurred_at, traceparent, tracestate, payload
       FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ? FOR UPDATE`,
      [this.batchSize],
    );
  }
}

/** Groups rows by topic, keeping `seq` order inside each topic (and so inside each key). */
export function toTopicMessages(rows: readonly OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const message: Message = {
      key: row.message_key,
      value: row.payload,
      headers: toEventHeaders({
        id: row.event_id,
        type: row.event_type,
        version: row.event_version,
        subject: row.subject,
        occurredAt: row.occurred_at,
        producer: row.producer,
        traceparent: row.traceparent,
        tracestate: row.tracestate,
      }),
    };
    const messages = byTopic.get(row.topic);
    if (messages) messages.push(message);
    else byTopic.set(row.topic, [message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
