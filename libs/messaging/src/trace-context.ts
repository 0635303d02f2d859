import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

export interface TraceHeaders {
  traceparent: string | null;
  tracestate: string | null;
}

/** The W3C trace context of `ctx` (by default the active one), as stored with an outbox row. */
export function captureTraceContext(ctx: Context = context.active()): TraceHeaders {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return { traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
}

/** The context a message's producer was in, so the consumer's spans join the same trace. */
export function contextFromHeaders(headers: Readonly<Record<string, string>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}
