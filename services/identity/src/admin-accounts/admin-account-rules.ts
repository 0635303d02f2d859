import type { AdminRole, Principal } from '@yanxiu/auth';
import type { OrgLevel } from '../orgs/org-rules.js';

/** The admin role of each org level: schools, kindergartens and institutions all have school admins. */
export const ADMIN_ROLE_OF_LEVEL: Record<OrgLevel, AdminRole> = {
  province: 'province-admin',
  city: 'city-admin',
  county: 'county-admin',
  school: 'school-admin',
  kindergarten: 'school-admin',
  institution: 'school-admin',
};

/**
 * Whose job each admin role's accounts are: the admin one level up. Province admins have no level
 * above them in the platform; operations create them in Keycloak.
 */
const MANAGED_BY: Record<AdminRole, AdminRole | null> = {
  'province-admin': null,
  'city-admin': 'province-admin',
  'county-admin': 'city-admin',
  'school-admin': 'county-admin',
};

export type AdminAccountDecision =
  | { allowed: true; role: AdminRole }
  | { allowed: false; reason: 'role_not_allowed' | 'out_of_jurisdiction'; message: string };

const parentPath = (path: string): string => path.slice(0, path.lastIndexOf('/'));

/**
 * Whether the caller may create, or reset the password of, an admin account of `org`. Only the admin
 * of the org's parent may: a county admin for the schools of their county (seed 2018 附件2: 由县管理员
 * 添加新学校并为该学校添加管理员), a city admin for its counties, the province admin for its cities.
 * Never a level further down: each level answers for the admins it hands accounts to, so a province
 * admin does not bypass a city admin to create county admins.
 */
export function decideAdminAccount(principal: Pick<Principal, 'roles' | 'orgPath'>, org: { level: OrgLevel; path: string }): AdminAccountDecision {
  const role = ADMIN_ROLE_OF_LEVEL[org.level];
  const manager = MANAGED_BY[role];
  if (!manager) return { allowed: false, reason: 'role_not_allowed', message: 'province admin accounts are created by operations, not through the API' };
  if (!principal.roles.includes(manager)) return { allowed: false, reason: 'role_not_allowed', message: `${role} accounts are created by a ${manager}` };
  if (principal.orgPath !== parentPath(org.path)) {
    return { allowed: false, reason: 'out_of_jurisdiction', message: `${org.path} is not directly under your org ${principal.orgPath ?? '(none)'}` };
  }
  return { allowed: true, role };
}

/**
 * Admin login names: lowercase (Keycloak lowercases usernames), 4–32 characters, starting with a
 * letter so that they can never collide with a teacher's username, which is an ID number.
 */
export const ADMIN_USERNAME = /^[a-z][a-z0-9._-]{3,31}$/;

/** e.g. 138****5678: enough for an admin to recognise a number, not to dial it. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}
