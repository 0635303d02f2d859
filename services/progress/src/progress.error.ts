import { status } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';

export type ProgressErrorCode =
  | 'invalid_argument'
  | 'not_a_teacher'
  | 'role_required'
  | 'out_of_jurisdiction'
  | 'not_group_staff'
  | 'project_not_found'
  | 'group_not_found'
  | 'teacher_not_found'
  | 'quiz_not_found'
  | 'version_conflict'
  | 'attempts_exhausted'
  | 'already_passed'
  | 'cycle_overlaps'
  | 'no_duty_to_confirm'
  | 'standard_locked';

/** The one error type of progress; the code decides the gRPC status (and so the HTTP one). */
export class ProgressError extends Error {
  constructor(
    readonly code: ProgressErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProgressError';
  }
}

/** Exhaustive: adding a code without a status fails to compile. */
export function grpcStatusOf(code: ProgressErrorCode): status {
  switch (code) {
    case 'invalid_argument':
      return status.INVALID_ARGUMENT;
    case 'not_a_teacher':
    case 'role_required':
    case 'out_of_jurisdiction':
    case 'not_group_staff':
      return status.PERMISSION_DENIED;
    case 'project_not_found':
    case 'group_not_found':
    case 'teacher_not_found':
    case 'quiz_not_found':
      return status.NOT_FOUND;
    case 'version_conflict':
      return status.ABORTED;
    case 'attempts_exhausted':
    case 'already_passed':
    case 'cycle_overlaps':
    case 'no_duty_to_confirm':
    case 'standard_locked':
      return status.FAILED_PRECONDITION;
  }
}

export function toRpcException(error: ProgressError): RpcException {
  return new RpcException({ code: grpcStatusOf(error.code), message: `${error.code}: ${error.message}` });
}
