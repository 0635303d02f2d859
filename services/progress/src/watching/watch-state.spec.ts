import fc from 'fast-check';
import { creditOf, type WatchCredit, type WatchPolicy, type WatchSegment } from './watch-credit.js';
import {
  ALL_DAYS,
  decodeWatchState,
  emptyWatchState,
  encodeWatchState,
  mediaSeconds,
  mergeWatchStates,
  projectWatchedSeconds,
  watchedSeconds,
  withCredits,
  type DayRange,
  type WatchState,
} from './watch-state.js';

const policy: WatchPolicy = { maxSegmentSeconds: 300, maxClockSkewSeconds: 120, maxOfflineDays: 30 };
// 2026-07-15 08:00 Shanghai; the study window is the 15th and 16th.
const T0 = Date.UTC(2026, 6, 15, 0, 0, 0) / 1000;
const WINDOW: DayRange = { from: '2026-07-15', to: '2026-07-16' };
const EVERYTHING: DayRange = ALL_DAYS;
const RECEIVED = (T0 + 5 * 86_400) * 1000;

/** A player reporting every `beat` seconds of wall clock: honest segments, with millisecond jitter. */
const session = fc
  .record({
    courseId: fc.constantFrom('c1', 'c2'),
    mediaId: fc.constantFrom('m1', 'm2', 'm3'),
    sessionId: fc.constantFrom('s1', 's2', 's3'),
    startPosition: fc.integer({ min: 0, max: 900 }),
    rate: fc.constantFrom(0.5, 1, 1.25, 1.5, 2, 3),
    // from a day before the window to a day after it
    startWall: fc.integer({ min: T0 - 86_400, max: T0 + 3 * 86_400 }),
    beats: fc.integer({ min: 1, max: 8 }),
    beat: fc.constantFrom(10, 30, 60),
    jitterMs: fc.integer({ min: 0, max: 400 }),
  })
  .map(({ courseId, mediaId, sessionId, startPosition, rate, startWall, beats, beat, jitterMs }) =>
    Array.from(
      { length: beats },
      (_, k): WatchSegment => ({
        courseId,
        mediaId,
        sessionId,
        startPosition: startPosition + k * beat * rate,
        endPosition: startPosition + (k + 1) * beat * rate,
        clientTime: (startWall + (k + 1) * beat) * 1000 + jitterMs,
        playbackRate: rate,
      }),
    ),
  );
/** Anything a tampered client could send. */
const anySegment = fc.record({
  courseId: fc.constantFrom('c1', 'c2'),
  mediaId: fc.constantFrom('m1', 'm2'),
  sessionId: fc.constantFrom('s1', 's9'),
  startPosition: fc.integer({ min: 0, max: 3000 }),
  endPosition: fc.integer({ min: 0, max: 6000 }),
  clientTime: fc.integer({ min: T0 - 86_400, max: T0 + 3 * 86_400 }).map((s) => s * 1000),
  playbackRate: fc.constantFrom(0.25, 1, 2, 16),
});
const segments = fc.tuple(fc.array(session, { maxLength: 5 }), fc.array(anySegment, { maxLength: 5 })).map(([sessions, extra]) => [...sessions.flat(), ...extra]);

const creditsOf = (list: readonly WatchSegment[], receivedAt = RECEIVED): WatchCredit[] =>
  list.flatMap((s) => {
    const outcome = creditOf(s, receivedAt, policy);
    return outcome.ok ? [outcome.credit] : [];
  });
const byCourse = (credits: readonly WatchCredit[]) => {
  const states = new Map<string, WatchState>();
  for (const credit of credits) states.set(credit.courseId, withCredits(states.get(credit.courseId) ?? emptyWatchState(), [credit]).state);
  return states;
};
const stateOf = (credits: readonly WatchCredit[]) => withCredits(emptyWatchState(), credits).state;
const seconds = (intervals: ReadonlyArray<readonly [number, number]>) => {
  const set = new Set<number>();
  for (const [start, end] of intervals) for (let s = start; s < end; s++) set.add(s);
  return set;
};
const inWindow = (credit: WatchCredit, range: DayRange) => credit.day >= range.from && credit.day <= range.to;

describe('watch state', () => {
  it('is the same whatever the arrival order, duplicates and batching (late offline batches included)', () => {
    fc.assert(
      fc.property(
        segments.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray([...list, ...list], { minLength: list.length * 2 }), fc.integer({ min: 1, max: 7 }))),
        ([list, arrival, batchSize]) => {
          const once = stateOf(creditsOf(list));
          let state = emptyWatchState();
          for (let i = 0; i < arrival.length; i += batchSize) state = withCredits(state, creditsOf(arrival.slice(i, i + batchSize))).state;
          expect(encodeWatchState(state)).toBe(encodeWatchState(once));
          expect(withCredits(state, creditsOf(list)).changed).toBe(false);
        },
      ),
    );
  });

  it('merging states is commutative, associative and idempotent, and survives encoding', () => {
    fc.assert(
      fc.property(segments, segments, segments, (x, y, z) => {
        const [a, b, c] = [x, y, z].map((list) => stateOf(creditsOf(list))) as [WatchState, WatchState, WatchState];
        const enc = (s: WatchState) => encodeWatchState(s);
        expect(enc(mergeWatchStates(a, b).state)).toBe(enc(mergeWatchStates(b, a).state));
        expect(enc(mergeWatchStates(mergeWatchStates(a, b).state, c).state)).toBe(enc(mergeWatchStates(a, mergeWatchStates(b, c).state).state));
        expect(mergeWatchStates(a, a).changed).toBe(false);
        expect(enc(decodeWatchState(enc(a)))).toBe(enc(a));
      }),
    );
  });

  it('equals the model: distinct media seconds in the window, capped by distinct wall-clock seconds', () => {
    fc.assert(
      fc.property(segments, (list) => {
        const credits = creditsOf(list).filter((c) => c.courseId === 'c1');
        const counted = credits.filter((c) => inWindow(c, WINDOW));
        const mediaModel = ['m1', 'm2', 'm3'].reduce((sum, m) => sum + seconds(counted.filter((c) => c.mediaId === m).map((c) => c.media)).size, 0);
        const wallModel = seconds(counted.map((c) => c.wall)).size;
        expect(mediaSeconds(stateOf(credits), WINDOW)).toBe(mediaModel);
        expect(watchedSeconds(stateOf(credits), WINDOW)).toBe(Math.min(mediaModel, wallModel));
      }),
    );
  });

  it('never exceeds the wall-clock time the segments span: no seeking, speeding, replaying or second device adds time', () => {
    fc.assert(
      fc.property(segments, (list) => {
        const credits = creditsOf(list);
        if (credits.length === 0) return;
        const span = Math.max(...credits.map((c) => c.wall[1])) - Math.min(...credits.map((c) => c.wall[0]));
        const states = [...byCourse(credits).values()];
        expect(projectWatchedSeconds(states, EVERYTHING)).toBeLessThanOrEqual(span);
        for (const state of states) expect(watchedSeconds(state, EVERYTHING)).toBeLessThanOrEqual(span);
      }),
    );
  });

  const play = (o: { courseId?: string; mediaId?: string; sessionId?: string; from: number; to: number; rate?: number; startWall: number; beat?: number }): WatchSegment[] => {
    const rate = o.rate ?? 1;
    const beat = o.beat ?? 30;
    const list: WatchSegment[] = [];
    for (let position = o.from, wall = o.startWall; position < o.to; position += beat * rate, wall += beat) {
      list.push({
        courseId: o.courseId ?? 'c1',
        mediaId: o.mediaId ?? 'm1',
        sessionId: o.sessionId ?? 's1',
        startPosition: position,
        endPosition: Math.min(o.to, position + beat * rate),
        clientTime: (wall + beat) * 1000,
        playbackRate: rate,
      });
    }
    return list;
  };
  const nine = T0 + 3600;

  it('counts a re-watched video once, on the same or another day', () => {
    const first = play({ from: 0, to: 1800, startWall: nine });
    const again = play({ from: 0, to: 1800, startWall: nine + 86_400, sessionId: 's2' });
    expect(watchedSeconds(stateOf(creditsOf([...first, ...again])), WINDOW)).toBe(1800);
  });

  it('at 2x gives half the media time; seeking to the end gives only the wall clock spent', () => {
    expect(watchedSeconds(stateOf(creditsOf(play({ from: 0, to: 1800, rate: 2, startWall: nine }))), WINDOW)).toBe(900);
    const watched5Minutes = play({ from: 0, to: 300, startWall: nine });
    const seek: WatchSegment = { ...watched5Minutes[9]!, startPosition: 300, endPosition: 1800, clientTime: (nine + 305) * 1000 };
    expect(watchedSeconds(stateOf(creditsOf([...watched5Minutes, seek])), WINDOW)).toBe(305);
  });

  it('two devices at once (same or different course) do not double the time', () => {
    const phone = play({ mediaId: 'm1', from: 0, to: 1800, startWall: nine, sessionId: 'phone' });
    const laptop = play({ mediaId: 'm2', from: 0, to: 1800, startWall: nine, sessionId: 'laptop' });
    expect(watchedSeconds(stateOf(creditsOf([...phone, ...laptop])), WINDOW)).toBe(1800);
    const otherCourse = play({ courseId: 'c2', from: 0, to: 1800, startWall: nine, sessionId: 'laptop' });
    const states = [...byCourse(creditsOf([...phone, ...otherCourse])).values()];
    expect(projectWatchedSeconds(states, WINDOW)).toBe(1800);
  });

  it('counts only the days of the study window', () => {
    const before = play({ from: 0, to: 600, startWall: T0 - 10 * 3600 }); // 22:00 on the 14th in Shanghai
    const inside = play({ from: 600, to: 1200, startWall: nine });
    const after = play({ from: 1200, to: 1800, startWall: T0 + 2 * 86_400 + 3600 });
    const state = stateOf(creditsOf([...before, ...inside, ...after]));
    expect(watchedSeconds(state, WINDOW)).toBe(600);
    expect(watchedSeconds(state, EVERYTHING)).toBe(1800);
  });
});
