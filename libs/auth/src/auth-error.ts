/** Why a token was refused. Each code maps to 401 (HTTP) / UNAUTHENTICATED (gRPC). */
export const AUTH_ERROR_CODES = [
  'missing_token',
  'malformed',
  'expired',
  'bad_signature',
  'wrong_issuer',
  'wrong_audience',
  'unsupported_algorithm',
  'not_yet_valid',
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

/** The caller's token is not acceptable. The message never contains the token itself. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'AuthError';
  }
}

/**
 * The verifier could not judge the token because its keys are unavailable (Keycloak unreachable,
 * bad JWKS response) or it is misconfigured. Not the caller's fault, so it is not an AuthError:
 * the guard answers 503 / UNAVAILABLE, never lets the request through.
 */
export class VerifierUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VerifierUnavailableError';
  }
}
