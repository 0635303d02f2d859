import { databaseKeys, defineConfig, env, kafkaKeys, oidcKeys } from '@yanxiu/config';
import { Topics } from '@yanxiu/contracts';
import { z } from 'zod';

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const progressConfigSchema = defineConfig(
  {
    ...databaseKeys,
    ...kafkaKeys,
    ...oidcKeys,
    HTTP_HOST: env.nonEmpty().default('127.0.0.1'),
    HTTP_PORT: env.port().default(3109),
    GRPC_URL: env.nonEmpty().default('127.0.0.1:50054'),
    KAFKA_GROUP_ID: env.nonEmpty().default('progress'),
    LOG_LEVEL: env.logLevel(),
    // How far the player is believed (ADR 0008); operations tolerances, not yearly rules.
    WATCH_MAX_SEGMENT_SECONDS: count(30, 3600).default(300),
    WATCH_MAX_CLOCK_SKEW_SECONDS: count(0, 3600).default(120),
    WATCH_MAX_OFFLINE_DAYS: count(1, 365).default(30),
    // Heartbeat consumer: its topic (another one for replays or fault tests), how large a flush may grow
    // and how long it waits for partitions to join it.
    HEARTBEAT_TOPIC: env.nonEmpty().default(Topics.heartbeatReceived),
    HEARTBEAT_FLUSH_LINGER_MS: count(0, 5000).default(100),
    HEARTBEAT_FLUSH_MAX_RECORDS: count(100, 200_000).default(20_000),
    // A fetch waits up to a second for 1 MiB (~4000 heartbeats): under load a flush holds thousands of
    // heartbeats for a handful of statements, and the lag stays around a second (bench P3).
    HEARTBEAT_FETCH_MIN_BYTES: count(1, 50_000_000).default(1_048_576),
    HEARTBEAT_FETCH_MAX_WAIT_MS: count(10, 10_000).default(1000),
    /** How long the groups wait for a silent member (a killed pod) before giving its partitions to another. */
    KAFKA_SESSION_TIMEOUT_MS: count(6000, 300_000).default(30_000),
  },
  ['DB_PASSWORD'],
);

export type ProgressConfig = ReturnType<typeof progressConfigSchema.parse>;

export function watchPolicyOf(config: Pick<ProgressConfig, 'WATCH_MAX_SEGMENT_SECONDS' | 'WATCH_MAX_CLOCK_SKEW_SECONDS' | 'WATCH_MAX_OFFLINE_DAYS'>) {
  return { maxSegmentSeconds: config.WATCH_MAX_SEGMENT_SECONDS, maxClockSkewSeconds: config.WATCH_MAX_CLOCK_SKEW_SECONDS, maxOfflineDays: config.WATCH_MAX_OFFLINE_DAYS };
}
