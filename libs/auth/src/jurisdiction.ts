import { isValidOrgPath } from './org-path.js';
import type { Principal } from './principal.js';
import { ADMIN_ROLES, type AdminRole } from './roles.js';

export const JURISDICTION_ERROR_CODES = ['not_an_admin', 'no_org_path', 'invalid_org_path', 'outside_jurisdiction'] as const;
export type JurisdictionErrorCode = (typeof JURISDICTION_ERROR_CODES)[number];

/** An admin acted on something outside their org subtree (403 / PERMISSION_DENIED). */
export class JurisdictionError extends Error {
  constructor(
    readonly code: JurisdictionErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'JurisdictionError';
  }
}

/**
 * True when `target` is the admin's own node or lies beneath it. Segment-wise, so `/37/37010`
 * is not under `/37/3701`. Invalid paths on either side are never within (fail closed).
 */
export function isWithinJurisdiction(adminOrgPath: string | null | undefined, targetOrgPath: string | null | undefined): boolean {
  if (!isValidOrgPath(adminOrgPath) || !isValidOrgPath(targetOrgPath)) return false;
  return targetOrgPath === adminOrgPath || targetOrgPath.startsWith(`${adminOrgPath}/`);
}

/** The principal's highest admin role, or null for non-admins. */
export function adminLevel(principal: Pick<Principal, 'roles'>): AdminRole | null {
  return ADMIN_ROLES.find((role) => principal.roles.includes(role)) ?? null;
}

/** Throws unless the principal is an admin whose org subtree contains `targetOrgPath`. */
export function assertWithinJurisdiction(principal: Pick<Principal, 'roles' | 'orgPath'>, targetOrgPath: string): void {
  if (adminLevel(principal) === null) throw new JurisdictionError('not_an_admin', 'not_an_admin: only admins have a jurisdiction');
  if (principal.orgPath === null) throw new JurisdictionError('no_org_path', 'no_org_path: the token carries no valid org_path');
  if (!isValidOrgPath(targetOrgPath)) throw new JurisdictionError('invalid_org_path', 'invalid_org_path: target org path is not valid');
  if (!isWithinJurisdiction(principal.orgPath, targetOrgPath)) {
    throw new JurisdictionError('outside_jurisdiction', `outside_jurisdiction: ${targetOrgPath} is not within ${principal.orgPath}`);
  }
}

/** Escapes `\`, `%` and `_` for a LIKE pattern (MySQL/MariaDB default escape character `\`). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const SQL_COLUMN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * A WHERE fragment confining rows to the subtree at `orgPath`: `(col = ? OR col LIKE ?)`.
 * `column` is interpolated, so it must be a plain identifier (`org_path`, `t.org_path`);
 * the path goes in parameters. Both are validated: a bad one throws rather than widening the query.
 */
export function jurisdictionFilter(column: string, orgPath: string): { sql: string; params: [string, string] } {
  if (!SQL_COLUMN.test(column)) throw new TypeError(`jurisdictionFilter: not a plain column name: ${JSON.stringify(column)}`);
  if (!isValidOrgPath(orgPath)) throw new JurisdictionError('invalid_org_path', 'invalid_org_path: cannot filter on an invalid org path');
  return { sql: `(${column} = ? OR ${column} LIKE ?)`, params: [orgPath, `${escapeLike(orgPath)}/%`] };
}
