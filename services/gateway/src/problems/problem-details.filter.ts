import { status as GrpcStatus } from '@grpc/grpc-js';
import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Logger } from '@yanxiu/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
}

/** gRPC status → HTTP status, exhaustive over the codes a service may answer with. */
export function httpStatusOfGrpc(code: GrpcStatus): number {
  switch (code) {
    case GrpcStatus.OK:
      return HttpStatus.OK;
    case GrpcStatus.INVALID_ARGUMENT:
    case GrpcStatus.OUT_OF_RANGE:
      return HttpStatus.BAD_REQUEST;
    case GrpcStatus.UNAUTHENTICATED:
      return HttpStatus.UNAUTHORIZED;
    case GrpcStatus.PERMISSION_DENIED:
      return HttpStatus.FORBIDDEN;
    case GrpcStatus.NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case GrpcStatus.ALREADY_EXISTS:
    case GrpcStatus.ABORTED:
      return HttpStatus.CONFLICT;
    case GrpcStatus.FAILED_PRECONDITION:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return HttpStatus.TOO_MANY_REQUESTS;
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.CANCELLED:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case GrpcStatus.UNIMPLEMENTED:
      return HttpStatus.NOT_IMPLEMENTED;
    case GrpcStatus.UNKNOWN:
    case GrpcStatus.INTERNAL:
    case GrpcStatus.DATA_LOSS:
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

interface GrpcError {
  code: GrpcStatus;
  details: string;
}

const isGrpcError = (e: unknown): e is GrpcError =>
  typeof e === 'object' && e !== null && typeof (e as GrpcError).code === 'number' && typeof (e as GrpcError).details === 'string';

/** Whether a service's call failed with this gRPC status (for the few answers a route composes around a failure). */
export const hasGrpcStatus = (e: unknown, code: GrpcStatus): boolean => isGrpcError(e) && e.code === code;

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** Maps an error from anywhere (HTTP, validation, a service over gRPC) to RFC 9457 problem details. */
export function toProblem(error: unknown, instance: string): ProblemDetails {
  let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
  let detail = 'unexpected error';
  if (error instanceof HttpException) {
    status = error.getStatus();
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
  } else if (isGrpcError(error)) {
    status = httpStatusOfGrpc(error.code);
    detail = error.details;
  }
  return { type: `https://yanxiu.example/problems/${status}`, title: titles[status] ?? 'Error', status, detail, instance };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = toProblem(error, request.url);
    if (problem.status >= 500) this.logger.error({ err: error, url: request.url }, 'request failed');
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}
