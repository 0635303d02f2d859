import { ForbiddenException, HttpException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { AuthError, VerifierUnavailableError, type AuthErrorCode } from '../auth-error.js';
import { JurisdictionError, type JurisdictionErrorCode } from '../jurisdiction.js';

/** Everything the auth layer can refuse with; `insufficient_role` comes from @Roles. */
export type DenialCode = AuthErrorCode | JurisdictionErrorCode | 'insufficient_role' | 'unavailable';

type Outcome = 'unauthenticated' | 'forbidden' | 'unavailable';

function outcomeOf(code: DenialCode): Outcome {
  switch (code) {
    case 'missing_token':
    case 'malformed':
    case 'expired':
    case 'bad_signature':
    case 'wrong_issuer':
    case 'wrong_audience':
    case 'unsupported_algorithm':
    case 'not_yet_valid':
      return 'unauthenticated';
    case 'insufficient_role':
    case 'not_an_admin':
    case 'no_org_path':
    case 'invalid_org_path':
    case 'outside_jurisdiction':
      return 'forbidden';
    case 'unavailable':
      return 'unavailable';
  }
}

/** The denial code of an auth-layer error, or null for any other error. */
export function denialCodeOf(err: unknown): DenialCode | null {
  if (err instanceof AuthError || err instanceof JurisdictionError) return err.code;
  if (err instanceof VerifierUnavailableError) return 'unavailable';
  return null;
}

/** 401 / 403 / 503 whose message is the denial code (the gateway turns it into problem+json). */
export function httpDenial(code: DenialCode): HttpException {
  const outcome = outcomeOf(code);
  switch (outcome) {
    case 'unauthenticated':
      return new UnauthorizedException(code);
    case 'forbidden':
      return new ForbiddenException(code);
    case 'unavailable':
      return new ServiceUnavailableException(code);
  }
}

/** UNAUTHENTICATED (16) / PERMISSION_DENIED (7) / UNAVAILABLE (14) with the denial code as details. */
export function rpcDenial(code: DenialCode): RpcException {
  const outcome = outcomeOf(code);
  switch (outcome) {
    case 'unauthenticated':
      return new RpcException({ code: GrpcStatus.UNAUTHENTICATED, message: code });
    case 'forbidden':
      return new RpcException({ code: GrpcStatus.PERMISSION_DENIED, message: code });
    case 'unavailable':
      return new RpcException({ code: GrpcStatus.UNAVAILABLE, message: code });
  }
}

/** Converts AuthError / JurisdictionError / VerifierUnavailableError for HTTP; other errors are returned unchanged. */
export function toHttpException(err: unknown): unknown {
  const code = denialCodeOf(err);
  return code === null ? err : httpDenial(code);
}

/** Converts AuthError / JurisdictionError / VerifierUnavailableError for gRPC; other errors are returned unchanged. */
export function toRpcException(err: unknown): unknown {
  const code = denialCodeOf(err);
  return code === null ? err : rpcDenial(code);
}
