import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { TestDatabase } from '@yanxiu/database';
import { deadLetterTopic, ensureTopics } from '../src/index.js';
import { count, counters, enqueueSequences, migratedDatabase, startFixture, testKafka, topicMessageCount, unique, waitFor } from './integration-support.js';

const KEYS = Array.from({ length: 10 }, (_, i) => `teacher-${i}`);
const PER_KEY = 300;
const TOTAL = KEYS.length * PER_KEY;

describe('relay killed mid-backlog', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;

  beforeAll(async () => {
    ({ db, dataSource } = await migratedDatabase('relay_kill'));
    kafka = testKafka();
  }, 30_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('re-publishes after restart and every event is applied exactly once, in order per key', async () => {
    const topic = `${unique('test.relay-kill')}.v1`;
    await ensureTopics(kafka, [
      { topic, numPartitions: 4 },
      { topic: deadLetterTopic(topic), numPartitions: 1 },
    ]);
    await dataSource.query(`INSERT INTO counters (k, n) VALUES ${KEYS.map(() => '(?, 0)').join(', ')}`, KEYS);
    await enqueueSequences(dataSource, topic, KEYS, PER_KEY);

    const fixtureEnv = { DB_NAME: db.options.database, TOPIC: topic, GROUP_ID: unique('relay-kill'), BATCH_SIZE: '20' };
    const consumer = startFixture('counting-consumer', fixtureEnv);
    const published = () => count(dataSource, 'SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NOT NULL');
    try {
      const relay = startFixture('relay', fixtureEnv);
      const publishedAtKill = await waitFor('the relay to publish part of the backlog', published, (n) => n >= 600);
      await relay.kill('SIGKILL');
      expect(publishedAtKill).toBeLessThan(TOTAL);

      const restarted = startFixture('relay', fixtureEnv);
      try {
        await waitFor('the outbox to drain', published, (n) => n === TOTAL, 60_000);
      } finally {
        await restarted.kill('SIGTERM');
      }
      await waitFor('every event to be applied', () => count(dataSource, 'SELECT COUNT(*) AS n FROM inbox'), (n) => n === TOTAL, 60_000);
    } finally {
      await consumer.kill('SIGTERM');
    }

    expect(await counters(dataSource)).toEqual(Object.fromEntries(KEYS.map((key) => [key, PER_KEY])));
    expect(await topicMessageCount(kafka, deadLetterTopic(topic))).toBe(0);
    // At least once on the wire: whatever the killed relay sent but had not marked was sent again.
    expect(await topicMessageCount(kafka, topic)).toBeGreaterThanOrEqual(TOTAL);
  }, 110_000);
});
