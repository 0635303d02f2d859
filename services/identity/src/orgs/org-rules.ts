import type { Role } from '@yanxiu/auth';

export type OrgLevel = 'province' | 'city' | 'county' | 'school' | 'kindergarten' | 'institution';
export const UNIT_LEVELS: readonly OrgLevel[] = ['school', 'kindergarten', 'institution'];

/** The level a child of each level may have. */
const CHILD_LEVELS: Record<OrgLevel, readonly OrgLevel[]> = {
  province: ['city'],
  city: ['county'],
  county: UNIT_LEVELS,
  school: [],
  kindergarten: [],
  institution: [],
};

/** Depth of the admin role in the tree: an admin may create orgs strictly below their own level. */
const ADMIN_DEPTH: Partial<Record<Role, number>> = { 'province-admin': 0, 'city-admin': 1, 'county-admin': 2, 'school-admin': 3 };
const LEVEL_DEPTH: Record<OrgLevel, number> = { province: 0, city: 1, county: 2, school: 3, kindergarten: 3, institution: 3 };

/** Why a new org can't be placed under its parent, or null when it can. */
export function placementProblem(parent: { level: OrgLevel; code: string }, child: { level: OrgLevel; code: string }): string | null {
  if (!CHILD_LEVELS[parent.level].includes(child.level)) {
    return `a ${child.level} cannot be created under a ${parent.level}`;
  }
  switch (child.level) {
    case 'city':
      return /^\d{4}$/.test(child.code) && child.code.startsWith(parent.code) ? null : `city code must be 4 digits starting with ${parent.code}`;
    case 'county':
      return /^\d{6}$/.test(child.code) && child.code.startsWith(parent.code) ? null : `county code must be 6 digits starting with ${parent.code}`;
    case 'school':
    case 'kindergarten':
    case 'institution':
      return /^[A-Z]\d{4,8}$/.test(child.code) ? null : 'unit code must be an uppercase letter followed by 4–8 digits, e.g. S0001';
    case 'province':
      return 'provinces are created by operations, not through the API';
  }
}

/** Whether the caller's admin roles rank above the level being created. */
export function mayCreateLevel(roles: readonly Role[], level: OrgLevel): boolean {
  return roles.some((role) => {
    const depth = ADMIN_DEPTH[role];
    return depth !== undefined && depth < LEVEL_DEPTH[level];
  });
}
