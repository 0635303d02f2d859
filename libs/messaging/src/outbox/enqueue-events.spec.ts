import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { EntityManager } from 'typeorm';
import { enqueueEvents, type OutgoingEvent } from './enqueue-events.js';

/** Records the statements it is given; `inTransaction` is what typeorm reports for the caller's manager. */
function fakeManager(inTransaction: boolean) {
  const statements: Array<{ sql: string; parameters: unknown[] }> = [];
  const manager = {
    queryRunner: { isTransactionActive: inTransaction },
    query: (sql: string, parameters: unknown[]) => {
      statements.push({ sql, parameters });
      return Promise.resolve({ affectedRows: parameters.length / 11 });
    },
  };
  return { manager: manager as unknown as EntityManager, statements };
}

const event: OutgoingEvent = { topic: 'identity.teacher.created.v1', key: 'teacher-1', type: 'identity.teacher.created', version: 1, subject: 'teacher-1', payload: new Uint8Array([1, 2, 3]) };

describe('enqueueEvents', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    context.disable();
    propagation.disable();
  });

  it('refuses to write outside a transaction', async () => {
    const { manager, statements } = fakeManager(false);
    await expect(enqueueEvents(manager, 'identity', [event])).rejects.toThrow(/outside a transaction/);
    expect(statements).toEqual([]);
  });

  it('writes one row per event with a fresh id, the producer and the active trace', async () => {
    const { manager, statements } = fakeManager(true);
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED });
    const ids = await context.with(ctx, () => enqueueEvents(manager, 'identity', [event, { ...event, key: 'teacher-2' }]));

    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(statements).toHaveLength(1);
    const [insert] = statements;
    expect(insert?.sql).toMatch(/^INSERT INTO outbox \(.*\) VALUES \(.*\), \(.*\)$/);
    const [id, topic, key, type, version, subject, producer, occurredAt, traceparent, tracestate, payload] = insert?.parameters ?? [];
    expect([id, topic, key, type, version, subject, producer]).toEqual([ids[0], event.topic, 'teacher-1', event.type, 1, 'teacher-1', 'identity']);
    expect(occurredAt).toBeInstanceOf(Date);
    expect(traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(tracestate).toBeNull();
    expect(payload).toEqual(Buffer.from([1, 2, 3]));
    expect(insert?.parameters[11 + 2]).toBe('teacher-2');
  });

  it('writes nothing for no events', async () => {
    const { manager, statements } = fakeManager(true);
    expect(await enqueueEvents(manager, 'identity', [])).toEqual([]);
    expect(statements).toEqual([]);
  });
});
