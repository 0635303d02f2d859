import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { toEventHeaders } from '../event-headers.js';
import { streamPendingMessages, streamProducedMessages } from './stream-metrics.js';
import { captureTraceContext } from '../trace-context.js';

/** A message for a high-volume stream: like an outbox event, but sent straight to Kafka. */
export interface StreamMessage {
  key: string;
  type: string;
  version: number;
  subject: string;
  payload: Uint8Array;
}

export interface BatchingProducerOptions {
  kafka: Kafka;
  logger: Logger;
  topic: string;
  /** Who produces, for the `producer` header. */
  producer: string;
  /** How long a message waits for others to share its produce request. */
  lingerMs?: number;
  /** Messages per produce request at most. */
  maxBatchMessages?: number;
  /** Messages accepted but not yet acknowledged at most; beyond it `send` refuses at once (backpressure). */
  maxPendingMessages?: number;
  /** How long the broker may take to acknowledge a request. */
  requestTimeoutMs?: number;
}

/** `send` refused a message because too many are waiting for Kafka: the caller should answer 503 and let the client retry. */
export class ProducerOverloadedError extends Error {
  constructor(topic: string, pending: number) {
    super(`${pending} messages for ${topic} are waiting for Kafka; refusing more until they are acknowledged`);
    this.name = 'ProducerOverloadedError';
  }
}

interface Waiting {
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Sends messages straight to Kafka (no outbox) for streams whose producer owns no database row, e.g.
 * the gateway's heartbeats. Messages lingering up to `lingerMs` share one produce request, and many
 * requests can be in flight, so callers may `await send()` per message without a round trip each.
 *
 * `send` resolves only when all in-sync replicas acknowledged the request carrying the message
 * (acks = -1), and rejects when the request failed after kafkajs' retries: nothing is lost silently,
 * the caller learns which messages to have resent. Not idempotent and not ordered: a retried request
 * may write a message twice, and concurrent requests may interleave — fit only for streams whose
 * consumers apply messages idempotently and in any order.
 */
export class BatchingProducer {
  private readonly lingerMs: number;
  private readonly maxBatchMessages: number;
  private readonly maxPendingMessages: number;
  private readonly requestTimeoutMs: number;
  private producer: Producer | undefined;
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly readPending = () => Promise.resolve(this.pending);

  constructor(private readonly options: BatchingProducerOptions) {
    this.lingerMs = options.lingerMs ?? 5;
    this.maxBatchMessages = options.maxBatchMessages ?? 500;
    this.maxPendingMessages = options.maxPendingMessages ?? 50_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  async start(): Promise<void> {
    if (this.producer) throw new Error(`BatchingProducer(${this.options.topic}).start: already started`);
    const producer = this.options.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    this.producer = producer;
    streamPendingMessages.readers.add(this.readPending);
  }

  get started(): boolean {
    return this.producer !== undefined;
  }

  /** Resolves once Kafka acknowledged the message; rejects with ProducerOverloadedError or the send failure. */
  send(message: StreamMessage): Promise<void> {
    const { topic, producer } = this.options;
    if (!this.producer) return Promise.reject(new Error(`BatchingProducer(${topic}).send: not started`));
    if (this.pending >= this.maxPendingMessages) {
      streamProducedMessages.inc({ topic, outcome: 'refused' });
      return Promise.reject(new ProducerOverloadedError(topic, this.pending));
    }
    const { traceparent, tracestate } = captureTraceContext();
    const headers = toEventHeaders({ id: randomUUID(), type: message.type, version: message.version, subject: message.subject, occurredAt: new Date(), producer, traceparent, tracestate });
    const payload = Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ message: { key: message.key, value: payload, headers }, resolve, reject });
      this.pending += 1;
      if (this.waiting.length >= this.maxBatchMessages) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  /** Sends what is waiting, waits for every request in flight, then disconnects. */
  async stop(): Promise<void> {
    streamPendingMessages.readers.delete(this.readPending);
    this.flush();
    await Promise.allSettled([...this.inFlight]);
    await this.producer?.disconnect();
    this.producer = undefined;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const producer = this.producer;
    const { topic, logger } = this.options;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatchMessages);
      const request = (producer ? producer.send({ topic, acks: -1, timeout: this.requestTimeoutMs, messages: batch.map((w) => w.message) }) : Promise.reject(new Error(`BatchingProducer(${topic}): stopped`)))
        .then(
          () => {
            streamProducedMessages.inc({ topic, outcome: 'acknowledged' }, batch.length);
            for (const w of batch) w.resolve();
          },
          (error: unknown) => {
            streamProducedMessages.inc({ topic, outcome: 'failed' }, batch.length);
            logger.error({ err: error, topic, messages: batch.length }, 'batching producer: a produce request failed; its senders are told to retry');
            for (const w of batch) w.reject(error);
          },
        )
        .finally(() => {
          this.pending -= batch.length;
          this.inFlight.delete(request);
        });
      this.inFlight.add(request);
    }
  }
}
