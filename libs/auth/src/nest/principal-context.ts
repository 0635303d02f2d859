import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Metadata } from '@grpc/grpc-js';
import type { Principal } from '../principal.js';
import { httpDenial, rpcDenial } from './transport-errors.js';

export type AuthTransport = 'http' | 'rpc';

/** Keyed by the HTTP request or the gRPC call's Metadata: nothing a client can set, nothing to spoof. */
const principals = new WeakMap<object, Principal>();

export function transportOf(context: ExecutionContext): AuthTransport {
  const type = context.getType<string>();
  if (type === 'http' || type === 'rpc') return type;
  throw new Error(`AuthGuard: unsupported context type "${type}"`);
}

/** The per-call object the principal is attached to: the HTTP request, or the gRPC Metadata. */
export function carrierOf(context: ExecutionContext, transport: AuthTransport): object {
  switch (transport) {
    case 'http':
      return context.switchToHttp().getRequest<object>();
    case 'rpc':
      return context.switchToRpc().getContext<object>();
  }
}

export function attachPrincipal(carrier: object, principal: Principal): void {
  principals.set(carrier, principal);
}

/** The principal AuthGuard established for this request / gRPC call, if any. */
export function principalOf(carrier: object): Principal | undefined {
  return principals.get(carrier);
}

/** Reads the raw Authorization value: HTTP header, or gRPC metadata `authorization`. */
export function authorizationOf(carrier: object, transport: AuthTransport): unknown {
  switch (transport) {
    case 'http':
      return (carrier as { headers?: Record<string, unknown> }).headers?.authorization;
    case 'rpc': {
      if (!(carrier instanceof Metadata)) return undefined;
      const values = carrier.get('authorization');
      return values.length > 1 ? values : values[0];
    }
  }
}

/** The principal for a handler; throws 401 / UNAUTHENTICATED if the guard did not set one (e.g. a @Public route). */
export function principalFromContext(context: ExecutionContext): Principal {
  const transport = transportOf(context);
  const principal = principalOf(carrierOf(context, transport));
  if (principal) return principal;
  throw transport === 'http' ? httpDenial('missing_token') : rpcDenial('missing_token');
}

/** Injects the authenticated Principal into an HTTP or gRPC handler parameter. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => principalFromContext(context));
