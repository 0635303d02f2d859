import type { heartbeat } from '@yanxiu/contracts';

/** A player sends every ~30 s, and an offline player its backlog: a few hours of segments fit. */
export const MAX_SEGMENTS_PER_BATCH = 200;
export const MAX_PLAYBACK_RATE = 16;
const MAX_POSITION_SECONDS = 24 * 3600;
// Anything before 2020 or after 2100 is a broken clock, not an offline batch.
const MIN_CLIENT_TIME = Date.UTC(2020, 0, 1);
const MAX_CLIENT_TIME = Date.UTC(2100, 0, 1);
const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SEGMENT_KEYS = new Set(['courseId', 'mediaId', 'sessionId', 'startPosition', 'endPosition', 'clientTime', 'playbackRate']);
const MAX_PROBLEMS = 10;

export type ParsedHeartbeats = { ok: true; segments: heartbeat.WatchSegment[] } | { ok: false; problems: string[] };

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks a POST /heartbeats body by hand: this is the hottest route of the platform, and a plain
 * function over seven fields costs far less per request than class-validator's reflection (see
 * docs/benchmarks/progress.md). Every problem names the field, where it is and why.
 */
export function parseHeartbeatBody(body: unknown): ParsedHeartbeats {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problems: ['body: must be a JSON object { "segments": [...] }'] };
  const unknownKeys = Object.keys(body).filter((key) => key !== 'segments');
  if (unknownKeys.length > 0) return { ok: false, problems: [`body: unknown properties ${unknownKeys.join(', ')}; only "segments" is allowed`] };
  const { segments } = body as { segments?: unknown };
  if (!Array.isArray(segments) || segments.length === 0 || segments.length > MAX_SEGMENTS_PER_BATCH) {
    return { ok: false, problems: [`segments: must be an array of 1 to ${MAX_SEGMENTS_PER_BATCH} segments`] };
  }
  const problems: string[] = [];
  const parsed: heartbeat.WatchSegment[] = [];
  for (let i = 0; i < segments.length && problems.length < MAX_PROBLEMS; i++) {
    const segment = parseSegment(segments[i], `segments[${i}]`, problems);
    if (segment) parsed.push(segment);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, segments: parsed };
}

function parseSegment(value: unknown, at: string, problems: string[]): heartbeat.WatchSegment | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${at}: must be an object`);
    return undefined;
  }
  const before = problems.length;
  const s = value as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!SEGMENT_KEYS.has(key)) problems.push(`${at}.${key}: unknown property`);
  for (const key of ['courseId', 'mediaId', 'sessionId'] as const) {
    if (typeof s[key] !== 'string' || !ID.test(s[key])) problems.push(`${at}.${key}: must be an id of 1-64 letters, digits or . _ : -`);
  }
  const { startPosition, endPosition, clientTime, playbackRate } = s;
  if (!isNumber(startPosition) || startPosition < 0 || startPosition > MAX_POSITION_SECONDS) problems.push(`${at}.startPosition: must be seconds between 0 and ${MAX_POSITION_SECONDS}`);
  if (!isNumber(endPosition) || endPosition > MAX_POSITION_SECONDS) problems.push(`${at}.endPosition: must be seconds up to ${MAX_POSITION_SECONDS}`);
  else if (isNumber(startPosition) && endPosition < startPosition) problems.push(`${at}.endPosition: ${endPosition} is before startPosition ${startPosition}`);
  if (!Number.isInteger(clientTime) || (clientTime as number) < MIN_CLIENT_TIME || (clientTime as number) > MAX_CLIENT_TIME) {
    problems.push(`${at}.clientTime: must be the client's clock in epoch milliseconds (an integer between 2020 and 2100)`);
  }
  if (!isNumber(playbackRate) || playbackRate <= 0 || playbackRate > MAX_PLAYBACK_RATE) problems.push(`${at}.playbackRate: must be a number in (0, ${MAX_PLAYBACK_RATE}]`);
  if (problems.length > before) return undefined;
  return {
    courseId: s.courseId as string,
    mediaId: s.mediaId as string,
    sessionId: s.sessionId as string,
    startPosition: startPosition as number,
    endPosition: endPosition as number,
    clientTimeMs: clientTime as number,
    playbackRate: playbackRate as number,
  };
}
