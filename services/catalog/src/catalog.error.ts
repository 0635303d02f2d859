import { status } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';
import { isWithinJurisdiction, type Principal } from '@yanxiu/auth';

/** Every way a catalog request can be refused. */
export type CatalogErrorCode =
  | 'invalid_argument'
  | 'policy_invalid'
  | 'choice_invalid'
  | 'selection_refused'
  | 'course_not_found'
  | 'topic_not_found'
  | 'chapter_not_found'
  | 'project_not_found'
  | 'policy_not_found'
  | 'org_not_found'
  | 'not_enrolled'
  | 'role_not_allowed'
  | 'out_of_jurisdiction'
  | 'revision_conflict'
  | 'selection_not_open'
  | 'selection_closed'
  | 'selection_locked'
  | 'choice_imposed'
  | 'school_choice_missing';

export class CatalogError extends Error {
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

/** Exhaustive: adding a code without a status fails to compile. */
export function grpcStatusOf(code: CatalogErrorCode): status {
  switch (code) {
    case 'invalid_argument':
    case 'policy_invalid':
    case 'choice_invalid':
    case 'selection_refused':
      return status.INVALID_ARGUMENT;
    case 'course_not_found':
    case 'topic_not_found':
    case 'chapter_not_found':
    case 'project_not_found':
    case 'policy_not_found':
    case 'org_not_found':
      return status.NOT_FOUND;
    case 'not_enrolled':
    case 'role_not_allowed':
    case 'out_of_jurisdiction':
      return status.PERMISSION_DENIED;
    case 'revision_conflict':
      return status.ABORTED;
    case 'selection_not_open':
    case 'selection_closed':
    case 'selection_locked':
    case 'choice_imposed':
    case 'school_choice_missing':
      return status.FAILED_PRECONDITION;
  }
}

export function toRpcException(error: CatalogError): RpcException {
  return new RpcException({ code: grpcStatusOf(error.code), message: `${error.code}: ${error.message}` });
}

/** Admins act only inside their own subtree; the check every admin use case makes before touching a row. */
export function assertInJurisdiction(principal: Principal, targetPath: string): void {
  if (!principal.orgPath || !isWithinJurisdiction(principal.orgPath, targetPath)) {
    throw new CatalogError('out_of_jurisdiction', `${targetPath} is outside your jurisdiction ${principal.orgPath ?? '(none)'}`);
  }
}
