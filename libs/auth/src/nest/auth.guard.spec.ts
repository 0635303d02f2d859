import 'reflect-metadata';
import { ForbiddenException, HttpException, Injectable, Module, ServiceUnavailableException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { RpcException } from '@nestjs/microservices';
import { Metadata } from '@grpc/grpc-js';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, type KeyLike } from 'jose';
import { TokenVerifier } from '../token-verifier.js';
import { Public, Roles } from './auth.decorators.js';
import { AuthGuard, bearerToken } from './auth.guard.js';
import { AuthModule } from './auth.module.js';
import { grpcAuthMetadata } from './grpc-metadata.js';
import { principalFromContext, principalOf } from './principal-context.js';

const ISSUER = 'https://sso.example.test/realms/yanxiu';
const AUDIENCE = 'yanxiu-api';

class Probe {
  @Public() health() {}
  anyone() {}
  @Roles('city-admin', 'province-admin') admins() {}
}

@Roles('province-admin')
class ProvinceOnly {
  report() {}
  @Public() docs() {}
}

function contextFor(type: string, args: unknown[], cls: object, handler: () => void): ExecutionContext {
  return {
    getType: () => type,
    getClass: () => cls,
    getHandler: () => handler,
    getArgs: () => args,
    getArgByIndex: (i: number) => args[i],
    switchToHttp: () => ({ getRequest: () => args[0], getResponse: () => args[1], getNext: () => args[2] }),
    switchToRpc: () => ({ getData: () => args[0], getContext: () => args[1] }),
    switchToWs: () => ({ getClient: () => args[0], getData: () => args[1], getPattern: () => '' }),
  } as unknown as ExecutionContext;
}

const http = (authorization: string | undefined, handler: () => void = Probe.prototype.anyone, cls: object = Probe) => {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  return { request, context: contextFor('http', [request, {}, () => undefined], cls, handler) };
};
const rpc = (metadata: Metadata, handler: () => void = Probe.prototype.anyone, cls: object = Probe) => ({
  metadata,
  context: contextFor('rpc', [{ id: 1 }, metadata, {}], cls, handler),
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

const httpError = (err: unknown) => {
  expect(err).toBeInstanceOf(HttpException);
  return { status: (err as HttpException).getStatus(), message: (err as HttpException).message };
};
const rpcError = (err: unknown) => {
  expect(err).toBeInstanceOf(RpcException);
  return (err as RpcException).getError();
};

let privateKey: KeyLike;
let verifier: TokenVerifier;
let sut: AuthGuard;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  verifier = new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keySet: createLocalJWKSet({ keys: [jwk] }) });
  sut = new AuthGuard(verifier, new Reflector());
});

const token = (claims: JWTPayload = {}) =>
  new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'u1', preferred_username: 'teacher-demo', roles: ['teacher'], org_path: '/37/3701/370102/S0001', exp: Math.floor(Date.now() / 1000) + 300, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .sign(privateKey);

describe('AuthGuard over HTTP', () => {
  it('401 missing_token without an Authorization header', async () => {
    expect(httpError(await rejection(sut.canActivate(http(undefined).context)))).toEqual({ status: 401, message: 'missing_token' });
  });

  it('401 with the AuthError code for a bad token', async () => {
    const expired = await token({ exp: Math.floor(Date.now() / 1000) - 3600 });
    expect(httpError(await rejection(sut.canActivate(http(`Bearer ${expired}`).context)))).toEqual({ status: 401, message: 'expired' });
    expect(httpError(await rejection(sut.canActivate(http('Bearer x.y.z').context))).status).toBe(401);
  });

  it('authenticates a valid bearer token and exposes the principal to the handler', async () => {
    const raw = await token();
    const { request, context } = http(`bearer  ${raw} `);
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(principalOf(request)).toMatchObject({ subject: 'u1', roles: ['teacher'] });
    expect(principalFromContext(context).token).toBe(raw);
  });

  it('403 insufficient_role when @Roles is not met, on the method or the class', async () => {
    const raw = await token();
    const err = await rejection(sut.canActivate(http(`Bearer ${raw}`, Probe.prototype.admins).context));
    expect(err).toBeInstanceOf(ForbiddenException);
    expect(httpError(err)).toEqual({ status: 403, message: 'insufficient_role' });
    const classLevel = await rejection(sut.canActivate(http(`Bearer ${raw}`, ProvinceOnly.prototype.report, ProvinceOnly).context));
    expect(httpError(classLevel).status).toBe(403);
  });

  it('passes when one of the @Roles is held', async () => {
    const raw = await token({ roles: ['city-admin'], org_path: '/37/3701' });
    await expect(sut.canActivate(http(`Bearer ${raw}`, Probe.prototype.admins).context)).resolves.toBe(true);
  });

  it('lets @Public through without a token, and then has no principal', async () => {
    const { context } = http(undefined, Probe.prototype.health);
    await expect(sut.canActivate(context)).resolves.toBe(true);
    await expect(sut.canActivate(http(undefined, ProvinceOnly.prototype.docs, ProvinceOnly).context)).resolves.toBe(true);
    expect(() => principalFromContext(context)).toThrow(UnauthorizedException);
  });

  it('503 when the verifier cannot get its keys (never lets the call through)', async () => {
    const down = new AuthGuard(new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keySet: () => Promise.reject(new Error('ECONNREFUSED')) }), new Reflector());
    const err = await rejection(down.canActivate(http(`Bearer ${await token()}`).context));
    expect(err).toBeInstanceOf(ServiceUnavailableException);
  });

  it('refuses other context types', async () => {
    await expect(sut.canActivate(contextFor('ws', [{}, {}], Probe, Probe.prototype.anyone))).rejects.toThrow(/unsupported context type/);
  });
});

describe('AuthGuard over gRPC', () => {
  it('UNAUTHENTICATED (16) without authorization metadata', async () => {
    expect(rpcError(await rejection(sut.canActivate(rpc(new Metadata()).context)))).toEqual({ code: 16, message: 'missing_token' });
  });

  it('authenticates metadata built by grpcAuthMetadata', async () => {
    const raw = await token();
    const { metadata, context } = rpc(grpcAuthMetadata(raw));
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(principalOf(metadata)?.username).toBe('teacher-demo');
    expect(principalFromContext(context).subject).toBe('u1');
  });

  it('PERMISSION_DENIED (7) when @Roles is not met', async () => {
    const { context } = rpc(grpcAuthMetadata(await token()), Probe.prototype.admins);
    expect(rpcError(await rejection(sut.canActivate(context)))).toEqual({ code: 7, message: 'insufficient_role' });
  });

  it('UNAUTHENTICATED malformed for two authorization values', async () => {
    const metadata = grpcAuthMetadata(await token());
    metadata.add('authorization', 'Bearer other');
    expect(rpcError(await rejection(sut.canActivate(rpc(metadata).context)))).toEqual({ code: 16, message: 'malformed' });
  });

  it('UNAVAILABLE (14) when the verifier cannot get its keys', async () => {
    const down = new AuthGuard(new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keySet: () => Promise.reject(new Error('ECONNREFUSED')) }), new Reflector());
    expect(rpcError(await rejection(down.canActivate(rpc(grpcAuthMetadata(await token())).context)))).toEqual({ code: 14, message: 'unavailable' });
  });

  it('lets @Public through', async () => {
    await expect(sut.canActivate(rpc(new Metadata(), Probe.prototype.health).context)).resolves.toBe(true);
  });
});

describe('bearerToken', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['Basic dXNlcjpwdw==', undefined],
    ['Bearer', undefined],
    ['Bearer   ', undefined],
    ['Bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    ['  bearer \t abc  ', 'abc'],
    ['Bearerabc', undefined],
  ])('%p → %p', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });

  it('rejects ambiguous values', () => {
    expect(() => bearerToken('Bearer a b')).toThrow(/malformed/);
    expect(() => bearerToken(['Bearer a', 'Bearer b'])).toThrow(/malformed/);
  });
});

describe('grpcAuthMetadata', () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('carries the principal’s token and the W3C trace context', async () => {
    const raw = await token();
    const metadata = grpcAuthMetadata(await verifier.verify(raw), { traceparent, tracestate: 'yx=1' });
    expect(metadata.get('authorization')).toEqual([`Bearer ${raw}`]);
    expect(metadata.get('traceparent')).toEqual([traceparent]);
    expect(metadata.get('tracestate')).toEqual(['yx=1']);
  });

  it('drops an invalid traceparent and refuses an empty token', () => {
    expect(grpcAuthMetadata('abc', { traceparent: 'garbage', tracestate: 'yx=1' }).get('traceparent')).toEqual([]);
    expect(grpcAuthMetadata('abc', { traceparent: 'garbage', tracestate: 'yx=1' }).get('tracestate')).toEqual([]);
    expect(() => grpcAuthMetadata('')).toThrow(TypeError);
    expect(() => grpcAuthMetadata('a\r\nx-admin: 1')).toThrow(TypeError);
  });
});

describe('AuthModule', () => {
  const keySet = () => Promise.reject(new Error('not used'));

  it('forRoot provides the verifier and the guard', async () => {
    const app = await NestFactory.createApplicationContext(AuthModule.forRoot({ issuer: ISSUER, audience: AUDIENCE, keySet }), { logger: false });
    expect(app.get(TokenVerifier).issuer).toBe(ISSUER);
    expect(app.get(AuthGuard)).toBeInstanceOf(AuthGuard);
    await app.close();
  });

  it('forRootAsync builds the verifier from injected configuration', async () => {
    @Injectable()
    class OidcConfig {
      readonly issuer = 'https://other.test/realms/yanxiu';
    }
    @Module({ providers: [OidcConfig], exports: [OidcConfig] })
    class ConfigModule {}

    const app = await NestFactory.createApplicationContext(
      AuthModule.forRootAsync({
        imports: [ConfigModule],
        inject: [OidcConfig],
        useFactory: (config: OidcConfig) => ({ issuer: config.issuer, audience: AUDIENCE, keySet }),
      }),
      { logger: false },
    );
    expect(app.get(TokenVerifier).issuer).toBe('https://other.test/realms/yanxiu');
    await app.close();
  });
});
