export { createLogger, NestPinoLogger, type Logger } from './logger.js';
export { metrics, MetricsController, metricsRegistry } from './metrics.js';
export { HealthController, HealthModule, runReadinessChecks, type ReadinessCheck, type ReadinessResult } from './health.js';
