import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError } from '../auth-error.js';
import type { Role } from '../roles.js';
import { TokenVerifier } from '../token-verifier.js';
import { IS_PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { attachPrincipal, authorizationOf, carrierOf, transportOf, type AuthTransport } from './principal-context.js';
import { denialCodeOf, httpDenial, rpcDenial, type DenialCode } from './transport-errors.js';

/**
 * The one guard: authenticates every HTTP and gRPC call with a bearer token unless @Public,
 * then checks @Roles (any of). Refusals are 401/403/503 or UNAUTHENTICATED/PERMISSION_DENIED/UNAVAILABLE.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true) return true;

    const transport = transportOf(context);
    const carrier = carrierOf(context, transport);
    let principal;
    try {
      principal = await this.verifier.verify(bearerToken(authorizationOf(carrier, transport)));
    } catch (err) {
      const code = denialCodeOf(err);
      if (code === null) throw err;
      throw denial(transport, code);
    }

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required && required.length > 0 && !required.some((role) => principal.roles.includes(role))) {
      throw denial(transport, 'insufficient_role');
    }
    attachPrincipal(carrier, principal);
    return true;
  }
}

function denial(transport: AuthTransport, code: DenialCode): Error {
  return transport === 'http' ? httpDenial(code) : rpcDenial(code);
}

/** `Bearer <token>` → token; no header or another scheme → undefined (missing_token). */
export function bearerToken(authorization: unknown): string | undefined {
  if (authorization === undefined || authorization === null) return undefined;
  if (typeof authorization !== 'string') throw new AuthError('malformed', 'authorization must be a single string value');
  // By hand, not a regular expression: this runs on every request, over a token of a kilobyte or two.
  const value = authorization.trim();
  const space = value.search(/\s/);
  if (space < 0 || value.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const token = value.slice(space + 1).trimStart();
  if (/\s/.test(token)) throw new AuthError('malformed', 'bearer token contains whitespace');
  return token;
}
