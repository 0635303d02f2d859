import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { migratedTestDatabase, type MigratedTestDatabase } from '@yanxiu/database';
import { CreateInbox1795462800001, CreateOutbox1795462800000, enqueueEvents, type OutgoingEvent } from '../src/index.js';
import { localKafka, waitFor } from '../src/testing.js';

export { waitFor };

export const silent = pino({ level: 'silent' });

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export const testKafka = (): Kafka => localKafka('messaging-test');

/** A fresh schema with the outbox, the inbox and a `counters (k, n)` table for effects. */
export async function migratedDatabase(prefix: string): Promise<MigratedTestDatabase> {
  const { db, dataSource } = await migratedTestDatabase(prefix, [CreateOutbox1795462800000, CreateInbox1795462800001]);
  await dataSource.query('CREATE TABLE counters (k VARCHAR(64) NOT NULL PRIMARY KEY, n INT NOT NULL)');
  return { db, dataSource };
}

export async function count(dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<number> {
  const rows: Array<{ n: string | number | null }> = await dataSource.query(sql, parameters);
  return Number(rows[0]?.n ?? 0);
}

export async function counters(dataSource: DataSource): Promise<Record<string, number>> {
  const rows: Array<{ k: string; n: number }> = await dataSource.query('SELECT k, n FROM counters ORDER BY k');
  return Object.fromEntries(rows.map(({ k, n }) => [k, n]));
}

/** Messages on the topic (all partitions); the idempotent producer writes no gaps, so offsets count them. */
export async function topicMessageCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Reads `expected` messages from the start of a single-partition topic, in order. */
export async function readTopic(kafka: Kafka, topic: string, expected: number): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: unique('reader') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        messages.push(message);
        return Promise.resolve();
      },
    });
    await waitFor(`${expected} messages on ${topic}`, () => Promise.resolve(messages.length), (n) => n >= expected, 30_000);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export function headersOf(message: KafkaMessage | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(message?.headers ?? {}).map(([name, value]) => [name, String(value)]));
}

/**
 * Enqueues events 1..perKey for every key (interleaved, so keys share partitions and batches),
 * each carrying its per-key sequence number as payload — what the counting consumer checks.
 */
export async function enqueueSequences(dataSource: DataSource, topic: string, keys: string[], perKey: number): Promise<void> {
  const events: OutgoingEvent[] = [];
  for (let sequence = 1; sequence <= perKey; sequence += 1) {
    for (const key of keys) events.push({ topic, key, type: 'test.counted', version: 1, subject: key, payload: Buffer.from(String(sequence)) });
  }
  for (let start = 0; start < events.length; start += 500) {
    await dataSource.transaction((manager) => enqueueEvents(manager, 'messaging-test', events.slice(start, start + 500)));
  }
}

export interface Fixture {
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts test/fixtures/<name>.mjs (which runs the built lib) as a child process. */
export function startFixture(name: 'relay' | 'counting-consumer', env: Record<string, string>): Fixture {
  const child = spawn(process.execPath, [fileURLToPath(new URL(`./fixtures/${name}.mjs`, import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
