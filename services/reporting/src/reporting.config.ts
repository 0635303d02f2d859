import { databaseKeys, defineConfig, env, kafkaKeys, oidcKeys } from '@yanxiu/config';

export const reportingConfigSchema = defineConfig(
  {
    ...databaseKeys,
    ...kafkaKeys,
    ...oidcKeys,
    HTTP_HOST: env.nonEmpty().default('127.0.0.1'),
    HTTP_PORT: env.port().default(3107),
    GRPC_URL: env.nonEmpty().default('127.0.0.1:50052'),
    KAFKA_GROUP_ID: env.nonEmpty().default('reporting'),
    LOG_LEVEL: env.logLevel(),
  },
  ['DB_PASSWORD'],
);

export type ReportingConfig = ReturnType<typeof reportingConfigSchema.parse>;
