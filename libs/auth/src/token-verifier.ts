import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthError, VerifierUnavailableError, type AuthErrorCode } from './auth-error.js';
import { principalFromClaims, type Principal } from './principal.js';

export interface TokenVerifierOptions {
  /** Expected `iss`, e.g. `http://127.0.0.1:8180/realms/yanxiu`. */
  issuer: string;
  /** Expected audience; the token's `aud` must contain it (or one of them). */
  audience: string | readonly string[];
  /** Defaults to the Keycloak certs endpoint of the issuer. */
  jwksUrl?: string;
  clockToleranceSeconds?: number;
  /** Signature algorithms allowed; asymmetric only. Default `['RS256']`. */
  algorithms?: readonly string[];
  /** A key set to use instead of fetching the JWKS (unit tests: `createLocalJWKSet`). */
  keySet?: JWTVerifyGetKey;
  /**
   * Tokens remembered as verified, at most (0: none). A player sends a heartbeat every few seconds
   * with the same token for its whole life, and the RSA check is the biggest CPU cost of such a request.
   */
  verifiedCacheSize?: number;
  /** The clock, in ms (tests). */
  now?: () => number;
}

interface VerifiedToken {
  principal: Principal;
  /** `exp` in ms, plus the clock tolerance. */
  validUntilMs: number;
}

/** Asymmetric JWS algorithms: a public JWKS can never be used as an HMAC secret, nor `none`. */
const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set(
  ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'],
);

/** Bigger than any token Keycloak issues us; refuse before parsing anything. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Verifies Keycloak access tokens locally: signature against the realm's JWKS (fetched once,
 * cached, refetched at most every 30 s when an unknown `kid` shows up), then issuer, audience,
 * algorithm allow-list, `exp` (required), `nbf`, with clock tolerance. No call to Keycloak per request.
 * A verified token is remembered until its `exp` (bounded cache), so a token used again costs a lookup.
 */
export class TokenVerifier {
  readonly issuer: string;
  readonly jwksUrl: string | null;
  private readonly audience: string | string[];
  private readonly algorithms: string[];
  private readonly clockTolerance: number;
  private readonly keySet: JWTVerifyGetKey;
  private readonly reload: (() => Promise<void>) | null;
  /** Keyed by the whole token: any other byte in it is another token, verified afresh. Oldest evicted first. */
  private readonly verified = new Map<string, VerifiedToken>();
  private readonly verifiedCacheSize: number;
  private readonly now: () => number;

  constructor(options: TokenVerifierOptions) {
    if (!options.issuer) throw new TypeError('TokenVerifier: issuer is required');
    const audience = typeof options.audience === 'string' ? options.audience : [...options.audience];
    if (audience.length === 0) throw new TypeError('TokenVerifier: audience is required');
    const algorithms = [...(options.algorithms ?? ['RS256'])];
    const refused = algorithms.filter((alg) => !ASYMMETRIC_ALGORITHMS.has(alg));
    if (algorithms.length === 0 || refused.length > 0) {
      throw new TypeError(`TokenVerifier: algorithms must be a non-empty list of asymmetric JWS algorithms (refused: ${refused.join(', ')})`);
    }
    const clockTolerance = options.clockToleranceSeconds ?? 30;
    if (!Number.isFinite(clockTolerance) || clockTolerance < 0) throw new TypeError('TokenVerifier: clockToleranceSeconds must be >= 0');

    this.issuer = options.issuer;
    this.audience = audience;
    this.algorithms = algorithms;
    this.clockTolerance = clockTolerance;
    this.verifiedCacheSize = options.verifiedCacheSize ?? 10_000;
    this.now = options.now ?? Date.now;
    if (options.keySet) {
      this.keySet = options.keySet;
      this.jwksUrl = null;
      this.reload = null;
    } else {
      this.jwksUrl = options.jwksUrl ?? `${options.issuer.replace(/\/+$/, '')}/protocol/openid-connect/certs`;
      const remote = createRemoteJWKSet(new URL(this.jwksUrl));
      this.keySet = remote;
      this.reload = () => remote.reload();
    }
  }

  /** Fetches the key set now (start-up / readiness), so the first request does not wait for it. */
  async warmUp(): Promise<void> {
    if (!this.reload) return;
    try {
      await this.reload();
    } catch (err) {
      throw new VerifierUnavailableError(`cannot fetch the JWKS from ${this.jwksUrl}`, { cause: err });
    }
  }

  /**
   * Returns the principal of a valid token. Throws AuthError (the token is not acceptable) or
   * VerifierUnavailableError (keys could not be obtained; the token was not judged).
   */
  async verify(token: string | null | undefined): Promise<Principal> {
    if (token === undefined || token === null || token === '') throw new AuthError('missing_token');
    // A remembered token passed every check below already; a player sends the same one all session.
    const known = this.verified.get(token);
    if (known) {
      if (this.now() < known.validUntilMs) return known.principal;
      this.verified.delete(token);
    }
    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw new AuthError('malformed', 'not a compact JWS');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySet, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: this.algorithms,
        clockTolerance: this.clockTolerance,
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(this.now()),
      }));
    } catch (err) {
      const code = classifyJoseError(err);
      if (code === 'unavailable') {
        throw new VerifierUnavailableError(`token verification failed on the server side${this.jwksUrl ? ` (JWKS ${this.jwksUrl})` : ''}`, { cause: err });
      }
      throw new AuthError(code, err instanceof Error ? err.message : undefined);
    }
    const principal = principalFromClaims(payload, token);
    this.remember(token, principal, payload.exp!);
    return principal;
  }

  private remember(token: string, principal: Principal, exp: number): void {
    if (this.verifiedCacheSize === 0) return;
    if (this.verified.size >= this.verifiedCacheSize) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, validUntilMs: (exp + this.clockTolerance) * 1000 });
  }
}

/** Every error code jose 5 defines. Matched by code, not instanceof, to be immune to CJS/ESM dual loading. */
const JOSE_ERROR_CODES = [
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
] as const;
type JoseErrorCode = (typeof JOSE_ERROR_CODES)[number];
const joseErrorCodes: ReadonlySet<string> = new Set(JOSE_ERROR_CODES);

interface JoseErrorLike {
  code: JoseErrorCode;
  claim?: unknown;
  reason?: unknown;
}

function isJoseError(err: unknown): err is JoseErrorLike {
  const code: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && joseErrorCodes.has(code);
}

/** Maps a jose failure to the caller-facing code, or `unavailable` when the fault is ours. */
export function classifyJoseError(err: unknown): AuthErrorCode | 'unavailable' {
  // Anything jose did not raise (ECONNREFUSED from the JWKS fetch, a TypeError from a bad key) is a server fault.
  if (!isJoseError(err)) return 'unavailable';
  switch (err.code) {
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      switch (err.claim) {
        case 'iss':
          return 'wrong_issuer';
        case 'aud':
          return 'wrong_audience';
        case 'nbf':
          return err.reason === 'check_failed' ? 'not_yet_valid' : 'malformed';
        default:
          return 'malformed'; // missing or non-numeric exp/sub/iat
      }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'unsupported_algorithm';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY': // signed by a key that is not the issuer's
      return 'bad_signature';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JWE_INVALID':
    case 'ERR_JWE_DECRYPTION_FAILED':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS': // no `kid` and several candidate keys: we will not guess
      return 'malformed';
    case 'ERR_JOSE_GENERIC': // non-200 or non-JSON JWKS response
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
      return 'unavailable';
  }
}
