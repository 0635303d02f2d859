import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { Partitioners, type Kafka, type Message } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { TestDatabase } from '@yanxiu/database';
import { toEventHeaders } from '../src/event-headers.js';
import { deadLetterTopic, enqueueEvents, ensureTopics, EventConsumer, type EventHandler, type OutgoingEvent } from '../src/index.js';
import { drainOutbox } from '../src/testing.js';
import { count, counters, headersOf, migratedDatabase, readTopic, silent, testKafka, topicMessageCount, unique, waitFor } from './integration-support.js';

const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
// Per test: jest ignores the preset's per-project testTimeout.
const TIMEOUT_MS = 60_000;

describe('outbox and inbox against MariaDB and Kafka', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    ({ db, dataSource } = await migratedDatabase('messaging'));
    kafka = testKafka();
  }, TIMEOUT_MS);

  afterAll(async () => {
    await db?.drop();
    context.disable();
    propagation.disable();
  });

  /** Topic `test.<name>.<random>.v1` and its DLQ, one partition each so order is observable. */
  async function createTopic(name: string): Promise<string> {
    const topic = `${unique(`test.${name}`)}.v1`;
    await ensureTopics(kafka, [
      { topic, numPartitions: 1 },
      { topic: deadLetterTopic(topic), numPartitions: 1 },
    ]);
    return topic;
  }

  async function produceRaw(topic: string, messages: Message[]): Promise<void> {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic, messages });
    } finally {
      await producer.disconnect();
    }
  }

  function rawEvent(id: string, subject: string): Message {
    return {
      key: subject,
      value: Buffer.from(subject),
      headers: toEventHeaders({ id, type: 'test.raw', version: 1, subject, occurredAt: new Date(), producer: 'raw', traceparent, tracestate: null }),
    };
  }

  async function consumeUntil(topic: string, groupId: string, handler: EventHandler, applied: () => Promise<boolean>): Promise<void> {
    const consumer = new EventConsumer({ kafka, dataSource, logger: silent, groupId, topics: [topic], handler, retryBackoffMs: 20 });
    await consumer.start();
    try {
      await waitFor(`consumer ${groupId} to apply the events`, applied, (done) => done, 30_000);
    } finally {
      await consumer.stop();
    }
  }

  const increment: EventHandler = async (event, manager) => {
    await manager.query('INSERT INTO counters (k, n) VALUES (?, 1) ON DUPLICATE KEY UPDATE n = n + 1', [event.subject]);
  };

  it('publishes a committed event once with every header, and nothing of a rolled-back one', async () => {
    const topic = await createTopic('published');
    const event = (subject: string): OutgoingEvent => ({ topic, key: 'teacher-1', type: 'test.published', version: 2, subject, payload: new Uint8Array([0, 255, 7]) });

    await expect(
      dataSource.transaction(async (manager) => {
        await enqueueEvents(manager, 'tests', [event('rolled-back')]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const [id] = await context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), () =>
      dataSource.transaction((manager) => enqueueEvents(manager, 'tests', [event('committed')])),
    );

    await drainOutbox({ dataSource, kafka, logger: silent });

    expect(await topicMessageCount(kafka, topic)).toBe(1);
    const [message] = await readTopic(kafka, topic, 1);
    expect(message?.key?.toString()).toBe('teacher-1');
    expect(message?.value).toEqual(Buffer.from([0, 255, 7]));
    const headers = headersOf(message);
    expect(headers).toEqual({
      'event-id': id,
      'event-type': 'test.published',
      'event-version': '2',
      'occurred-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
      producer: 'tests',
      subject: 'committed',
      traceparent,
    });
    expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM outbox WHERE event_id = ? AND published_at IS NOT NULL', [id])).toBe(1);
  }, TIMEOUT_MS);

  it('applies an event delivered twice only once, inside its producer trace', async () => {
    const topic = await createTopic('duplicate');
    const groupId = unique('dedupe');
    const duplicate = rawEvent('5f0c6a3e-8d0b-4c55-9d57-6f2a1e0b7c11', 'dup');
    await produceRaw(topic, [duplicate, duplicate, rawEvent('5f0c6a3e-8d0b-4c55-9d57-6f2a1e0b7c12', 'sentinel')]);

    const traceIds: Array<string | undefined> = [];
    await consumeUntil(
      topic,
      groupId,
      async (event, manager) => {
        traceIds.push(trace.getSpanContext(context.active())?.traceId);
        await increment(event, manager);
      },
      async () => (await counters(dataSource)).sentinel === 1,
    );

    expect(await counters(dataSource)).toMatchObject({ dup: 1, sentinel: 1 });
    expect(traceIds).toEqual([spanContext.traceId, spanContext.traceId]);
    expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM inbox WHERE consumer_group = ?', [groupId])).toBe(2);
  }, TIMEOUT_MS);

  it('applies consecutive events in shared transactions, and one failing event costs only itself', async () => {
    const topic = await createTopic('group-commit');
    const groupId = unique('group-commit');
    const id = (i: number) => `7a1d3c52-0b6e-4f1a-8c3d-${i.toString(16).padStart(12, '0')}`;
    // 250 events, one of which never applies; a duplicate delivery of an earlier one near the end.
    const messages = Array.from({ length: 250 }, (_, i) => rawEvent(id(i), i === 120 ? 'poison' : 'group-sum'));
    messages.push(rawEvent(id(3), 'group-sum'), rawEvent(id(250), 'group-sentinel'));
    await produceRaw(topic, messages);

    const transactions = new Set<unknown>();
    let poisonAttempts = 0;
    await consumeUntil(
      topic,
      groupId,
      async (event, manager) => {
        transactions.add(manager.queryRunner);
        if (event.subject === 'poison') {
          poisonAttempts += 1;
          throw new Error('cannot apply poison');
        }
        await increment(event, manager);
      },
      async () => (await counters(dataSource))['group-sentinel'] === 1,
    );

    expect(await counters(dataSource)).toMatchObject({ 'group-sum': 249, 'group-sentinel': 1 });
    expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM inbox WHERE consumer_group = ?', [groupId])).toBe(250);
    // Once in its group, then the one-by-one attempts; its group's other events are applied once.
    expect(poisonAttempts).toBe(4);
    // Group commit: far fewer transactions than events (the failed group is retried one by one: ~100 more).
    expect(transactions.size).toBeLessThan(130);
    const [parked] = await readTopic(kafka, deadLetterTopic(topic), 1);
    expect(headersOf(parked)).toMatchObject({ 'event-id': id(120), 'dlq-original-offset': '120' });
  }, TIMEOUT_MS);

  it('parks a message that keeps failing, and one without an event id, then carries on', async () => {
    const topic = await createTopic('poison');
    const groupId = unique('dlq');
    const withoutId = { ...rawEvent('5f0c6a3e-8d0b-4c55-9d57-6f2a1e0b7c21', 'no-id'), headers: { 'event-type': 'test.raw' } };
    await produceRaw(topic, [rawEvent('5f0c6a3e-8d0b-4c55-9d57-6f2a1e0b7c20', 'poison'), withoutId, rawEvent('5f0c6a3e-8d0b-4c55-9d57-6f2a1e0b7c22', 'good')]);

    let poisonAttempts = 0;
    await consumeUntil(
      topic,
      groupId,
      async (event, manager) => {
        if (event.subject === 'poison') {
          poisonAttempts += 1;
          throw new Error('cannot apply poison');
        }
        await increment(event, manager);
      },
      async () => (await counters(dataSource)).good === 1,
    );

    expect(poisonAttempts).toBe(3);
    expect(await counters(dataSource)).not.toHaveProperty('poison');
    const [poison, invalid] = await readTopic(kafka, deadLetterTopic(topic), 2);
    expect(poison?.key?.toString()).toBe('poison');
    expect(poison?.value?.toString()).toBe('poison');
    expect(headersOf(poison)).toMatchObject({
      'event-id': '5f0c6a3e-8d0b-4c55-9d57-6f2a1e0b7c20',
      traceparent,
      'dlq-error': 'failed 3 times: Error: cannot apply poison',
      'dlq-consumer-group': groupId,
      'dlq-original-offset': '0',
    });
    expect(headersOf(invalid)).toMatchObject({ 'dlq-error': expect.stringContaining('event-id is missing') as unknown, 'dlq-original-offset': '1' });

    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(committed?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '3' })]);
    } finally {
      await admin.disconnect();
    }
    // Parked events are not in the inbox, so replaying them from the DLQ later applies them.
    expect(await count(dataSource, 'SELECT COUNT(*) AS n FROM inbox WHERE consumer_group = ?', [groupId])).toBe(1);
  }, TIMEOUT_MS);
});
