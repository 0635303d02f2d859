import { EMPTY, measure, normalize, sameIntervals, union, type Interval, type IntervalSet } from './interval-set.js';
import type { WatchCredit } from './watch-credit.js';

/**
 * Everything a teacher watched of one course, by Asia/Shanghai day: the media seconds of each
 * medium and the wall-clock seconds spent. Only unions are stored, never totals, so applying the
 * same heartbeats again (redelivery, a client resending) changes nothing, and heartbeats applied
 * in any order give the same state. Days are kept because study windows are whole days that may
 * be known (or moved) only after the heartbeats arrived.
 */
export interface WatchState {
  /** media id → day → media seconds watched */
  readonly media: ReadonlyMap<string, ReadonlyMap<string, IntervalSet>>;
  /** day → wall-clock seconds spent watching */
  readonly wall: ReadonlyMap<string, IntervalSet>;
}

/** Study days, both inclusive, "YYYY-MM-DD" in Asia/Shanghai (identity's project windows). */
export interface DayRange {
  from: string;
  to: string;
}

/** Every day there is. */
export const ALL_DAYS: DayRange = { from: '0000-01-01', to: '9999-12-31' };

export function emptyWatchState(): WatchState {
  return { media: new Map(), wall: new Map() };
}

const inRange = (day: string, range: DayRange) => day >= range.from && day <= range.to;

function addTo(byDay: Map<string, IntervalSet>, day: string, intervals: IntervalSet): boolean {
  const before = byDay.get(day) ?? EMPTY;
  const after = union(before, intervals);
  if (sameIntervals(before, after)) return false;
  byDay.set(day, after);
  return true;
}

/** The state with these credits (all of its course) added; `changed` is false when they were all known already. */
export function withCredits(state: WatchState, credits: readonly WatchCredit[]): { state: WatchState; changed: boolean } {
  const media = new Map<string, Map<string, Interval[]>>();
  const wall = new Map<string, Interval[]>();
  for (const { mediaId, day, media: m, wall: w } of credits) {
    const days = media.get(mediaId) ?? new Map<string, Interval[]>();
    media.set(mediaId, days);
    days.set(day, [...(days.get(day) ?? []), m]);
    wall.set(day, [...(wall.get(day) ?? []), w]);
  }
  return mergeWatchStates(state, {
    media: new Map([...media].map(([id, days]) => [id, new Map([...days].map(([day, intervals]) => [day, normalize(intervals)]))])),
    wall: new Map([...wall].map(([day, intervals]) => [day, normalize(intervals)])),
  });
}

/** The union of two states: the join that makes the state a CRDT (commutative, associative, idempotent). */
export function mergeWatchStates(a: WatchState, b: WatchState): { state: WatchState; changed: boolean } {
  let changed = false;
  const media = new Map<string, Map<string, IntervalSet>>([...a.media].map(([id, days]) => [id, new Map(days)]));
  for (const [id, days] of b.media) {
    const target = media.get(id) ?? new Map<string, IntervalSet>();
    media.set(id, target);
    for (const [day, intervals] of days) changed = addTo(target, day, intervals) || changed;
  }
  const wall = new Map(a.wall);
  for (const [day, intervals] of b.wall) changed = addTo(wall, day, intervals) || changed;
  return { state: { media, wall }, changed };
}

/** Wall-clock seconds spent on the course inside the range. */
export function wallClock(state: WatchState, range: DayRange): IntervalSet {
  let all = EMPTY;
  for (const [day, intervals] of state.wall) if (inRange(day, range)) all = union(all, intervals);
  return all;
}

/** Per medium, the distinct media seconds watched on the days of the range. */
export function mediaWatched(state: WatchState, range: DayRange): Map<string, IntervalSet> {
  const watched = new Map<string, IntervalSet>();
  for (const [mediaId, days] of state.media) {
    let all = EMPTY;
    for (const [day, intervals] of days) if (inRange(day, range)) all = union(all, intervals);
    if (all.length > 0) watched.set(mediaId, all);
  }
  return watched;
}

/** Seconds of distinct media watched inside the range (re-watching counts once), before the wall-clock cap. */
export function mediaSeconds(state: WatchState, range: DayRange): number {
  let total = 0;
  for (const intervals of mediaWatched(state, range).values()) total += measure(intervals);
  return total;
}

/** The course's watched time inside the range: distinct media seconds, never more than the wall clock spent. */
export function watchedSeconds(state: WatchState, range: DayRange): number {
  return Math.min(mediaSeconds(state, range), measure(wallClock(state, range)));
}

/**
 * A project's watched time over its counted courses: each course's watched time, and all of them
 * together never more than the wall clock spent on any of them — two courses played at once on two
 * devices count once.
 */
export function projectWatchedSeconds(states: readonly WatchState[], range: DayRange): number {
  const sum = states.reduce((total, state) => total + watchedSeconds(state, range), 0);
  const wall = states.reduce((all, state) => union(all, wallClock(state, range)), EMPTY);
  return Math.min(sum, measure(wall));
}

export function sameWatchState(a: WatchState, b: WatchState): boolean {
  return encodeWatchState(a) === encodeWatchState(b);
}

interface EncodedState {
  m: Record<string, Record<string, Array<[number, number]>>>;
  w: Record<string, Array<[number, number]>>;
}

const sortedEntries = <V>(map: ReadonlyMap<string, V>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const plain = (set: IntervalSet) => set.map(([start, end]): [number, number] => [start, end]);

/** Compact JSON with sorted keys, so equal states encode equally. */
export function encodeWatchState(state: WatchState): string {
  const encoded: EncodedState = {
    m: Object.fromEntries(sortedEntries(state.media).map(([id, days]) => [id, Object.fromEntries(sortedEntries(days).map(([day, set]) => [day, plain(set)]))])),
    w: Object.fromEntries(sortedEntries(state.wall).map(([day, set]) => [day, plain(set)])),
  };
  return JSON.stringify(encoded);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function decodeSet(value: unknown, where: string): IntervalSet {
  if (!Array.isArray(value) || !value.every((i) => Array.isArray(i) && i.length === 2 && Number.isInteger(i[0]) && Number.isInteger(i[1]))) {
    throw new Error(`watch state: ${where} is not a list of [start, end] integer pairs`);
  }
  return normalize(value as Interval[]);
}

function decodeDays(value: unknown, where: string): Map<string, IntervalSet> {
  if (typeof value !== 'object' || value === null) throw new Error(`watch state: ${where} is not an object of days`);
  return new Map(
    Object.entries(value).map(([day, set]) => {
      if (!DAY.test(day)) throw new Error(`watch state: ${where} has a key "${day}" that is not a YYYY-MM-DD day`);
      return [day, decodeSet(set, `${where}.${day}`)];
    }),
  );
}

export function decodeWatchState(json: string): WatchState {
  const parsed = JSON.parse(json) as Partial<EncodedState>;
  if (typeof parsed.m !== 'object' || parsed.m === null) throw new Error('watch state: "m" (media) is missing');
  return { media: new Map(Object.entries(parsed.m).map(([id, days]) => [id, decodeDays(days, `m.${id}`)])), wall: decodeDays(parsed.w, 'w') };
}
