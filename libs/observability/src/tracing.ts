import { register } from 'node:module';
import { getNodeAutoInstrumentations, type InstrumentationOptions } from './instrumentations.js';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';

type SpanProcessor = NonNullable<NodeSDKConfiguration['spanProcessors']>[number];

/** Drops every span. NodeSDK registers no tracer provider without a processor, and then no span gets an id. */
const discardSpans: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/**
 * Starts OpenTelemetry before the service's own modules load. It must run first: main.ts
 * imports this module statically and everything else dynamically afterwards, so the ESM
 * loader hook sees mysql2, kafkajs, grpc-js and fastify when they are imported.
 *
 * Spans are exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set,
 * with OTEL_EXPORTER_OTLP_PROTOCOL and the OTEL_BSP_* settings read by the SDK; an explicit
 * OTEL_TRACES_EXPORTER (e.g. `console`) wins. Without an exporter spans are still created and
 * dropped, so logs carry trace ids and W3C context still propagates (into the outbox, too).
 */
export function startTracing(serviceName: string, options: InstrumentationOptions = {}): NodeSDK {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  process.env.OTEL_SERVICE_NAME ??= serviceName;
  process.env.OTEL_TRACES_EXPORTER ??= endpoint ? 'otlp' : 'none';
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const exporting = process.env.OTEL_TRACES_EXPORTER.split(',').some((name) => !['', 'none', 'null'].includes(name.trim()));
  // Exporting: the SDK builds the exporter and its batch processor from the environment.
  const sdk = new NodeSDK({ instrumentations: getNodeAutoInstrumentations(options), ...(exporting ? {} : { spanProcessors: [discardSpans] }) });
  sdk.start();
  const shutdown = () => void sdk.shutdown().catch(() => undefined);
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return sdk;
}
