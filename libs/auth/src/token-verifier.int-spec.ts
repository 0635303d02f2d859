// Against the real local Keycloak (deploy/local/stack): real tokens, the realm's real JWKS.
import 'reflect-metadata';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
// Through the public entry point, as services use it.
import { AuthError, AuthModule, CurrentPrincipal, Public, Roles, TokenVerifier, type AuthErrorCode, type Principal } from './index.js';

function env(key: string): string {
  const value = process.env[key];
  if (!value) throw new Error(`${key} is not set (is the local stack up? deploy/local/stack status)`);
  return value;
}

const KEYCLOAK_URL = env('KEYCLOAK_URL');
const ISSUER = env('OIDC_ISSUER');
const AUDIENCE = env('OIDC_AUDIENCE');
const PASSWORD = 'Demo-2026!';

async function passwordGrant(realm: string, clientId: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${KEYCLOAK_URL}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password, scope: 'openid' }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(`password grant for ${username}@${realm} failed: ${response.status} ${body.error} ${body.error_description}`);
  return body.access_token;
}

const demoToken = (username: string) => passwordGrant(env('KEYCLOAK_REALM'), 'yanxiu-dev-cli', username, PASSWORD);

async function codeOf(promise: Promise<unknown>): Promise<AuthErrorCode | 'accepted'> {
  try {
    await promise;
    return 'accepted';
  } catch (err) {
    if (err instanceof AuthError) return err.code;
    throw err;
  }
}

/** Flips a role in the payload, keeps header and signature: what an attacker would try. */
function tamper(token: string): string {
  const [header, payload = '', signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...claims, org_path: '/37', roles: ['province-admin'] })).toString('base64url');
  return `${header}.${forged}.${signature}`;
}

describe('TokenVerifier against the local Keycloak', () => {
  const sut = new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE });
  let cityAdminToken: string;

  beforeAll(async () => {
    cityAdminToken = await demoToken('city-admin');
  });

  it('verifies a real city-admin token through the realm JWKS', async () => {
    const principal = await sut.verify(cityAdminToken);
    expect(principal.roles).toEqual(['city-admin']);
    expect(principal.orgPath).toBe('/37/3701');
    expect(principal.username).toBe('city-admin');
    expect(principal.subject).toMatch(/^[0-9a-f-]{36}$/);
    expect(principal.token).toBe(cityAdminToken);
  });

  it.each([
    ['province-admin', ['province-admin'], '/37'],
    ['other-city-admin', ['city-admin'], '/37/3702'],
    ['county-admin', ['county-admin'], '/37/3701/370102'],
    ['school-admin', ['school-admin'], '/37/3701/370102/S0001'],
    ['teacher-demo', ['teacher'], '/37/3701/370102/S0001'],
  ])('maps %s to roles %p and org path %s', async (username, roles, orgPath) => {
    const principal = await sut.verify(await demoToken(username));
    expect(principal.roles).toEqual(roles);
    expect(principal.orgPath).toBe(orgPath);
  });

  it('rejects the same token tampered', async () => {
    expect(await codeOf(sut.verify(tamper(cityAdminToken)))).toBe('bad_signature');
  });

  it('rejects a real token for another audience', async () => {
    const other = new TokenVerifier({ issuer: ISSUER, audience: 'yanxiu-reporting' });
    expect(await codeOf(other.verify(cityAdminToken))).toBe('wrong_audience');
  });

  it('rejects a real token when another issuer is expected (localhost vs 127.0.0.1)', async () => {
    const other = new TokenVerifier({ issuer: 'http://localhost:8180/realms/yanxiu', audience: AUDIENCE, jwksUrl: `${ISSUER}/protocol/openid-connect/certs` });
    expect(await codeOf(other.verify(cityAdminToken))).toBe('wrong_issuer');
  });

  describe('a token from the master realm', () => {
    let masterToken: string;
    beforeAll(async () => {
      masterToken = await passwordGrant('master', 'admin-cli', env('KEYCLOAK_ADMIN_USER'), env('KEYCLOAK_ADMIN_PASSWORD'));
    });

    it('is rejected: its key is not in the yanxiu JWKS', async () => {
      expect(await codeOf(sut.verify(masterToken))).toBe('bad_signature');
    });

    it('is rejected on its claims even if the master keys were trusted', async () => {
      const confused = new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: `${KEYCLOAK_URL}/realms/master/protocol/openid-connect/certs` });
      // admin-cli tokens are lightweight (no `sub`, no `aud`); jose checks claim presence before the
      // iss value, so the first failure is one of these, never acceptance.
      expect(['malformed', 'wrong_audience', 'wrong_issuer']).toContain(await codeOf(confused.verify(masterToken)));
    });
  });

  describe('local verification', () => {
    let proxy: Server;
    let hits = 0;

    beforeAll(async () => {
      // Counts requests to the JWKS on their way to Keycloak.
      proxy = createServer((req, res) => {
        hits++;
        const upstream = httpRequest(`${ISSUER}/protocol/openid-connect/certs`, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        upstream.on('error', () => res.destroy());
        upstream.end();
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

    it('fetches the key set once for many verifications, and refetches only after the cooldown for unknown kids', async () => {
      const { port } = proxy.address() as AddressInfo;
      const counted = new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: `http://127.0.0.1:${port}/certs` });
      const tokens = await Promise.all(['city-admin', 'county-admin', 'school-admin'].map(demoToken));
      for (let i = 0; i < 60; i++) await counted.verify(tokens[i % tokens.length] ?? '');
      expect(hits).toBe(1);
      // A token with an unknown kid triggers one refetch, then the cooldown holds further ones off.
      const [, payload, signature] = cityAdminToken.split('.');
      const unknownKid = `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'not-a-realm-key' })).toString('base64url')}.${payload}.${signature}`;
      for (let i = 0; i < 5; i++) expect(await codeOf(counted.verify(unknownKid))).toBe('bad_signature');
      expect(hits).toBeLessThanOrEqual(2);
    });
  });
});

describe('AuthGuard in a real Nest HTTP app with real tokens', () => {
  @Controller()
  class ProbeController {
    @Public()
    @Get('health/live')
    live() {
      return { status: 'ok' };
    }

    @Get('me')
    me(@CurrentPrincipal() principal: Principal) {
      return { username: principal.username, roles: principal.roles, orgPath: principal.orgPath };
    }

    @Roles('province-admin')
    @Get('province/report')
    report() {
      return { ok: true };
    }
  }

  @Module({ imports: [AuthModule.forRoot({ issuer: ISSUER, audience: AUDIENCE })], controllers: [ProbeController] })
  class ProbeModule {}

  let app: NestFastifyApplication;
  let cityAdmin: string;
  let baseUrl: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
    // A real socket: fastify's inject() needs light-my-request, which require()s the ESM-only
    // `cookie` package, which jest cannot load on Node 20.
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    cityAdmin = await demoToken('city-admin');
  });
  afterAll(() => app.close());

  const get = async (url: string, token?: string) => {
    const res = await fetch(`${baseUrl}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { statusCode: res.status, body: (await res.json()) };
  };

  it('guards every route by default and lets @Public through', async () => {
    expect((await get('/health/live')).statusCode).toBe(200);
    const denied = await get('/me');
    expect(denied.statusCode).toBe(401);
    expect(denied.body).toMatchObject({ message: 'missing_token' });
  });

  it('injects the principal of a real token', async () => {
    const res = await get('/me', cityAdmin);
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({ username: 'city-admin', roles: ['city-admin'], orgPath: '/37/3701' });
  });

  it('answers 401 with the code for a tampered token and 403 for a missing role', async () => {
    expect((await get('/me', tamper(cityAdmin))).body).toMatchObject({ statusCode: 401, message: 'bad_signature' });
    expect((await get('/province/report', cityAdmin)).body).toMatchObject({ statusCode: 403, message: 'insufficient_role' });
    expect((await get('/province/report', await demoToken('province-admin'))).statusCode).toBe(200);
  });
});
