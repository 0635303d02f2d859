import type { Interval } from './interval-set.js';

/** A stretch of continuous playback, as the player reported it (a seek starts a new segment). */
export interface WatchSegment {
  courseId: string;
  mediaId: string;
  sessionId: string;
  /** Media position where playback of this stretch began and ended, in seconds. */
  startPosition: number;
  endPosition: number;
  /** The client's clock (epoch ms) when the player reached `endPosition`. */
  clientTime: number;
  playbackRate: number;
}

/**
 * Tolerances of the heartbeat protocol (operations settings, not yearly rules): how far the
 * server believes the player. Yearly rules (thresholds, windows) are data of courses and projects.
 */
export interface WatchPolicy {
  /** Wall-clock seconds one segment may claim at most; players report every ~30 s, so longer ones are cut. */
  maxSegmentSeconds: number;
  /** A client clock ahead of the gateway's by more than this is not believed: the segment is moved to end at receipt. */
  maxClockSkewSeconds: number;
  /** Offline batches whose segments ended longer ago than this (at receipt) earn nothing. */
  maxOfflineDays: number;
}

export const MAX_PLAYBACK_RATE = 16;

/**
 * What one segment can earn: `media` seconds of one medium and the `wall` clock seconds they took,
 * on the province's calendar `day` (Asia/Shanghai, the day the segment ended). Watched time is the
 * union of `media` capped by the union of `wall` (see watch-state.ts), so:
 * - faster than normal speed earns only the wall-clock time spent (2× for 60 s of media → 30 s);
 * - a segment claims at most `maxSegmentSeconds` of wall clock, so a reported jump (seek) earns little,
 *   and overlapping wall clocks (a second device, a replay, a lying rate) are counted once.
 */
export interface WatchCredit {
  courseId: string;
  mediaId: string;
  day: string;
  media: Interval;
  wall: Interval;
}

/** Why a segment earns nothing: a metric label, so a small fixed set. */
export type RefusalCode = 'invalid' | 'nothing_played' | 'too_old';

export type CreditOutcome = { ok: true; credit: WatchCredit } | { ok: false; code: RefusalCode; reason: string };

const SHANGHAI_OFFSET_SECONDS = 8 * 3600;

/** The calendar day in Asia/Shanghai (UTC+8, no daylight saving) of an epoch second, "YYYY-MM-DD". */
export function shanghaiDay(epochSeconds: number): string {
  return new Date((epochSeconds + SHANGHAI_OFFSET_SECONDS) * 1000).toISOString().slice(0, 10);
}

/**
 * What a segment earns, given when the gateway received it. Positions are rounded to whole seconds,
 * so back-to-back heartbeats with millisecond jitter still join into one interval.
 */
export function creditOf(segment: WatchSegment, receivedAt: number, policy: WatchPolicy): CreditOutcome {
  const { startPosition, endPosition, playbackRate: rate, clientTime } = segment;
  if (!segment.courseId || !segment.mediaId || !segment.sessionId) return { ok: false, code: 'invalid', reason: 'course, media and session ids are required' };
  if (![startPosition, endPosition, rate, clientTime, receivedAt].every(Number.isFinite)) return { ok: false, code: 'invalid', reason: 'positions, rate and times must be finite numbers' };
  if (startPosition < 0 || rate <= 0 || rate > MAX_PLAYBACK_RATE) return { ok: false, code: 'invalid', reason: `start ${startPosition} must be >= 0 and rate ${rate} in (0, ${MAX_PLAYBACK_RATE}]` };

  const mediaStart = Math.round(startPosition);
  const mediaLength = Math.round(endPosition) - mediaStart;
  if (mediaLength <= 0) return { ok: false, code: 'nothing_played', reason: 'nothing played' };
  const wallLength = Math.min(Math.round(mediaLength / rate), policy.maxSegmentSeconds);
  // Never more media than wall clock spent: faster than 1× earns the wall-clock time only.
  const credited = Math.min(mediaLength, wallLength);
  if (credited <= 0) return { ok: false, code: 'nothing_played', reason: 'nothing played' };

  const received = Math.round(receivedAt / 1000);
  const claimedEnd = Math.round(clientTime / 1000);
  // A clock too far ahead is not believed; the duration is, so the segment ends at receipt.
  const end = claimedEnd > received + policy.maxClockSkewSeconds ? received : claimedEnd;
  if (end < received - policy.maxOfflineDays * 86_400) return { ok: false, code: 'too_old', reason: `ended more than ${policy.maxOfflineDays} days before it was received` };

  return {
    ok: true,
    credit: {
      courseId: segment.courseId,
      mediaId: segment.mediaId,
      day: shanghaiDay(end),
      media: [mediaStart, mediaStart + credited],
      wall: [end - wallLength, end],
    },
  };
}
