import { status } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';

export type ReportingErrorCode = 'org_not_found' | 'out_of_jurisdiction';

export class ReportingError extends Error {
  constructor(
    readonly code: ReportingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportingError';
  }
}

/** Exhaustive: adding a code without a status fails to compile. */
export function grpcStatusOf(code: ReportingErrorCode): status {
  switch (code) {
    case 'org_not_found':
      return status.NOT_FOUND;
    case 'out_of_jurisdiction':
      return status.PERMISSION_DENIED;
  }
}

export function toRpcException(error: ReportingError): RpcException {
  return new RpcException({ code: grpcStatusOf(error.code), message: `${error.code}: ${error.message}` });
}
