import { metrics } from './metrics.js';
import { startOpsServer, type OpsServer } from './ops-server.js';

describe('startOpsServer', () => {
  let server: OpsServer;
  let databaseUp = true;
  const base = () => `http://127.0.0.1:${server.port}`;

  beforeAll(async () => {
    metrics.counter('ops_server_test_total', 'Counted by the ops server test.').inc(3);
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      checks: [{ name: 'database', check: () => (databaseUp ? Promise.resolve() : Promise.reject(new Error('connection refused'))) }],
    });
  });

  afterAll(() => server?.close());

  it('serves the process registry in the Prometheus text format', async () => {
    const response = await fetch(`${base()}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    expect(body).toContain('ops_server_test_total 3');
    expect(body).toContain('process_cpu_user_seconds_total');
  });

  it('is live whatever its dependencies do', async () => {
    databaseUp = false;
    const response = await fetch(`${base()}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready only while every check passes, and names the failing one', async () => {
    databaseUp = true;
    const ready = await fetch(`${base()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });

    databaseUp = false;
    const unready = await fetch(`${base()}/health/ready`);
    expect(unready.status).toBe(503);
    expect(await unready.json()).toEqual({ status: 'unavailable', checks: { database: 'connection refused' } });
  });

  it('answers 404 elsewhere', async () => {
    expect((await fetch(`${base()}/health`)).status).toBe(404);
  });
});
