import { register } from 'node:module';
import { getNodeAutoInstrumentations } from './instrumentations.js';
import { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * Starts OpenTelemetry before the service's own modules load. It must run first: main.ts
 * imports this module statically and everything else dynamically afterwards, so the ESM
 * loader hook sees mysql2, kafkajs, grpc-js and fastify when they are imported.
 *
 * Spans are exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; without it they are
 * still created, so logs carry trace ids and W3C context still propagates.
 */
export function startTracing(serviceName: string): NodeSDK {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  process.env.OTEL_SERVICE_NAME ??= serviceName;
  process.env.OTEL_TRACES_EXPORTER ??= process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? 'otlp' : 'none';
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  // Without an exporter, an empty processor list still installs a real tracer provider, so ids exist.
  const sdk = new NodeSDK({ instrumentations: getNodeAutoInstrumentations(), ...(process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? {} : { spanProcessors: [] }) });
  sdk.start();
  const shutdown = () => void sdk.shutdown().catch(() => undefined);
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return sdk;
}
