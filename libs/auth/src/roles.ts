/** Every role the platform knows, lowest to highest; anything else in a token is ignored. */
export const ROLES = [
  'teacher',
  'group-leader',
  'tutor',
  'expert',
  'workshop-host',
  'school-admin',
  'county-admin',
  'city-admin',
  'province-admin',
] as const;

export type Role = (typeof ROLES)[number];

/** Admin roles, highest first: each one's jurisdiction is its org path subtree. */
export const ADMIN_ROLES = ['province-admin', 'city-admin', 'county-admin', 'school-admin'] as const satisfies readonly Role[];

export type AdminRole = (typeof ADMIN_ROLES)[number];

const roleSet: ReadonlySet<string> = new Set(ROLES);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && roleSet.has(value);
}
