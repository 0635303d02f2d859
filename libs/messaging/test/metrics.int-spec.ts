import type { Kafka } from 'kafkajs';
import type { MetricValue } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { TestDatabase } from '@yanxiu/database';
import { metricsRegistry } from '@yanxiu/observability';
import { deadLetterTopic, ensureTopics, EventConsumer, OutboxRelay } from '../src/index.js';
import { enqueueSequences, migratedDatabase, silent, testKafka, unique, waitFor } from './integration-support.js';

const KEYS = ['teacher-1', 'teacher-2', 'teacher-3', 'teacher-4'];
const PER_KEY = 5;
const TOTAL = KEYS.length * PER_KEY;

/** The series of one metric as a scrape would see them (collect callbacks run). */
async function series(name: string): Promise<MetricValue<string>[]> {
  const metric = metricsRegistry.getSingleMetric(name);
  if (!metric) throw new Error(`metric ${name} is not registered`);
  return (await metric.get()).values;
}

async function sumOf(name: string, labels: Record<string, string>): Promise<number> {
  const matching = (await series(name)).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return matching.reduce((sum, s) => sum + s.value, 0);
}

describe('outbox and consumer metrics against MariaDB and Kafka', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;

  beforeAll(async () => {
    ({ db, dataSource } = await migratedDatabase('messaging_metrics'));
    kafka = testKafka();
  }, 30_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('reports the outbox draining, the events consumed and the lag falling to 0', async () => {
    const topic = `${unique('test.metrics')}.v1`;
    const groupId = unique('metrics');
    await ensureTopics(kafka, [
      { topic, numPartitions: 2 },
      { topic: deadLetterTopic(topic), numPartitions: 1 },
    ]);
    await enqueueSequences(dataSource, topic, KEYS, PER_KEY);

    const relay = new OutboxRelay({ dataSource, kafka, logger: silent, pollIntervalMs: 50 });
    await relay.start();
    try {
      await waitFor('the outbox gauge to read 0', () => sumOf('outbox_pending_events', {}), (pending) => pending === 0);
    } finally {
      await relay.stop();
    }
    expect(await sumOf('outbox_published_events_total', { topic })).toBe(TOTAL);

    // Held until the lag has been read with nothing committed.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const consumer = new EventConsumer({
      kafka,
      dataSource,
      logger: silent,
      groupId,
      topics: [topic],
      handler: async (event, manager) => {
        await released;
        await manager.query('INSERT INTO counters (k, n) VALUES (?, 1) ON DUPLICATE KEY UPDATE n = n + 1', [event.subject]);
      },
    });
    await consumer.start();
    try {
      expect(await sumOf('consumer_lag', { group: groupId, topic })).toBe(TOTAL);
      release();
      await waitFor('every event to be applied', () => sumOf('consumer_events_total', { group: groupId, topic, outcome: 'applied' }), (n) => n === TOTAL, 30_000);
      await waitFor('the consumer lag to reach 0', () => sumOf('consumer_lag', { group: groupId, topic }), (lag) => lag === 0, 30_000);
      const partitions = (await series('consumer_lag')).filter((s) => s.labels.group === groupId).map((s) => s.labels.partition);
      expect(partitions.sort()).toEqual([0, 1]);
    } finally {
      release();
      await consumer.stop();
    }
    expect(await sumOf('consumer_lag', { group: groupId })).toBe(0);
  }, 90_000);
});
