import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeycloakAdmin, KeycloakTimeoutError } from './keycloak-admin.js';

/**
 * A local HTTP server on a real socket standing in for a Keycloak that hangs: it accepts every
 * connection and reads every request, but answers only the token request of realm `answers-tokens`
 * (so admin calls get that far); `/users/body-never-ends` gets its headers and never the rest of its
 * body; everything else gets no answer at all.
 */
function hungKeycloak(): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/realms/answers-tokens/protocol/openid-connect/token') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'token', expires_in: 300 }));
    } else if (request.url?.endsWith('/users/body-never-ends')) {
      response.writeHead(200, { 'content-type': 'application/json' }).write('{"id":');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** How long `call` took to fail, and with what. */
async function failure(call: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call;
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('the call succeeded against a Keycloak that never answers');
}

describe('the Keycloak admin client against a Keycloak that hangs', () => {
  let server: Server;
  const client = (realm: string, timeouts: { timeoutMs: number; importTimeoutMs?: number }) =>
    new KeycloakAdmin({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, realm, clientId: 'yanxiu-identity', clientSecret: 'secret', ...timeouts });

  beforeAll(async () => {
    server = await hungKeycloak();
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails a call that gets no answer after its timeout, naming Keycloak, the call and the bound', async () => {
    const { error, ms } = await failure(client('answers-tokens', { timeoutMs: 300 }).getUser('some-user'));
    expect(error).toBeInstanceOf(KeycloakTimeoutError);
    expect(error).toMatchObject({ operation: 'get user', timeoutMs: 300, message: 'Keycloak get user timed out: no answer within 300 ms' });
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1300);
  });

  it('fails a response whose body never ends the same way', async () => {
    const { error, ms } = await failure(client('answers-tokens', { timeoutMs: 300 }).getUser('body-never-ends'));
    expect(error).toMatchObject({ name: 'KeycloakTimeoutError', message: 'Keycloak get user timed out: no answer within 300 ms' });
    expect(ms).toBeLessThan(1300);
  });

  it('bounds the token request too', async () => {
    const { error } = await failure(client('answers-nothing', { timeoutMs: 300 }).countUsers());
    expect(error).toMatchObject({ name: 'KeycloakTimeoutError', message: 'Keycloak client credentials token timed out: no answer within 300 ms' });
  });

  it('gives a bulk partialImport its own, longer bound', async () => {
    const { error, ms } = await failure(client('answers-tokens', { timeoutMs: 200, importTimeoutMs: 800 }).partialImportUsers([{ username: 'someone' }]));
    expect(error).toMatchObject({ name: 'KeycloakTimeoutError', operation: 'partial import', timeoutMs: 800 });
    expect(ms).toBeGreaterThanOrEqual(790);
    expect(ms).toBeLessThan(1800);
  });
});
