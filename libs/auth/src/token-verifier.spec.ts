import { SignJWT, createLocalJWKSet, errors, exportJWK, generateKeyPair, type JWK, type JWTPayload, type KeyLike } from 'jose';
import { AuthError, VerifierUnavailableError, type AuthErrorCode } from './auth-error.js';
import { TokenVerifier, classifyJoseError } from './token-verifier.js';

const ISSUER = 'https://sso.example.test/realms/yanxiu';
const AUDIENCE = 'yanxiu-api';
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let privateKey: KeyLike;
let otherPrivateKey: KeyLike;
let sut: TokenVerifier;
let publicJwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  otherPrivateKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  publicJwk = jwk;
  sut = new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keySet: createLocalJWKSet({ keys: [jwk] }) });
});

const baseClaims = (): JWTPayload => ({
  iss: ISSUER,
  aud: [AUDIENCE, 'account'],
  sub: 'user-1',
  iat: now(),
  exp: now() + 300,
  preferred_username: 'city-admin',
  org_path: '/37/3701',
  roles: ['offline_access', 'city-admin', 'default-roles-yanxiu'],
  realm_access: { roles: ['offline_access', 'city-admin'] },
});

function sign(claims: JWTPayload = {}, { key = privateKey, kid = 'k1' }: { key?: KeyLike; kid?: string } = {}) {
  return new SignJWT({ ...baseClaims(), ...claims }).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AuthError) return err.code;
    return `not an AuthError: ${String(err)}`;
  }
  return 'accepted';
}

describe('TokenVerifier', () => {
  it('turns a valid token into a principal', async () => {
    const token = await sign();
    const principal = await sut.verify(token);
    expect(principal).toEqual({ subject: 'user-1', username: 'city-admin', roles: ['city-admin'], orgPath: '/37/3701' });
    expect(principal.token).toBe(token);
  });

  it('carries the teacher_id claim when it is a UUID, and nothing otherwise', async () => {
    const teacherId = '8d0c8a4e-3f7b-4c1e-9a55-0c7d2b1e4f60';
    expect((await sut.verify(await sign({ teacher_id: teacherId.toUpperCase() }))).teacherId).toBe(teacherId);
    expect(await sut.verify(await sign({ teacher_id: 'not-a-uuid' }))).not.toHaveProperty('teacherId');
  });

  it('keeps the token out of serialised principals (no bearer tokens in logs)', async () => {
    const principal = await sut.verify(await sign());
    expect(JSON.stringify(principal)).not.toContain(principal.token);
    expect({ ...principal }).not.toHaveProperty('token');
  });

  it('merges roles and realm_access.roles, ignores unknown roles, orders them', async () => {
    const principal = await sut.verify(
      await sign({ roles: ['teacher', 'superuser', 42, 'school-admin'], realm_access: { roles: ['tutor', 'teacher', 'admin'] } }),
    );
    expect(principal.roles).toEqual(['teacher', 'tutor', 'school-admin']);
    expect((await sut.verify(await sign({ roles: undefined, realm_access: undefined }))).roles).toEqual([]);
  });

  it.each([['/37/'], ['37/3701'], ['/37//3701'], ['/37/3701%'], ['/37/37_01'], ['/37/../38'], [''], [['/37']], [37]])(
    'gives orgPath null for org_path %p',
    async (orgPath) => {
      expect((await sut.verify(await sign({ org_path: orgPath }))).orgPath).toBeNull();
    },
  );

  it('falls back to the subject when preferred_username is absent', async () => {
    expect((await sut.verify(await sign({ preferred_username: undefined }))).username).toBe('user-1');
  });

  it('rejects an expired token', async () => {
    expect(await codeOf(sut.verify(await sign({ iat: now() - 600, exp: now() - 120 })))).toBe('expired');
  });

  it('accepts clock skew within the tolerance (exp 10 s ago, nbf 10 s ahead)', async () => {
    await expect(sut.verify(await sign({ exp: now() - 10 }))).resolves.toBeDefined();
    await expect(sut.verify(await sign({ nbf: now() + 10 }))).resolves.toBeDefined();
  });

  it('rejects a token not yet valid beyond the tolerance', async () => {
    expect(await codeOf(sut.verify(await sign({ nbf: now() + 120 })))).toBe('not_yet_valid');
  });

  it('rejects a tampered payload with the original signature', async () => {
    const [header, , signature] = (await sign()).split('.');
    const escalated = b64({ ...baseClaims(), org_path: '/37', roles: ['province-admin'] });
    expect(await codeOf(sut.verify(`${header}.${escalated}.${signature}`))).toBe('bad_signature');
  });

  it('rejects a token with one payload character flipped', async () => {
    const token = await sign();
    const [header, payload = '', signature] = token.split('.');
    const i = payload.length - 5;
    const flipped = payload.slice(0, i) + (payload[i] === 'A' ? 'B' : 'A') + payload.slice(i + 1);
    expect(['bad_signature', 'malformed']).toContain(await codeOf(sut.verify(`${header}.${flipped}.${signature}`)));
  });

  it('rejects a wrong issuer and a wrong audience', async () => {
    expect(await codeOf(sut.verify(await sign({ iss: 'https://evil.test/realms/yanxiu' })))).toBe('wrong_issuer');
    expect(await codeOf(sut.verify(await sign({ aud: ['account', 'yanxiu-web'] })))).toBe('wrong_audience');
    expect(await codeOf(sut.verify(await sign({ aud: undefined })))).toBe('wrong_audience');
  });

  it('rejects an unsigned alg:none token', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(baseClaims())}.`;
    expect(await codeOf(sut.verify(token))).toBe('unsupported_algorithm');
  });

  it('rejects HS256 tokens, including one keyed with the public key (algorithm confusion)', async () => {
    const hs = await new SignJWT(baseClaims()).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode('some-shared-secret-32-bytes-long!'));
    expect(await codeOf(sut.verify(hs))).toBe('unsupported_algorithm');
    const jwks = await exportJWK(privateKey);
    const confused = await new SignJWT(baseClaims()).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(JSON.stringify({ kty: jwks.kty, n: jwks.n, e: jwks.e })));
    expect(await codeOf(sut.verify(confused))).toBe('unsupported_algorithm');
  });

  it('rejects a token signed by another key pair, with our kid or another', async () => {
    expect(await codeOf(sut.verify(await sign({}, { key: otherPrivateKey })))).toBe('bad_signature');
    expect(await codeOf(sut.verify(await sign({}, { key: otherPrivateKey, kid: 'k2' })))).toBe('bad_signature');
  });

  it('requires exp and sub', async () => {
    expect(await codeOf(sut.verify(await sign({ exp: undefined })))).toBe('malformed');
    expect(await codeOf(sut.verify(await sign({ sub: undefined })))).toBe('malformed');
  });

  it('refuses missing, garbage and oversized tokens before any crypto', async () => {
    expect(await codeOf(sut.verify(undefined))).toBe('missing_token');
    expect(await codeOf(sut.verify(''))).toBe('missing_token');
    expect(await codeOf(sut.verify('not-a-jwt'))).toBe('malformed');
    expect(await codeOf(sut.verify('a.b.c'))).toBe('malformed');
    expect(await codeOf(sut.verify(`${'a'.repeat(20_000)}.b.c`))).toBe('malformed');
  });

  it('reports an unreachable key set as VerifierUnavailableError, not as the caller’s fault', async () => {
    const down = new TokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keySet: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    });
    await expect(down.verify(await sign())).rejects.toBeInstanceOf(VerifierUnavailableError);
    const timeout = new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keySet: () => Promise.reject(new errors.JWKSTimeout()) });
    await expect(timeout.verify(await sign())).rejects.toBeInstanceOf(VerifierUnavailableError);
  });

  it('defaults the JWKS URL to the Keycloak certs endpoint (fetched lazily)', () => {
    expect(new TokenVerifier({ issuer: `${ISSUER}/`, audience: AUDIENCE }).jwksUrl).toBe(`${ISSUER}/protocol/openid-connect/certs`);
    expect(new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: 'http://kc/certs' }).jwksUrl).toBe('http://kc/certs');
  });

  it('refuses configurations that would allow symmetric or no signatures', () => {
    expect(() => new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256', 'HS256'] })).toThrow(TypeError);
    expect(() => new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, algorithms: ['none'] })).toThrow(TypeError);
    expect(() => new TokenVerifier({ issuer: ISSUER, audience: AUDIENCE, algorithms: [] })).toThrow(TypeError);
    expect(() => new TokenVerifier({ issuer: ISSUER, audience: [] })).toThrow(TypeError);
    expect(() => new TokenVerifier({ issuer: '', audience: AUDIENCE })).toThrow(TypeError);
  });
});

describe('classifyJoseError', () => {
  const claim = (name: string, reason = 'check_failed') => new errors.JWTClaimValidationFailed('x', {}, name, reason);
  it.each<[Error, AuthErrorCode | 'unavailable']>([
    [new errors.JWTExpired('x', {}), 'expired'],
    [claim('iss'), 'wrong_issuer'],
    [claim('aud'), 'wrong_audience'],
    [claim('nbf'), 'not_yet_valid'],
    [claim('nbf', 'invalid'), 'malformed'],
    [claim('exp', 'missing'), 'malformed'],
    [claim('sub', 'missing'), 'malformed'],
    [new errors.JOSEAlgNotAllowed(), 'unsupported_algorithm'],
    [new errors.JOSENotSupported(), 'unsupported_algorithm'],
    [new errors.JWSSignatureVerificationFailed(), 'bad_signature'],
    [new errors.JWKSNoMatchingKey(), 'bad_signature'],
    [new errors.JWSInvalid(), 'malformed'],
    [new errors.JWTInvalid(), 'malformed'],
    [new errors.JWEInvalid(), 'malformed'],
    [new errors.JWEDecryptionFailed(), 'malformed'],
    [new errors.JWKSMultipleMatchingKeys(), 'malformed'],
    [new errors.JOSEError(), 'unavailable'],
    [new errors.JWKSTimeout(), 'unavailable'],
    [new errors.JWKSInvalid(), 'unavailable'],
    [new errors.JWKInvalid(), 'unavailable'],
    [new TypeError('boom'), 'unavailable'],
  ])('%p → %s', (err, code) => {
    expect(classifyJoseError(err)).toBe(code);
  });

  it('knows every error class jose exports (a jose upgrade adding one must update the mapping)', () => {
    const codes = Object.values(errors).map((cls) => (cls as unknown as { code: string }).code);
    expect(codes.sort()).toEqual(
      [
        'ERR_JOSE_GENERIC',
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
        'ERR_JWT_EXPIRED',
        'ERR_JOSE_ALG_NOT_ALLOWED',
        'ERR_JOSE_NOT_SUPPORTED',
        'ERR_JWE_DECRYPTION_FAILED',
        'ERR_JWE_INVALID',
        'ERR_JWS_INVALID',
        'ERR_JWT_INVALID',
        'ERR_JWK_INVALID',
        'ERR_JWKS_INVALID',
        'ERR_JWKS_NO_MATCHING_KEY',
        'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
        'ERR_JWKS_TIMEOUT',
        'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      ].sort(),
    );
  });

  describe('remembers verified tokens', () => {
    /** A verifier over the suite's key whose key-set lookups are counted, on a clock the test moves. */
    function counting(options: { verifiedCacheSize?: number } = {}) {
      const clock = { ms: Date.now() };
      const lookups = { n: 0 };
      const keys = createLocalJWKSet({ keys: [publicJwk] });
      const verifier = new TokenVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        keySet: (header, token) => {
          lookups.n += 1;
          return keys(header, token);
        },
        now: () => clock.ms,
        ...options,
      });
      return { verifier, clock, lookups };
    }

    it('checks the signature once per token, and gives back the same principal', async () => {
      const { verifier, lookups } = counting();
      const token = await sign({ sub: 'cached-1' });
      const first = await verifier.verify(token);
      expect(await verifier.verify(token)).toBe(first);
      expect(lookups.n).toBe(1);
      // Any other token — even one differing in a single signature character — is verified afresh.
      const tampered = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1)!;
      expect(await codeOf(verifier.verify(tampered))).toBe('bad_signature');
      expect(lookups.n).toBe(2);
    });

    it('stops accepting a remembered token once it expires (with the clock tolerance)', async () => {
      const { verifier, clock } = counting();
      const token = await sign({ sub: 'cached-2', exp: now() + 60 });
      await verifier.verify(token);
      clock.ms += 60_000 + 29_000;
      expect(await codeOf(verifier.verify(token))).toBe('accepted');
      clock.ms += 2_000;
      expect(await codeOf(verifier.verify(token))).toBe('expired');
    });

    it('keeps at most verifiedCacheSize tokens, forgetting the oldest', async () => {
      const { verifier, lookups } = counting({ verifiedCacheSize: 1 });
      const [a, b] = [await sign({ sub: 'cached-a' }), await sign({ sub: 'cached-b' })];
      await verifier.verify(a);
      await verifier.verify(b);
      await verifier.verify(a);
      expect(lookups.n).toBe(3);
      const none = counting({ verifiedCacheSize: 0 });
      await none.verifier.verify(a);
      await none.verifier.verify(a);
      expect(none.lookups.n).toBe(2);
    });
  });
});
