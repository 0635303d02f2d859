import { NestFactory } from '@nestjs/core';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { describeConfig, loadConfig } from '@yanxiu/config';
import { protoFiles, protoLoaderOptions } from '@yanxiu/contracts';
import { createLogger, grpcServerMetrics, NestPinoLogger } from '@yanxiu/observability';
import { catalogConfigSchema } from './catalog.config.js';
import { catalogDataSource } from './catalog.data-source.js';
import { CatalogModule } from './catalog.module.js';

/** The catalog API process: gRPC for the gateway, HTTP for health and metrics. */
export async function bootstrap(): Promise<void> {
  const config = loadConfig('catalog', catalogConfigSchema);
  const logger = createLogger('catalog', config.LOG_LEVEL);
  logger.info({ config: describeConfig(catalogConfigSchema, config) }, 'starting');
  const dataSource = await catalogDataSource(config, logger).initialize();
  const app = await NestFactory.create<NestFastifyApplication>(CatalogModule.forRoot(config, dataSource), new FastifyAdapter(), {
    logger: new NestPinoLogger(logger),
  });
  app.connectMicroservice<GrpcOptions>(
    { transport: Transport.GRPC, options: { package: 'yanxiu.catalog.v1', protoPath: protoFiles.catalogService, url: config.GRPC_URL, loader: protoLoaderOptions, channelOptions: { interceptors: [grpcServerMetrics] } } },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info({ grpc: config.GRPC_URL, http: config.HTTP_PORT }, 'catalog ready');
}
