import rateLimit from '@fastify/rate-limit';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

export interface RateLimitOptions {
  /** Requests per client per minute. */
  perMinute: number;
  /** Clients remembered per gateway process (least recently seen forgotten first). */
  clients: number;
}

/** Probes and scrapes are the platform's own; they are never limited. */
const isOps = (url: string) => url.startsWith('/health/') || url === '/metrics';

/**
 * Who a request is counted against: a signed-in client by its token — a whole school watches from
 * behind one NAT address in the concentrated week, so addresses would throttle classrooms — and
 * anyone else by address. The key is the token's tail (part of its signature): cheap, and a forged
 * token with someone's tail only spends that person's allowance on requests that fail to authenticate.
 */
export function rateLimitKey(request: Pick<FastifyRequest, 'headers' | 'ip'>): string {
  const authorization = request.headers.authorization?.trim();
  return authorization && authorization.length > 64 ? `token:${authorization.slice(-43)}` : `ip:${request.ip}`;
}

/**
 * Per-client request limits, checked before anything else (a flood costs a map lookup, not a
 * token check). Counters live in each gateway process, so with n replicas a client may reach n ×
 * the limit: a guard against runaway players and scripts, not a quota.
 */
export async function registerRateLimit(app: NestFastifyApplication, { perMinute, clients }: RateLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    cache: clients,
    allowList: (request) => isOps(request.url),
    keyGenerator: rateLimitKey,
    // Thrown into Nest's error handling, so the answer is problem+json like every other error.
    errorResponseBuilder: (_request, context) =>
      new HttpException(`rate_limited: more than ${context.max} requests a minute from this client; retry in ${context.after}`, HttpStatus.TOO_MANY_REQUESTS),
  });
}
