import { databaseKeys, defineConfig, env, kafkaKeys, oidcKeys } from '@yanxiu/config';

export const catalogConfigSchema = defineConfig(
  {
    ...databaseKeys,
    ...kafkaKeys,
    ...oidcKeys,
    HTTP_HOST: env.nonEmpty().default('127.0.0.1'),
    HTTP_PORT: env.port().default(3103),
    GRPC_URL: env.nonEmpty().default('127.0.0.1:50053'),
    KAFKA_GROUP_ID: env.nonEmpty().default('catalog'),
    LOG_LEVEL: env.logLevel(),
  },
  ['DB_PASSWORD'],
);

export type CatalogConfig = ReturnType<typeof catalogConfigSchema.parse>;
