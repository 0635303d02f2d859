import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { TestDatabase } from '@yanxiu/database';
import { deadLetterTopic, ensureTopics, OutboxRelay } from '../src/index.js';
import { count, counters, enqueueSequences, migratedDatabase, silent, startFixture, testKafka, topicMessageCount, unique, waitFor } from './integration-support.js';

const KEYS = Array.from({ length: 10 }, (_, i) => `teacher-${i}`);
const PER_KEY = 300;
const TOTAL = KEYS.length * PER_KEY;

describe('consumer killed mid-batch', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;

  beforeAll(async () => {
    ({ db, dataSource } = await migratedDatabase('consumer_kill'));
    kafka = testKafka();
  }, 30_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('resumes after restart with nothing lost and nothing doubled', async () => {
    const topic = `${unique('test.consumer-kill')}.v1`;
    await ensureTopics(kafka, [
      { topic, numPartitions: 4 },
      { topic: deadLetterTopic(topic), numPartitions: 1 },
    ]);
    await dataSource.query(`INSERT INTO counters (k, n) VALUES ${KEYS.map(() => '(?, 0)').join(', ')}`, KEYS);
    await enqueueSequences(dataSource, topic, KEYS, PER_KEY);
    const relay = new OutboxRelay({ dataSource, kafka, logger: silent, batchSize: 500, pollIntervalMs: 50 });
    await relay.start();
    try {
      await waitFor('the backlog to be published', () => relay.pendingCount(), (pending) => pending === 0);
    } finally {
      await relay.stop();
    }

    const applied = () => count(dataSource, 'SELECT COUNT(*) AS n FROM inbox');
    const fixtureEnv = { DB_NAME: db.options.database, TOPIC: topic, GROUP_ID: unique('consumer-kill') };
    const consumer = startFixture('counting-consumer', fixtureEnv);
    const appliedAtKill = await waitFor('the consumer to apply part of the events', applied, (n) => n >= 500);
    await consumer.kill('SIGKILL');
    expect(appliedAtKill).toBeLessThan(TOTAL);

    const restarted = startFixture('counting-consumer', fixtureEnv);
    try {
      await waitFor('every event to be applied', applied, (n) => n === TOTAL, 80_000);
    } finally {
      await restarted.kill('SIGTERM');
    }

    expect(await counters(dataSource)).toEqual(Object.fromEntries(KEYS.map((key) => [key, PER_KEY])));
    expect(await topicMessageCount(kafka, deadLetterTopic(topic))).toBe(0);
  }, 110_000);
});
