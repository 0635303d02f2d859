import { NestFactory } from '@nestjs/core';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { describeConfig, loadConfig } from '@yanxiu/config';
import { protoFiles, protoLoaderOptions } from '@yanxiu/contracts';
import { createLogger, grpcServerMetrics, NestPinoLogger } from '@yanxiu/observability';
import { reportingConfigSchema } from './reporting.config.js';
import { reportingDataSource } from './reporting.data-source.js';
import { ReportingModule } from './reporting.module.js';

/** The reporting query process: gRPC for the gateway, HTTP for health and metrics. */
export async function bootstrap(): Promise<void> {
  const config = loadConfig('reporting', reportingConfigSchema);
  const logger = createLogger('reporting', config.LOG_LEVEL);
  logger.info({ config: describeConfig(reportingConfigSchema, config) }, 'starting');
  const dataSource = await reportingDataSource(config, logger).initialize();
  const app = await NestFactory.create<NestFastifyApplication>(ReportingModule.forRoot(config, dataSource), new FastifyAdapter(), {
    logger: new NestPinoLogger(logger),
  });
  app.connectMicroservice<GrpcOptions>(
    { transport: Transport.GRPC, options: { package: 'yanxiu.reporting.v1', protoPath: protoFiles.reportingService, url: config.GRPC_URL, loader: protoLoaderOptions, channelOptions: { interceptors: [grpcServerMetrics] } } },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info({ grpc: config.GRPC_URL, http: config.HTTP_PORT }, 'reporting ready');
}
