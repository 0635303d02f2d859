export { createLogger, NestPinoLogger, type Logger } from './logger.js';
export { metrics, MetricsController, metricsRegistry, type GaugeCollector } from './metrics.js';
export { HealthController, HealthModule, runReadinessChecks, type ReadinessCheck, type ReadinessResult } from './health.js';
export { recordHttpMetrics } from './http-metrics.js';
export { grpcServerMetrics } from './grpc-metrics.js';
export { startOpsServer, type OpsServer, type OpsServerOptions } from './ops-server.js';
