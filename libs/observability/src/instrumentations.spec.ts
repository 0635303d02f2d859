import type { IncomingMessage } from 'node:http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { getNodeAutoInstrumentations } from './instrumentations.js';

function untraced(sampledPaths: Record<string, number>) {
  const http = getNodeAutoInstrumentations({ sampledPaths }).find((i) => i instanceof HttpInstrumentation)!;
  const hook = (http.getConfig()).ignoreIncomingRequestHook!;
  return (url: string) => hook({ url } as IncomingMessage);
}

describe('HTTP tracing of hot paths', () => {
  it('never traces probes and metrics', () => {
    const ignored = untraced({});
    expect([ignored('/health/live'), ignored('/metrics'), ignored('/api/v1/orgs')]).toEqual([true, true, false]);
  });

  it('traces a sampled path at its ratio, query string or not, and other paths always', () => {
    const none = untraced({ '/api/v1/heartbeats': 0 });
    expect([none('/api/v1/heartbeats'), none('/api/v1/heartbeats?x=1'), none('/api/v1/heartbeatsX')]).toEqual([true, true, false]);
    const all = untraced({ '/api/v1/heartbeats': 1 });
    expect(all('/api/v1/heartbeats')).toBe(false);
    const some = untraced({ '/api/v1/heartbeats': 0.25 });
    const traced = Array.from({ length: 4000 }, () => some('/api/v1/heartbeats')).filter((ignored) => !ignored).length;
    expect(traced).toBeGreaterThan(800);
    expect(traced).toBeLessThan(1200);
  });
});
