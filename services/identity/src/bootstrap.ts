import { NestFactory } from '@nestjs/core';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { describeConfig, loadConfig } from '@yanxiu/config';
import { protoFiles, protoLoaderOptions } from '@yanxiu/contracts';
import { createLogger, grpcServerMetrics, NestPinoLogger } from '@yanxiu/observability';
import { identityConfigSchema } from './identity.config.js';
import { identityDataSource } from './identity.data-source.js';
import { IdentityModule } from './identity.module.js';

/** The identity API process: gRPC for the gateway, HTTP for health and metrics. */
export async function bootstrap(): Promise<void> {
  const config = loadConfig('identity', identityConfigSchema);
  const logger = createLogger('identity', config.LOG_LEVEL);
  logger.info({ config: describeConfig(identityConfigSchema, config) }, 'starting');
  const dataSource = await identityDataSource(config, logger).initialize();

  const app = await NestFactory.create<NestFastifyApplication>(IdentityModule.forRoot(config, dataSource), new FastifyAdapter(), {
    logger: new NestPinoLogger(logger),
  });
  app.connectMicroservice<GrpcOptions>(
    { transport: Transport.GRPC, options: { package: 'yanxiu.identity.v1', protoPath: protoFiles.identityService, url: config.GRPC_URL, loader: protoLoaderOptions, channelOptions: { interceptors: [grpcServerMetrics] } } },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info({ grpc: config.GRPC_URL, http: config.HTTP_PORT }, 'identity ready');
}
