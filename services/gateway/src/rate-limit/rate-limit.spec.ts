import { Controller, Get, Module, UnauthorizedException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@yanxiu/observability';
import { ProblemDetailsFilter } from '../problems/problem-details.filter.js';
import { rateLimitKey, registerRateLimit } from './rate-limit.js';

@Controller()
class Probe {
  @Get('api/v1/orgs')
  orgs(): never {
    throw new UnauthorizedException('missing_token');
  }

  @Get('health/live')
  live(): string {
    return 'ok';
  }
}

@Module({ controllers: [Probe] })
class ProbeModule {}

// The gateway's limit and error filter on a stand-in route that, like every API route without a token, answers 401.
describe('rate limits', () => {
  let app: NestFastifyApplication;
  let base: string;
  // Behind the ingress, as the gateway is (trustProxy): the client address comes from X-Forwarded-For.
  const get = async (url: string, headers: Record<string, string> = {}, address = '10.0.0.1') => {
    const response = await fetch(`${base}${url}`, { headers: { ...headers, 'x-forwarded-for': address } });
    return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  };

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter({ trustProxy: true }), { logger: false });
    await registerRateLimit(app, { perMinute: 3, clients: 1000 });
    app.useGlobalFilters(new ProblemDetailsFilter(createLogger('rate-limit-spec', 'fatal')));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(() => app?.close());

  it('answers 429 problem+json with Retry-After once an address spends its minute, and counts failed requests too', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/api/v1/orgs')).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await get('/api/v1/orgs');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body)).toMatchObject({ status: 429, title: 'Too Many Requests', detail: expect.stringContaining('rate_limited') as unknown });
    // Another address has its own allowance; probes are never limited.
    expect((await get('/api/v1/orgs', {}, '10.0.0.2')).statusCode).toBe(401);
    expect((await get('/health/live')).statusCode).toBe(200);
  });

  it('counts signed-in clients by token, not by the address a school shares', async () => {
    const tokens = ['a', 'b'].map((c) => `Bearer ${c.repeat(300)}`);
    for (let i = 0; i < 3; i++) expect((await get('/api/v1/orgs', { authorization: tokens[0]! }, '10.0.0.3')).statusCode).toBe(401);
    expect((await get('/api/v1/orgs', { authorization: tokens[0]! }, '10.0.0.3')).statusCode).toBe(429);
    expect((await get('/api/v1/orgs', { authorization: tokens[1]! }, '10.0.0.3')).statusCode).toBe(401);
  });

  it('keys by the token tail, or the address without a token', () => {
    const token = `Bearer header.payload.${'s'.repeat(300)}xyz`;
    expect(rateLimitKey({ headers: { authorization: token }, ip: '10.0.0.4' })).toBe(`token:${token.slice(-43)}`);
    expect(rateLimitKey({ headers: {}, ip: '10.0.0.4' })).toBe('ip:10.0.0.4');
    expect(rateLimitKey({ headers: { authorization: 'Bearer short' }, ip: '10.0.0.4' })).toBe('ip:10.0.0.4');
  });
});
