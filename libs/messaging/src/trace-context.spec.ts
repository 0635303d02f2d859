import { propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { captureTraceContext, contextFromHeaders } from './trace-context.js';

const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };

describe('trace context', () => {
  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());

  it('captures the span context as W3C traceparent', () => {
    const ctx = trace.setSpanContext(ROOT_CONTEXT, spanContext);
    expect(captureTraceContext(ctx)).toEqual({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: null });
  });

  it('continues the same trace on the consumer side', () => {
    const captured = captureTraceContext(trace.setSpanContext(ROOT_CONTEXT, spanContext));
    const headers = { traceparent: captured.traceparent ?? '', 'event-id': 'irrelevant' };
    expect(trace.getSpanContext(contextFromHeaders(headers))).toEqual({ ...spanContext, isRemote: true });
  });

  it('captures nothing outside a trace', () => {
    expect(captureTraceContext(ROOT_CONTEXT)).toEqual({ traceparent: null, tracestate: null });
    expect(trace.getSpanContext(contextFromHeaders({}))).toBeUndefined();
  });
});
