import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { metrics } from './metrics.js';

const httpRequestDuration = metrics.histogram('http_request_duration_seconds', 'HTTP requests by method, route pattern and status, errors included.', [
  'method',
  'route',
  'status',
]);

/** The parts of a Fastify request and reply the metric reads. */
export interface AnsweredRequest {
  method: string;
  /** The matched route's pattern (`/api/v1/teachers/:id`); undefined when no route matched. */
  routeOptions: { url?: string | undefined };
}
export interface SentReply {
  statusCode: number;
  /** Milliseconds since the request arrived. */
  elapsedTime: number;
}

/**
 * The pattern, never the raw URL: ids in paths would make a series per id. Requests that match no
 * route (scanners, typos) share one label for the same reason.
 */
export function routeLabel(request: AnsweredRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

export function observeHttpRequest(request: AnsweredRequest, reply: SentReply): void {
  httpRequestDuration.observe({ method: request.method, route: routeLabel(request), status: String(reply.statusCode) }, reply.elapsedTime / 1000);
}

/**
 * Times every request of a Nest Fastify app. A Fastify onResponse hook, not a Nest interceptor: it
 * also sees requests that guards reject, that match no route, or that fail before a handler runs.
 */
export function recordHttpMetrics(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      observeHttpRequest(request, reply);
      done();
    });
}
