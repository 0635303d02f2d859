import type { Kafka } from 'kafkajs';
import { BatchConsumer, BatchingProducer, deadLetterTopic, ensureTopics, ProducerOverloadedError, type StreamRecord } from '../src/index.js';
import { headersOf, readTopic, silent, testKafka, topicMessageCount, unique, waitFor } from './integration-support.js';

const message = (key: string, n: number) => ({ key, type: 'test.beat', version: 1, subject: key, payload: Buffer.from(String(n)) });

describe('streams on the real broker', () => {
  let kafka: Kafka;

  beforeAll(() => {
    kafka = testKafka();
  });

  it('BatchingProducer resolves each send once Kafka holds it, batching many sends into few requests', async () => {
    const topic = `${unique('test.stream-producer')}.v1`;
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const producer = new BatchingProducer({ kafka, logger: silent, topic, producer: 'stream-test', lingerMs: 20 });
    await producer.start();
    try {
      await Promise.all(Array.from({ length: 300 }, (_, i) => producer.send(message(`teacher-${i % 7}`, i))));
      // resolved means stored: the messages are on the topic before anything else is awaited
      expect(await topicMessageCount(kafka, topic)).toBe(300);
    } finally {
      await producer.stop();
    }
    const [first] = await readTopic(kafka, topic, 1);
    expect(first?.key?.toString()).toBe('teacher-0');
    expect(headersOf(first)).toMatchObject({ 'event-type': 'test.beat', 'event-version': '1', producer: 'stream-test', subject: 'teacher-0' });
    expect(headersOf(first)['event-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('BatchingProducer refuses beyond maxPendingMessages instead of buffering without bound', async () => {
    const topic = `${unique('test.stream-overload')}.v1`;
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const producer = new BatchingProducer({ kafka, logger: silent, topic, producer: 'stream-test', lingerMs: 200, maxPendingMessages: 100 });
    await producer.start();
    try {
      const sends = Array.from({ length: 150 }, (_, i) => producer.send(message('k', i)).then(() => 'stored', (e: unknown) => (e instanceof ProducerOverloadedError ? 'refused' : 'failed')));
      const outcomes = await Promise.all(sends);
      expect(outcomes.filter((o) => o === 'stored')).toHaveLength(100);
      expect(outcomes.filter((o) => o === 'refused')).toHaveLength(50);
    } finally {
      await producer.stop();
    }
  });

  it('BatchConsumer applies partitions together, commits only after apply, and parks rejected records', async () => {
    const topic = `${unique('test.stream-consumer')}.v1`;
    await ensureTopics(kafka, [
      { topic, numPartitions: 4 },
      { topic: deadLetterTopic(topic), numPartitions: 1 },
    ]);
    const producer = new BatchingProducer({ kafka, logger: silent, topic, producer: 'stream-test' });
    await producer.start();
    await Promise.all(Array.from({ length: 400 }, (_, i) => producer.send(message(`k${i % 40}`, i === 123 ? -1 : i))));
    await producer.stop();

    const seen = new Set<string>();
    let flushes = 0;
    let widestFlush = 0;
    let failOnce = true;
    const groupId = unique('stream-consumer');
    const apply = (records: readonly StreamRecord[]) => {
      flushes += 1;
      widestFlush = Math.max(widestFlush, new Set(records.map((r) => r.partition)).size);
      // The first flush fails after looking at its records: they must come again, not be lost.
      if (failOnce) {
        failOnce = false;
        return Promise.reject(new Error('database hiccup'));
      }
      const rejected = records.filter((r) => r.value.toString() === '-1').map((record) => ({ record, reason: 'negative beat' }));
      for (const r of records) if (r.value.toString() !== '-1') seen.add(r.value.toString());
      return Promise.resolve({ rejected });
    };
    const consumer = new BatchConsumer({ kafka, logger: silent, groupId, topics: [topic], apply, lingerMs: 100, retryBackoffMs: 10 });
    await consumer.start();
    try {
      await waitFor('every record applied', () => Promise.resolve(seen.size), (n) => n === 399);
      await waitFor('offsets committed', async () => (await consumer.lag()).reduce((sum, p) => sum + p.lag, 0), (lag) => lag === 0);
    } finally {
      await consumer.stop();
    }
    // group commit: one flush took several partitions' batches at once
    expect(widestFlush).toBeGreaterThan(1);
    expect(flushes).toBeLessThan(20);
    expect(await topicMessageCount(kafka, deadLetterTopic(topic))).toBe(1);
    const [parked] = await readTopic(kafka, deadLetterTopic(topic), 1);
    expect(headersOf(parked)).toMatchObject({ 'dlq-error': 'negative beat', 'dlq-consumer-group': groupId });
  }, 90_000);
});
