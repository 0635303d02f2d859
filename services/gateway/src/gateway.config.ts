import { defineConfig, env, oidcKeys } from '@yanxiu/config';

export const gatewayConfigSchema = defineConfig({
  ...oidcKeys,
  HTTP_HOST: env.nonEmpty().default('127.0.0.1'),
  HTTP_PORT: env.port().default(3000),
  IDENTITY_GRPC_URL: env.nonEmpty().default('127.0.0.1:50051'),
  REPORTING_GRPC_URL: env.nonEmpty().default('127.0.0.1:50052'),
  LOG_LEVEL: env.logLevel(),
});

export type GatewayConfig = ReturnType<typeof gatewayConfigSchema.parse>;
