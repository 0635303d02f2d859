import { toTopicMessages, type OutboxRow } from './outbox-relay.js';

function row(seq: number, topic: string, key: string): OutboxRow {
  return {
    seq: String(seq),
    event_id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    topic,
    message_key: key,
    event_type: 'identity.teacher.created',
    event_version: 1,
    subject: key,
    producer: 'identity',
    occurred_at: new Date('2026-11-23T10:00:00Z'),
    traceparent: null,
    tracestate: null,
    payload: Buffer.from([seq]),
  };
}

describe('toTopicMessages', () => {
  it('groups by topic and keeps seq order within each', () => {
    const grouped = toTopicMessages([row(1, 'a', 'k1'), row(2, 'b', 'k1'), row(3, 'a', 'k2'), row(4, 'a', 'k1')]);
    expect(grouped.map(({ topic, messages }) => [topic, messages.map((m) => m.headers?.['event-id'])])).toEqual([
      ['a', [row(1, 'a', '').event_id, row(3, 'a', '').event_id, row(4, 'a', '').event_id]],
      ['b', [row(2, 'b', '').event_id]],
    ]);
  });

  it('sends key, payload and event headers', () => {
    const [only] = toTopicMessages([row(7, 'a', 'teacher-7')]);
    expect(only?.messages[0]).toEqual({
      key: 'teacher-7',
      value: Buffer.from([7]),
      headers: {
        'event-id': '00000000-0000-4000-8000-000000000007',
        'event-type': 'identity.teacher.created',
        'event-version': '1',
        'occurred-at': '2026-11-23T10:00:00.000Z',
        producer: 'identity',
        subject: 'teacher-7',
      },
    });
  });
});
