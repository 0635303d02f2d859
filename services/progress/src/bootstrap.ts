import { NestFactory } from '@nestjs/core';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { describeConfig, loadConfig } from '@yanxiu/config';
import { protoFiles, protoLoaderOptions } from '@yanxiu/contracts';
import { createLogger, grpcServerMetrics, NestPinoLogger } from '@yanxiu/observability';
import { progressConfigSchema } from './progress.config.js';
import { progressDataSource } from './progress.data-source.js';
import { ProgressModule } from './progress.module.js';

/** The progress API process: gRPC for the gateway, HTTP for health and metrics. */
export async function bootstrap(): Promise<void> {
  const config = loadConfig('progress', progressConfigSchema);
  const logger = createLogger('progress', config.LOG_LEVEL);
  logger.info({ config: describeConfig(progressConfigSchema, config) }, 'starting');
  const dataSource = await progressDataSource(config, logger).initialize();
  const app = await NestFactory.create<NestFastifyApplication>(ProgressModule.forRoot(config, dataSource), new FastifyAdapter(), {
    logger: new NestPinoLogger(logger),
  });
  app.connectMicroservice<GrpcOptions>(
    { transport: Transport.GRPC, options: { package: 'yanxiu.progress.v1', protoPath: protoFiles.progressService, url: config.GRPC_URL, loader: protoLoaderOptions, channelOptions: { interceptors: [grpcServerMetrics] } } },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info({ grpc: config.GRPC_URL, http: config.HTTP_PORT }, 'progress ready');
}
