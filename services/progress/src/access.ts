import { adminLevel, isWithinJurisdiction, type Principal, type Role } from '@yanxiu/auth';
import { ProgressError } from './progress.error.js';

/** The caller's own teacher id (the token's teacher_id), or not_a_teacher. */
export function ownTeacherId(principal: Principal): string {
  if (!principal.teacherId) throw new ProgressError('not_a_teacher', 'the token carries no teacher_id; only teachers with an account have their own progress');
  return principal.teacherId;
}

export function requireRole(principal: Principal, roles: readonly Role[], what: string): void {
  if (!roles.some((role) => principal.roles.includes(role))) throw new ProgressError('role_required', `${what} needs one of the roles ${roles.join(', ')}`);
}

/** An admin whose org subtree contains `orgPath`; anything else is out_of_jurisdiction. */
export function assertAdminOver(principal: Principal, orgPath: string, what: string): void {
  if (adminLevel(principal) === null || !isWithinJurisdiction(principal.orgPath, orgPath)) {
    throw new ProgressError('out_of_jurisdiction', `${what}: ${orgPath} is not within your jurisdiction ${principal.orgPath ?? '(none)'}`);
  }
}
