import type { MetricValue } from 'prom-client';
import { metricsRegistry } from './metrics.js';
import { observeHttpRequest, routeLabel } from './http-metrics.js';

/** One histogram series: `_count`, `_sum` or a `_bucket`. */
async function histogramSeries(suffix: string): Promise<MetricValue<string>[]> {
  const histogram = await metricsRegistry.getSingleMetric('http_request_duration_seconds')?.get();
  return (histogram?.values ?? []).filter((v) => 'metricName' in v && v.metricName === `http_request_duration_seconds_${suffix}`);
}

describe('HTTP request metrics', () => {
  beforeEach(() => metricsRegistry.getSingleMetric('http_request_duration_seconds')?.reset());

  it('labels a request with its route pattern, not its URL', () => {
    expect(routeLabel({ method: 'GET', routeOptions: { url: '/api/v1/teachers/:id' } })).toBe('/api/v1/teachers/:id');
  });

  it('gives every request that matched no route one label', () => {
    expect(routeLabel({ method: 'GET', routeOptions: {} })).toBe('unmatched');
  });

  it('records errors as well as successes, by method, route and status', async () => {
    const teacher = { method: 'GET', routeOptions: { url: '/api/v1/teachers/:id' } };
    observeHttpRequest(teacher, { statusCode: 200, elapsedTime: 12 });
    observeHttpRequest(teacher, { statusCode: 200, elapsedTime: 30 });
    observeHttpRequest(teacher, { statusCode: 404, elapsedTime: 3 });
    observeHttpRequest({ method: 'POST', routeOptions: {} }, { statusCode: 404, elapsedTime: 1 });

    expect(await histogramSeries('count')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { method: 'GET', route: '/api/v1/teachers/:id', status: '200' }, value: 2 }),
        expect.objectContaining({ labels: { method: 'GET', route: '/api/v1/teachers/:id', status: '404' }, value: 1 }),
        expect.objectContaining({ labels: { method: 'POST', route: 'unmatched', status: '404' }, value: 1 }),
      ]),
    );
  });

  it('observes seconds', async () => {
    observeHttpRequest({ method: 'GET', routeOptions: { url: '/health/live' } }, { statusCode: 200, elapsedTime: 250 });
    const [sum] = await histogramSeries('sum');
    expect(sum?.value).toBeCloseTo(0.25);
  });
});
