import { pause } from './pause.js';

describe('pause', () => {
  it('ends early when stopped', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const waiting = pause(10_000, stop.signal);
    stop.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('returns at once when already stopped', async () => {
    const stop = new AbortController();
    stop.abort();
    await expect(pause(10_000, stop.signal)).resolves.toBeUndefined();
  });
});
