import { defineConfig, env, kafkaKeys, oidcKeys } from '@yanxiu/config';
import { Topics } from '@yanxiu/contracts';
import { z } from 'zod';

export const gatewayConfigSchema = defineConfig({
  ...oidcKeys,
  HTTP_HOST: env.nonEmpty().default('127.0.0.1'),
  HTTP_PORT: env.port().default(3000),
  IDENTITY_GRPC_URL: env.nonEmpty().default('127.0.0.1:50051'),
  REPORTING_GRPC_URL: env.nonEmpty().default('127.0.0.1:50052'),
  CATALOG_GRPC_URL: env.nonEmpty().default('127.0.0.1:50053'),
  PROGRESS_GRPC_URL: env.nonEmpty().default('127.0.0.1:50054'),
  LOG_LEVEL: env.logLevel(),
  /** Requests per client (token, or address without one) per minute and gateway process; 429 beyond. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Clients each gateway process keeps counters for. */
  RATE_LIMIT_CLIENTS: z.coerce.number().int().min(100).default(100_000),
  // Heartbeats go straight to Kafka (services/gateway/src/heartbeats).
  ...kafkaKeys,
  KAFKA_CLIENT_ID: env.nonEmpty().default('gateway'),
  /** Where heartbeats go (another topic for a bench or a replay). */
  HEARTBEAT_TOPIC: env.nonEmpty().default(Topics.heartbeatReceived),
  /** How long a heartbeat waits for others to share its produce request. */
  HEARTBEAT_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(5),
  /** Heartbeats waiting for Kafka at most; beyond, 503 until it catches up. */
  HEARTBEAT_MAX_PENDING: z.coerce.number().int().min(100).default(50_000),
  /** Share of heartbeat requests traced (0–1); the rest get no span (main.ts reads it before the config loads). */
  HEARTBEAT_TRACE_RATIO: z.coerce.number().min(0).max(1).default(0.01),
});

export type GatewayConfig = ReturnType<typeof gatewayConfigSchema.parse>;
