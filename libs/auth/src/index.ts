export { ADMIN_ROLES, ROLES, isRole, type AdminRole, type Role } from './roles.js';
export { ORG_PATH_PATTERN, isValidOrgPath } from './org-path.js';
export { principalFromClaims, type Principal } from './principal.js';
export { AUTH_ERROR_CODES, AuthError, VerifierUnavailableError, type AuthErrorCode } from './auth-error.js';
export { TokenVerifier, classifyJoseError, type TokenVerifierOptions } from './token-verifier.js';
export {
  JURISDICTION_ERROR_CODES,
  JurisdictionError,
  adminLevel,
  assertWithinJurisdiction,
  escapeLike,
  isWithinJurisdiction,
  jurisdictionFilter,
  type JurisdictionErrorCode,
} from './jurisdiction.js';
export { IS_PUBLIC_KEY, Public, ROLES_KEY, Roles } from './nest/auth.decorators.js';
export { AuthGuard, bearerToken } from './nest/auth.guard.js';
export { AuthModule, type AuthModuleAsyncOptions, type AuthModuleOptions } from './nest/auth.module.js';
export { CurrentPrincipal, principalFromContext, principalOf } from './nest/principal-context.js';
export { denialCodeOf, httpDenial, rpcDenial, toHttpException, toRpcException, type DenialCode } from './nest/transport-errors.js';
export { grpcAuthMetadata } from './nest/grpc-metadata.js';
