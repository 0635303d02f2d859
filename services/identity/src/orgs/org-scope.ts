import type { Principal } from '@yanxiu/auth';
import type { EntityManager } from 'typeorm';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import type { OrgRepository } from './org.repository.js';

/** The caller's own subtree. Only admins have one. */
export function jurisdictionOf(principal: Principal): string {
  if (!principal.orgPath) throw new IdentityError('out_of_jurisdiction', 'your token carries no org path, so you have no jurisdiction');
  assertInJurisdiction(principal, principal.orgPath);
  return principal.orgPath;
}

/**
 * The subtree a list request names — the org `orgId` (404 if unknown, 403 outside the caller's
 * jurisdiction), or the caller's own org when `orgId` is empty — with the caller's jurisdiction.
 * Lists filter their rows in SQL by both paths.
 */
export async function requestedSubtree(
  manager: EntityManager,
  orgs: OrgRepository,
  principal: Principal,
  orgId: string,
): Promise<{ jurisdiction: string; root: string }> {
  const jurisdiction = jurisdictionOf(principal);
  if (!orgId) return { jurisdiction, root: jurisdiction };
  const org = await orgs.findById(manager, orgId);
  if (!org) throw new IdentityError('org_not_found', `org ${orgId} not found`);
  assertInJurisdiction(principal, org.path);
  return { jurisdiction, root: org.path };
}
