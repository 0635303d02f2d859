import { MAX_SEGMENTS_PER_BATCH, parseHeartbeatBody } from './heartbeat-body.js';

const segment = { courseId: 'c-1', mediaId: 'm.1', sessionId: 'tab:1', startPosition: 0, endPosition: 30.5, clientTime: Date.UTC(2026, 6, 15, 1), playbackRate: 1 };

describe('parseHeartbeatBody', () => {
  it('accepts a batch and maps it to the event message', () => {
    expect(parseHeartbeatBody({ segments: [segment] })).toEqual({
      ok: true,
      segments: [{ courseId: 'c-1', mediaId: 'm.1', sessionId: 'tab:1', startPosition: 0, endPosition: 30.5, clientTimeMs: segment.clientTime, playbackRate: 1 }],
    });
  });

  it.each([
    [null, 'body: must be a JSON object { "segments": [...] }'],
    [[segment], 'body: must be a JSON object { "segments": [...] }'],
    [{ segments: [segment], teacherId: 'x' }, 'body: unknown properties teacherId; only "segments" is allowed'],
    [{ segments: [] }, `segments: must be an array of 1 to ${MAX_SEGMENTS_PER_BATCH} segments`],
    [{ segments: Array.from({ length: MAX_SEGMENTS_PER_BATCH + 1 }, () => segment) }, `segments: must be an array of 1 to ${MAX_SEGMENTS_PER_BATCH} segments`],
    [{ segments: [42] }, 'segments[0]: must be an object'],
  ])('refuses %j', (body, problem) => {
    expect(parseHeartbeatBody(body)).toEqual({ ok: false, problems: [problem] });
  });

  it('names every bad field with where and why', () => {
    const result = parseHeartbeatBody({
      segments: [segment, { ...segment, courseId: '', startPosition: 40, endPosition: 10, clientTime: 1.5, playbackRate: 32, extra: true }],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'segments[1].extra: unknown property',
        'segments[1].courseId: must be an id of 1-64 letters, digits or . _ : -',
        'segments[1].endPosition: 10 is before startPosition 40',
        "segments[1].clientTime: must be the client's clock in epoch milliseconds (an integer between 2020 and 2100)",
        'segments[1].playbackRate: must be a number in (0, 16]',
      ],
    });
  });

  it('stops after ten problems', () => {
    const result = parseHeartbeatBody({ segments: Array.from({ length: 50 }, () => ({ ...segment, playbackRate: 0 })) });
    expect(result.ok === false && result.problems.length).toBe(10);
  });
});
