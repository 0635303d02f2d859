import { heartbeat } from '@yanxiu/contracts';
import type { StreamRecord } from '@yanxiu/messaging';
import { creditOf, type RefusalCode, type WatchCredit, type WatchPolicy } from './watch-credit.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A teacher × course whose watch state a flush changes. */
export interface WatchKey {
  teacherId: string;
  courseId: string;
}

export const watchKey = (k: WatchKey) => `${k.teacherId}/${k.courseId}`;

export interface DecodedHeartbeats {
  /** Credits per teacher × course (keyed by watchKey). */
  credits: Map<string, WatchKey & { credits: WatchCredit[] }>;
  /** Records that are not heartbeats at all: parked on the dead-letter topic. */
  rejected: Array<{ record: StreamRecord; reason: string }>;
  heartbeats: number;
  /** Segments that earn nothing, by refusal code (a broken clock, nothing played…): counted, not parked. */
  refusedSegments: Map<RefusalCode, number>;
}

/** Turns a flush's records into credits, before any I/O. */
export function decodeHeartbeats(records: readonly StreamRecord[], policy: WatchPolicy): DecodedHeartbeats {
  const decoded: DecodedHeartbeats = { credits: new Map(), rejected: [], heartbeats: 0, refusedSegments: new Map() };
  for (const record of records) {
    let batch: heartbeat.HeartbeatReceived;
    try {
      batch = heartbeat.HeartbeatReceived.decode(record.value);
    } catch (error) {
      decoded.rejected.push({ record, reason: `not a HeartbeatReceived: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    if (!UUID.test(batch.teacherId) || !(batch.receivedAtMs > 0)) {
      decoded.rejected.push({ record, reason: `HeartbeatReceived without a teacher id (${JSON.stringify(batch.teacherId)}) or receive time` });
      continue;
    }
    if (record.key !== batch.teacherId) {
      decoded.rejected.push({ record, reason: `key ${JSON.stringify(record.key)} is not the teacher id ${batch.teacherId}: heartbeats are partitioned by teacher` });
      continue;
    }
    decoded.heartbeats += 1;
    for (const segment of batch.segments) {
      const outcome = creditOf({ ...segment, clientTime: segment.clientTimeMs }, batch.receivedAtMs, policy);
      if (!outcome.ok) {
        decoded.refusedSegments.set(outcome.code, (decoded.refusedSegments.get(outcome.code) ?? 0) + 1);
        continue;
      }
      const key = { teacherId: batch.teacherId, courseId: outcome.credit.courseId };
      const entry = decoded.credits.get(watchKey(key)) ?? { ...key, credits: [] };
      entry.credits.push(outcome.credit);
      decoded.credits.set(watchKey(key), entry);
    }
  }
  return decoded;
}
