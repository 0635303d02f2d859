import type { EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ConsumerConnection } from '../consumer/consumer-connection.js';
import { parkOnDeadLetterTopic } from '../consumer/dead-letter.js';
import { decodeHeaders } from '../event-headers.js';
import type { ConsumerLag } from '../metrics.js';
import { pause } from '../pause.js';
import { streamConsumedMessages, streamFlushes } from './stream-metrics.js';

/** One consumed message, as `apply` sees it. */
export interface StreamRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Readonly<Record<string, string>>;
}

/** Records `apply` could not use at all (e.g. undecodable): parked on `<topic>.dlq` before the offsets move on. */
export interface FlushOutcome {
  rejected: Array<{ record: StreamRecord; reason: string }>;
}

export interface BatchConsumerOptions {
  kafka: Kafka;
  logger: Logger;
  groupId: string;
  topics: string[];
  /**
   * Applies the records of one flush (several partitions at once) in as few statements as it can.
   * Must be idempotent: a crash after it and before the offset commit delivers the same records again.
   * A throw retries the whole flush.
   */
  apply: (records: readonly StreamRecord[]) => Promise<FlushOutcome>;
  /** How long a flush waits for the other partitions' batches of the same fetch. */
  lingerMs?: number;
  /** Flush at once when this many records wait. */
  maxFlushRecords?: number;
  /** Partition batches handled at once; the more, the larger each flush. */
  partitionsConsumedConcurrently?: number;
  /** The broker answers a fetch when this much data is ready or `maxWaitTimeInMs` passed: larger, fewer flushes. */
  minBytes?: number;
  maxWaitTimeInMs?: number;
  /** Attempts per flush before the batch fails and kafkajs redelivers from the committed offsets. */
  maxAttempts?: number;
  retryBackoffMs?: number;
  fromBeginning?: boolean;
  sessionTimeoutMs?: number;
}

interface Waiting {
  records: StreamRecord[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Consumes a high-volume stream in large flushes: partition batches that arrive together are applied
 * by one `apply` call (group commit), and each partition's offset is committed only after the flush
 * holding its records succeeded. With an idempotent `apply`, a crash anywhere loses nothing and
 * doubles nothing: what was not committed is delivered again and applying it again changes nothing.
 * Flushes run one at a time; batches arriving meanwhile make the next flush larger.
 */
export class BatchConsumer {
  private readonly lingerMs: number;
  private readonly maxFlushRecords: number;
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;
  private readonly fromBeginning: boolean;
  private readonly stopping = new AbortController();
  private connection: ConsumerConnection | undefined;
  private waiting: Waiting[] = [];
  private waitingRecords = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: BatchConsumerOptions) {
    this.lingerMs = options.lingerMs ?? 50;
    this.maxFlushRecords = options.maxFlushRecords ?? 20_000;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryBackoffMs = options.retryBackoffMs ?? 200;
    this.fromBeginning = options.fromBeginning ?? true;
  }

  async start(): Promise<void> {
    if (this.connection) throw new Error(`BatchConsumer(${this.options.groupId}).start: already started`);
    const { kafka, groupId, topics, sessionTimeoutMs } = this.options;
    const fetch = { minBytes: this.options.minBytes ?? 1, maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 500 };
    this.connection = new ConsumerConnection({ kafka, groupId, topics, fromBeginning: this.fromBeginning, sessionTimeoutMs, fetch });
    await this.connection.start({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 16,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
  }

  /** Finishes the flush in hand, commits it, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.connection?.stop();
  }

  /** Per partition: messages the group has not committed yet. */
  async lag(): Promise<ConsumerLag[]> {
    if (!this.connection) throw new Error(`BatchConsumer(${this.options.groupId}).lag: start() was not called`);
    return this.connection.lag();
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const last = batch.messages[batch.messages.length - 1];
    if (!last || !payload.isRunning()) return;
    const records = batch.messages.map(
      (m): StreamRecord => ({
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key?.toString() ?? null,
        value: m.value ?? Buffer.alloc(0),
        headers: decodeHeaders(m.headers),
      }),
    );
    await this.enqueue(records);
    // After a rebalance the partition may belong to another member: its commit would be refused, and the
    // flush did no harm (idempotent); the new owner reads from the last committed offset.
    if (payload.isStale()) return;
    payload.resolveOffset(last.offset);
    await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
    await payload.heartbeat();
  }

  /** Resolves when a flush holding these records has been applied (and their rejects parked). */
  private enqueue(records: StreamRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ records, resolve, reject });
      this.waitingRecords += records.length;
      if (this.waitingRecords >= this.maxFlushRecords) this.scheduleFlush();
      else this.timer ??= setTimeout(() => this.scheduleFlush(), this.lingerMs);
    });
  }

  private scheduleFlush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.waiting;
    this.waiting = [];
    this.waitingRecords = 0;
    if (group.length === 0) return;
    this.flushing = this.flushing.then(async () => {
      try {
        await this.flush(group.flatMap((w) => w.records));
        for (const w of group) w.resolve();
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    });
  }

  private async flush(records: StreamRecord[]): Promise<void> {
    const { groupId, logger } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      const stopTimer = streamFlushes.startTimer({ group: groupId });
      try {
        const { rejected } = await this.options.apply(records);
        stopTimer();
        for (const { record, reason } of rejected) await this.deadLetter(record, reason);
        const rejectedOffsets = new Set(rejected.map(({ record }) => `${record.topic}/${record.partition}/${record.offset}`));
        for (const record of records) {
          const outcome = rejectedOffsets.has(`${record.topic}/${record.partition}/${record.offset}`) ? 'dead_lettered' : 'applied';
          streamConsumedMessages.inc({ group: groupId, topic: record.topic, outcome });
        }
        return;
      } catch (error) {
        if (attempt >= this.maxAttempts || this.stopping.signal.aborted) {
          throw new Error(`batch consumer ${groupId}: a flush of ${records.length} records failed ${attempt} times; kafkajs redelivers them`, { cause: error });
        }
        logger.warn({ err: error, groupId, records: records.length, attempt }, 'batch consumer: flush failed; retrying');
        await pause(this.retryBackoffMs * 2 ** (attempt - 1), this.stopping.signal);
      }
    }
  }

  private async deadLetter(record: StreamRecord, reason: string): Promise<void> {
    const { groupId, logger } = this.options;
    if (!this.connection) throw new Error(`BatchConsumer(${groupId}): dead-letter producer missing; start() was not called`);
    await parkOnDeadLetterTopic(this.connection.deadLetters, record.topic, record, record.headers, { reason, consumerGroup: groupId, partition: record.partition, offset: record.offset });
    logger.error({ groupId, topic: record.topic, partition: record.partition, offset: record.offset, reason }, 'batch consumer: record parked on the dead-letter topic');
  }
}
