import fc from 'fast-check';
import { creditOf, shanghaiDay, type WatchPolicy, type WatchSegment } from './watch-credit.js';

const policy: WatchPolicy = { maxSegmentSeconds: 300, maxClockSkewSeconds: 120, maxOfflineDays: 30 };
// 2026-07-15 09:00:00 in Shanghai
const NINE_AM = Date.UTC(2026, 6, 15, 1, 0, 0);
const segment = (overrides: Partial<WatchSegment> = {}): WatchSegment => ({
  courseId: 'c1',
  mediaId: 'm1',
  sessionId: 's1',
  startPosition: 0,
  endPosition: 30,
  clientTime: NINE_AM,
  playbackRate: 1,
  ...overrides,
});
const credit = (s: WatchSegment, receivedAt = NINE_AM + 1000) => {
  const outcome = creditOf(s, receivedAt, policy);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.credit;
};

describe('creditOf', () => {
  it('credits normal playback second for second, on the Shanghai day it ended', () => {
    expect(credit(segment({ startPosition: 120.4, endPosition: 150.2 }))).toEqual({
      courseId: 'c1',
      mediaId: 'm1',
      day: '2026-07-15',
      media: [120, 150],
      wall: [NINE_AM / 1000 - 30, NINE_AM / 1000],
    });
    // 00:30 on the 16th in Shanghai is still the 15th in UTC
    expect(shanghaiDay(Date.UTC(2026, 6, 15, 16, 30) / 1000)).toBe('2026-07-16');
  });

  it('at 2x earns only the wall-clock time spent (the first half of the media)', () => {
    expect(credit(segment({ startPosition: 0, endPosition: 60, playbackRate: 2 }))).toMatchObject({ media: [0, 30], wall: [NINE_AM / 1000 - 30, NINE_AM / 1000] });
  });

  it('slower than 1x earns the media played, not the longer wall clock', () => {
    expect(credit(segment({ startPosition: 0, endPosition: 30, playbackRate: 0.5 }))).toMatchObject({ media: [0, 30], wall: [NINE_AM / 1000 - 60, NINE_AM / 1000] });
  });

  it('a reported jump (seek to the end) claims at most maxSegmentSeconds', () => {
    expect(credit(segment({ startPosition: 10, endPosition: 2700 }))).toMatchObject({ media: [10, 310] });
  });

  it('never credits more media than wall clock, whatever the segment', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.double({ min: 0.1, max: 16, noNaN: true }),
        (start, length, rate) => {
          const outcome = creditOf(segment({ startPosition: start, endPosition: start + length, playbackRate: rate }), NINE_AM, policy);
          if (!outcome.ok) return;
          const { media, wall } = outcome.credit;
          expect(media[1] - media[0]).toBeLessThanOrEqual(wall[1] - wall[0]);
          expect(wall[1] - wall[0]).toBeLessThanOrEqual(policy.maxSegmentSeconds);
          expect(media[1] - media[0]).toBeLessThanOrEqual(Math.round(start + length) - Math.round(start));
        },
      ),
    );
  });

  it('does not believe a clock far ahead of the gateway: the segment ends at receipt', () => {
    const received = NINE_AM;
    expect(credit(segment({ clientTime: received + 3600_000 }), received).wall).toEqual([received / 1000 - 30, received / 1000]);
    expect(credit(segment({ clientTime: received + 60_000 }), received).wall[1]).toBe(received / 1000 + 60);
  });

  it('accepts late offline batches on their own day, up to maxOfflineDays', () => {
    const threeDaysLater = NINE_AM + 3 * 86_400_000;
    expect(credit(segment(), threeDaysLater).day).toBe('2026-07-15');
    expect(creditOf(segment(), NINE_AM + 31 * 86_400_000, policy)).toEqual({ ok: false, code: 'too_old', reason: 'ended more than 30 days before it was received' });
  });

  it.each([
    [{ endPosition: 0 }, 'nothing played'],
    [{ startPosition: 30, endPosition: 10 }, 'nothing played'],
    [{ playbackRate: 0 }, 'start 0 must be >= 0 and rate 0 in (0, 16]'],
    [{ playbackRate: 17 }, 'start 0 must be >= 0 and rate 17 in (0, 16]'],
    [{ startPosition: -5 }, 'start -5 must be >= 0 and rate 1 in (0, 16]'],
    [{ clientTime: Number.NaN }, 'positions, rate and times must be finite numbers'],
    [{ sessionId: '' }, 'course, media and session ids are required'],
  ])('refuses %j: %s', (overrides, reason) => {
    expect(creditOf(segment(overrides), NINE_AM, policy)).toMatchObject({ ok: false, reason });
  });
});
