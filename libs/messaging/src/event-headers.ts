import type { IHeaders } from 'kafkajs';

/** Kafka header names every event carries (see docs/decisions/0004-outbox-and-inbox.md). */
export const EventHeader = {
  id: 'event-id',
  type: 'event-type',
  version: 'event-version',
  occurredAt: 'occurred-at',
  producer: 'producer',
  subject: 'subject',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** What an event says about itself, apart from topic, key and payload. */
export interface EventMetadata {
  id: string;
  type: string;
  version: number;
  subject: string;
  occurredAt: Date;
  producer: string;
  traceparent: string | null;
  tracestate: string | null;
}

export function toEventHeaders(event: EventMetadata): Record<string, string> {
  const headers: Record<string, string> = {
    [EventHeader.id]: event.id,
    [EventHeader.type]: event.type,
    [EventHeader.version]: String(event.version),
    [EventHeader.occurredAt]: event.occurredAt.toISOString(),
    [EventHeader.producer]: event.producer,
    [EventHeader.subject]: event.subject,
  };
  if (event.traceparent !== null) headers[EventHeader.traceparent] = event.traceparent;
  if (event.tracestate !== null) headers[EventHeader.tracestate] = event.tracestate;
  return headers;
}

/** kafkajs delivers header values as Buffers (or arrays when a name repeats); the first value wins. */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) decoded[name] = first.toString();
  }
  return decoded;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ParsedMetadata = { ok: true; metadata: EventMetadata } | { ok: false; reason: string };

/** Reads the event headers back; a message that fails here cannot be deduplicated or routed, so it is parked. */
export function parseEventHeaders(headers: Readonly<Record<string, string>>): ParsedMetadata {
  const problems: string[] = [];
  const id = headers[EventHeader.id];
  if (id === undefined || !UUID.test(id)) problems.push(`${EventHeader.id} ${id === undefined ? 'is missing' : `"${id}" is not a UUID`}`);
  const type = headers[EventHeader.type];
  if (!type) problems.push(`${EventHeader.type} is missing`);
  const version = Number(headers[EventHeader.version]);
  if (!Number.isInteger(version) || version < 1) problems.push(`${EventHeader.version} "${headers[EventHeader.version]}" is not a positive integer`);
  const occurredAt = new Date(headers[EventHeader.occurredAt] ?? Number.NaN);
  if (Number.isNaN(occurredAt.getTime())) problems.push(`${EventHeader.occurredAt} "${headers[EventHeader.occurredAt]}" is not an ISO instant`);
  const producer = headers[EventHeader.producer];
  if (!producer) problems.push(`${EventHeader.producer} is missing`);
  const subject = headers[EventHeader.subject];
  if (subject === undefined) problems.push(`${EventHeader.subject} is missing`);

  if (problems.length > 0 || id === undefined || !type || !producer || subject === undefined) {
    return { ok: false, reason: `invalid event headers: ${problems.join('; ')}` };
  }
  return {
    ok: true,
    metadata: {
      id: id.toLowerCase(),
      type,
      version,
      subject,
      occurredAt,
      producer,
      traceparent: headers[EventHeader.traceparent] ?? null,
      tracestate: headers[EventHeader.tracestate] ?? null,
    },
  };
}
