import { databaseKeys, defineConfig, env, kafkaKeys, oidcKeys } from '@yanxiu/config';

export const identityConfigSchema = defineConfig(
  {
    ...databaseKeys,
    ...kafkaKeys,
    ...oidcKeys,
    HTTP_HOST: env.nonEmpty().default('127.0.0.1'),
    HTTP_PORT: env.port().default(3101),
    GRPC_URL: env.nonEmpty().default('127.0.0.1:50051'),
    LOG_LEVEL: env.logLevel(),
    /** AES-256 key for ID numbers and phones at rest. */
    PERSONAL_DATA_KEY: env.key256(),
    /** HMAC key for the ID-number lookup hash; separate so one leak doesn't give both. */
    PERSONAL_DATA_HASH_KEY: env.key256(),
  },
  ['DB_PASSWORD', 'PERSONAL_DATA_KEY', 'PERSONAL_DATA_HASH_KEY'],
);

export type IdentityConfig = ReturnType<typeof identityConfigSchema.parse>;
