import { Metadata } from '@grpc/grpc-js';
import type { Principal } from '../principal.js';

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Metadata for a gateway → service call: `authorization: Bearer <token>` and, when the carrier
 * (e.g. filled by OpenTelemetry's propagation.inject) holds a valid W3C `traceparent`, it and `tracestate`.
 */
export function grpcAuthMetadata(credential: Pick<Principal, 'token'> | string, traceCarrier?: Readonly<Record<string, string | undefined>>): Metadata {
  const token = typeof credential === 'string' ? credential : credential.token;
  if (!token || /\s/.test(token)) throw new TypeError('grpcAuthMetadata: a non-empty token without whitespace is required');
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  const traceparent = traceCarrier?.traceparent;
  if (traceparent && TRACEPARENT.test(traceparent)) {
    metadata.set('traceparent', traceparent);
    const tracestate = traceCarrier.tracestate;
    if (tracestate) metadata.set('tracestate', tracestate);
  }
  return metadata;
}
