import { RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { describeConfig, loadConfig } from '@yanxiu/config';
import { createLogger, NestPinoLogger, recordHttpMetrics } from '@yanxiu/observability';
import { gatewayConfigSchema, type GatewayConfig } from './gateway.config.js';
import { GatewayModule } from './gateway.module.js';
import { ProblemDetailsFilter } from './problems/problem-details.filter.js';
import { registerRateLimit } from './rate-limit/rate-limit.js';

/** Builds the gateway app (tests use it in-process with a config of their own). */
export async function createGateway(config: GatewayConfig): Promise<NestFastifyApplication> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), new FastifyAdapter({ trustProxy: true }), {
    logger: new NestPinoLogger(logger),
  });
  recordHttpMetrics(app);
  await registerRateLimit(app, { perMinute: config.RATE_LIMIT_PER_MINUTE, clients: config.RATE_LIMIT_CLIENTS });
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  const openApi = new DocumentBuilder()
    .setTitle('Yanxiu provincial API')
    .setDescription('Every call needs a Keycloak access token of realm yanxiu (audience yanxiu-api). Errors are application/problem+json.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  app.enableShutdownHooks();
  return app;
}

export async function bootstrap(): Promise<void> {
  const config = loadConfig('gateway', gatewayConfigSchema);
  const app = await createGateway(config);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  createLogger('gateway', config.LOG_LEVEL).info({ config: describeConfig(gatewayConfigSchema, config) }, 'gateway ready');
}
