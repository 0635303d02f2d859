// Support for integration tests on the local stack (`@yanxiu/messaging/testing`): events as a handler
// receives them, the outbox published through a real relay, a test's own events consumed from shared
// topics. Only tests import it (eslint refuses it elsewhere).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { EventConsumer, type EventHandler, type IncomingEvent } from './consumer/event-consumer.js';
import { createKafka } from './kafka.js';
import { OutboxRelay } from './outbox/outbox-relay.js';

// Generous: a new group replays every topic's history, and a broker restart (fault tests run on the same stack) costs a rebalance.
const KAFKA_TIMEOUT_MS = 150_000;

/** An event as EventConsumer hands it to a handler, to apply a projection without Kafka. */
export const incomingEvent = (topic: string, payload: Uint8Array): IncomingEvent => ({
  id: randomUUID(),
  type: 'test',
  version: 1,
  subject: 's',
  occurredAt: new Date(),
  producer: 'test',
  topic,
  partition: 0,
  offset: '0',
  key: null,
  payload,
  headers: {},
});

/** Polls `probe` until `done` holds; fails naming `what` and the last value after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await sleep(20);
  }
}

/** A client of the local stack's Kafka (KAFKA_BROKERS, from the stack's env file) with a fresh client id. */
export function localKafka(clientIdPrefix: string, logger?: Logger): Kafka {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS not set; it comes from the local stack env file');
  return createKafka({ brokers: brokers.split(','), clientId: `${clientIdPrefix}-${randomUUID().slice(0, 8)}`, ...(logger ? { logger } : {}) });
}

/** Publishes everything in the outbox of `dataSource` through a relay, as the producing service does, then stops the relay. */
export async function drainOutbox(options: { dataSource: DataSource; kafka: Kafka; logger: Logger }): Promise<void> {
  const relay = new OutboxRelay({ ...options, pollIntervalMs: 50 });
  await relay.start();
  try {
    await waitFor('the outbox to drain', () => relay.pendingCount(), (pending) => pending === 0, KAFKA_TIMEOUT_MS);
  } finally {
    await relay.stop();
  }
}

export interface ConsumeOwnEventsOptions {
  kafka: Kafka;
  dataSource: DataSource;
  logger: Logger;
  /** A fresh group, so that it reads the topics from the beginning. */
  groupId: string;
  topics: string[];
  /** The subjects of this test's events: the topics hold other runs' events too, which the handler never sees. */
  subjects: Iterable<string>;
  /** How many distinct events of those subjects to wait for. */
  count: number;
  handler: EventHandler;
}

/** Runs an EventConsumer until `count` distinct events of `subjects` were applied; the ids handed to the handler, in order, redeliveries included. */
export async function consumeOwnEvents(options: ConsumeOwnEventsOptions): Promise<string[]> {
  const { subjects, count, handler, ...consumerOptions } = options;
  const ours = new Set(subjects);
  const applied: string[] = [];
  const consumer = new EventConsumer({
    ...consumerOptions,
    fromBeginning: true,
    handler: async (event, manager) => {
      if (!ours.has(event.subject)) return;
      applied.push(event.id);
      await handler(event, manager);
    },
  });
  await consumer.start();
  try {
    await waitFor(`${count} of this test's events to be applied`, () => Promise.resolve(new Set(applied).size), (n) => n === count, KAFKA_TIMEOUT_MS);
  } finally {
    await consumer.stop();
  }
  return applied;
}
