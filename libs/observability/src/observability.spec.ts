import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { Writable } from 'node:stream';
import { createLogger, runReadinessChecks } from './index.js';

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });

  it('adds the active trace id to every line and redacts secrets', () => {
    const { lines, stream } = captureLogs();
    const logger = createLogger('identity', 'info', stream);
    const tracer = new BasicTracerProvider().getTracer('test');
    const span = tracer.startSpan('op');
    context.with(trace.setSpan(context.active(), span), () => logger.info({ user: { password: 'p', idNumber: '370102199001011234' } }, 'hello'));
    span.end();
    expect(lines[0]).toMatchObject({ service: 'identity', msg: 'hello', trace_id: span.spanContext().traceId, user: { password: '***', idNumber: '***' } });
  });

  it('omits trace ids outside a span', () => {
    const { lines, stream } = captureLogs();
    createLogger('gateway', 'info', stream).info('plain');
    expect(lines[0]).not.toHaveProperty('trace_id');
  });
});

describe('runReadinessChecks', () => {
  it('is ok only when every check passes, and names the failing one', async () => {
    const result = await runReadinessChecks([
      { name: 'database', check: () => Promise.resolve() },
      { name: 'kafka', check: () => Promise.reject(new Error('broker unreachable')) },
    ]);
    expect(result).toEqual({ status: 'unavailable', checks: { database: 'ok', kafka: 'broker unreachable' } });
  });

  it('fails a check that hangs past the limit', async () => {
    const result = await runReadinessChecks([{ name: 'slow', check: () => new Promise(() => undefined) }], 50);
    expect(result.checks.slow).toBe('timed out after 50 ms');
  });
});
