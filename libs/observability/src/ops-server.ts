import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runReadinessChecks, type ReadinessCheck } from './health.js';
import { metricsRegistry } from './metrics.js';

export interface OpsServerOptions {
  port: number;
  host: string;
  /** What /health/ready runs, as in HealthModule. */
  checks: ReadinessCheck[];
}

export interface OpsServer {
  /** The bound port (differs from the option when that was 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * /metrics, /health/live and /health/ready for processes without a Nest HTTP app (the outbox
 * relay, event consumers): the same answers the HealthController and MetricsController give.
 */
export async function startOpsServer({ port, host, checks }: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((request, response) => void answer(request, response, checks));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function answer(request: IncomingMessage, response: ServerResponse, checks: ReadinessCheck[]): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://ops').pathname;
  try {
    if (request.method !== 'GET') return send(response, 405, 'text/plain', 'only GET\n');
    switch (path) {
      case '/metrics':
        return send(response, 200, metricsRegistry.contentType, await metricsRegistry.metrics());
      case '/health/live':
        return sendJson(response, 200, { status: 'ok' });
      case '/health/ready': {
        const result = await runReadinessChecks(checks);
        return sendJson(response, result.status === 'ok' ? 200 : 503, result);
      }
      default:
        return send(response, 404, 'text/plain', 'not found\n');
    }
  } catch (error) {
    send(response, 500, 'text/plain', `${error instanceof Error ? error.message : String(error)}\n`);
  }
}

function sendJson(response: ServerResponse, statusCode: number, body: unknown): void {
  send(response, statusCode, 'application/json', JSON.stringify(body));
}

function send(response: ServerResponse, statusCode: number, contentType: string, body: string): void {
  response.writeHead(statusCode, { 'content-type': contentType }).end(body);
}
