import { status } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';
import { adminLevel, isWithinJurisdiction, type Principal } from '@yanxiu/auth';

/** Every way an identity request can be refused. */
export type IdentityErrorCode =
  | 'invalid_argument'
  | 'org_not_found'
  | 'org_exists'
  | 'org_level_not_allowed'
  | 'teacher_not_found'
  | 'teacher_exists'
  | 'out_of_jurisdiction'
  | 'role_not_allowed'
  | 'transfer_not_allowed'
  | 'teacher_not_transferable'
  // roster reads, corrections and information collection (信息采集)
  | 'teacher_status_conflict'
  | 'campaign_not_found'
  | 'campaign_exists'
  | 'campaign_not_active'
  // training projects and enrollment (报名, 信息确认)
  | 'project_not_found'
  | 'project_exists'
  | 'version_conflict'
  | 'enrollment_not_found'
  | 'enrollment_exists'
  | 'enrollment_window_closed'
  | 'enrollment_frozen'
  | 'enrollment_cascade'
  // admin accounts and workshops (工作坊)
  | 'admin_exists'
  | 'admin_not_found'
  | 'accounts_unavailable'
  | 'workshop_not_found'
  | 'workshop_exists'
  | 'host_not_appointed'
  | 'host_taken'
  // study groups and tutors (研修组, 指导教师)
  | 'study_group_not_found'
  | 'grouping_window_closed'
  | 'grouping_rule_violated'
  // Excel roster import (花名册导入)
  | 'roster_import_not_found'
  | 'roster_import_not_startable'
  | 'roster_import_no_report';

export class IdentityError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}

/** Exhaustive: adding a code without a status fails to compile. */
export function grpcStatusOf(code: IdentityErrorCode): status {
  switch (code) {
    case 'invalid_argument':
    case 'org_level_not_allowed':
      return status.INVALID_ARGUMENT;
    case 'org_not_found':
    case 'teacher_not_found':
    case 'campaign_not_found':
      return status.NOT_FOUND;
    case 'org_exists':
    case 'teacher_exists':
    case 'campaign_exists':
      return status.ALREADY_EXISTS;
    case 'out_of_jurisdiction':
    case 'role_not_allowed':
    case 'transfer_not_allowed':
      return status.PERMISSION_DENIED;
    case 'teacher_not_transferable':
    case 'teacher_status_conflict':
    case 'campaign_not_active':
      return status.FAILED_PRECONDITION;
    case 'enrollment_window_closed':
    case 'enrollment_frozen':
    case 'enrollment_cascade':
      return status.FAILED_PRECONDITION;
    case 'project_not_found':
    case 'enrollment_not_found':
      return status.NOT_FOUND;
    case 'project_exists':
    case 'enrollment_exists':
      return status.ALREADY_EXISTS;
    case 'version_conflict':
      return status.ABORTED;
    case 'admin_not_found':
    case 'workshop_not_found':
      return status.NOT_FOUND;
    case 'admin_exists':
    case 'workshop_exists':
      return status.ALREADY_EXISTS;
    case 'host_not_appointed':
    case 'host_taken':
      return status.FAILED_PRECONDITION;
    case 'accounts_unavailable':
      return status.UNAVAILABLE;
    case 'roster_import_not_found':
      return status.NOT_FOUND;
    case 'roster_import_not_startable':
    case 'roster_import_no_report':
      return status.FAILED_PRECONDITION;
    case 'study_group_not_found':
      return status.NOT_FOUND;
    case 'grouping_window_closed':
    case 'grouping_rule_violated':
      return status.FAILED_PRECONDITION;
  }
}

export function toRpcException(error: IdentityError): RpcException {
  return new RpcException({ code: grpcStatusOf(error.code), message: `${error.code}: ${error.message}` });
}

/**
 * Admins act only inside their own subtree; the check every use case makes before touching a row.
 * A token without an admin role has no jurisdiction, even though it carries an org path (a teacher's school).
 */
export function assertInJurisdiction(principal: Principal, targetPath: string): void {
  if (!adminLevel(principal)) throw new IdentityError('role_not_allowed', 'only admins act on the roster and the org tree');
  if (!principal.orgPath || !isWithinJurisdiction(principal.orgPath, targetPath)) {
    throw new IdentityError('out_of_jurisdiction', `${targetPath} is outside your jurisdiction ${principal.orgPath ?? '(none)'}`);
  }
}
