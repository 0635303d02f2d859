import { decodeHeaders, EventHeader, parseEventHeaders, toEventHeaders, type EventMetadata } from './event-headers.js';

const metadata: EventMetadata = {
  id: '0b7e3f52-5a0c-4a43-9d3c-2f1e7c1d9a10',
  type: 'identity.teacher.created',
  version: 1,
  subject: 'teacher-42',
  occurredAt: new Date('2026-11-23T10:00:00.123Z'),
  producer: 'identity',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: 'vendor=opaque',
};

/** What kafkajs hands a consumer: every value a Buffer. */
function asDelivered(headers: Record<string, string>) {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Buffer.from(value)]));
}

describe('event headers', () => {
  it('write every field under its documented name', () => {
    expect(toEventHeaders(metadata)).toEqual({
      'event-id': metadata.id,
      'event-type': 'identity.teacher.created',
      'event-version': '1',
      'occurred-at': '2026-11-23T10:00:00.123Z',
      producer: 'identity',
      subject: 'teacher-42',
      traceparent: metadata.traceparent,
      tracestate: 'vendor=opaque',
    });
  });

  it('leave out trace headers the producer did not have', () => {
    const headers = toEventHeaders({ ...metadata, traceparent: null, tracestate: null });
    expect(headers).not.toHaveProperty(EventHeader.traceparent);
    expect(headers).not.toHaveProperty(EventHeader.tracestate);
  });

  it('read back what was written, through Kafka', () => {
    const parsed = parseEventHeaders(decodeHeaders(asDelivered(toEventHeaders(metadata))));
    expect(parsed).toEqual({ ok: true, metadata });
  });

  it('take the first value of a repeated header and ignore empty ones', () => {
    expect(decodeHeaders({ a: [Buffer.from('1'), Buffer.from('2')], b: undefined, c: 'x' })).toEqual({ a: '1', c: 'x' });
  });

  it('reject a message without a UUID event id, saying which header is wrong', () => {
    const withoutId = Object.fromEntries(Object.entries(toEventHeaders(metadata)).filter(([name]) => name !== EventHeader.id));
    expect(parseEventHeaders(withoutId)).toEqual({ ok: false, reason: 'invalid event headers: event-id is missing' });
    expect(parseEventHeaders({ ...withoutId, [EventHeader.id]: '42' })).toEqual({ ok: false, reason: 'invalid event headers: event-id "42" is not a UUID' });
  });

  it('list every problem at once', () => {
    const parsed = parseEventHeaders({ [EventHeader.id]: metadata.id, [EventHeader.version]: '0', [EventHeader.occurredAt]: 'yesterday' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    for (const name of ['event-type', 'event-version', 'occurred-at', 'producer', 'subject']) expect(parsed.reason).toContain(name);
  });
});
