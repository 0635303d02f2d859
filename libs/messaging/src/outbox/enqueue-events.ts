import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { captureTraceContext } from '../trace-context.js';

export interface OutgoingEvent {
  /** `<domain>.<entity>.<event>.v<N>`; must exist on the broker (no auto-creation). */
  topic: string;
  /** The aggregate id: events with the same key stay in order. */
  key: string;
  type: string;
  version: number;
  /** What the event is about, for filtering without decoding the payload (usually the aggregate id). */
  subject: string;
  /** The protobuf-encoded message. */
  payload: Uint8Array;
}

const COLUMNS = 'event_id, topic, message_key, event_type, event_version, subject, producer, occurred_at, traceparent, tracestate, payload';

/**
 * Writes events to the outbox inside the caller's transaction, so they are published if and only
 * if the state change commits. Returns the assigned event ids, in order.
 */
export async function enqueueEvents(manager: EntityManager, producer: string, events: readonly OutgoingEvent[]): Promise<string[]> {
  if (manager.queryRunner?.isTransactionActive !== true) {
    throw new Error(`enqueueEvents(${producer}): called outside a transaction; pass the EntityManager of dataSource.transaction() so events commit with the state change`);
  }
  if (events.length === 0) return [];

  const occurredAt = new Date();
  const { traceparent, tracestate } = captureTraceContext();
  const ids = events.map(() => randomUUID());
  const rows = events.map((event, i) => [
    ids[i],
    event.topic,
    event.key,
    event.type,
    event.version,
    event.subject,
    producer,
    occurredAt,
    traceparent,
    tracestate,
    Buffer.from(event.payload.buffer, event.payload.byteOffset, event.payload.byteLength),
  ]);
  const placeholders = rows.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ');
  await manager.query(`INSERT INTO outbox (${COLUMNS}) VALUES ${placeholders}`, rows.flat());
  return ids;
}
