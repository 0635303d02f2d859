import { isWithinJurisdiction, type Principal } from '@yanxiu/auth';
import type { PersonalDataCipher } from './personal-data-cipher.js';

/**
 * Whether the caller is this teacher. A teacher's Keycloak username is their ID number, which
 * Keycloak keeps lowercased (…x for a check character X), so it is uppercased before hashing.
 */
export function isTeacherThemself(principal: Pick<Principal, 'roles' | 'username'>, teacher: { idNumberHash: string }, cipher: PersonalDataCipher): boolean {
  return principal.roles.includes('teacher') && cipher.lookupHash(principal.username.toUpperCase()) === teacher.idNumberHash;
}

/** The role under which a full ID number may be shown; recorded with every reveal. */
export type RevealRole = 'self' | 'school-admin' | 'county-admin';

/**
 * Who may see a teacher's full ID number and phone: the teacher themself, and the school or county
 * admin over the teacher's unit — the levels that fix records and answer account problems (the
 * username is the ID number). City and province admins see masked numbers only: they find a teacher
 * by a number they already hold (ListTeachers id_number) and never need to read one out.
 */
export function revealRoleOf(principal: Pick<Principal, 'roles' | 'orgPath'>, teacherOrgPath: string, isSelf: boolean): RevealRole | null {
  if (isSelf) return 'self';
  if (!isWithinJurisdiction(principal.orgPath, teacherOrgPath)) return null;
  if (principal.roles.includes('school-admin')) return 'school-admin';
  if (principal.roles.includes('county-admin')) return 'county-admin';
  return null;
}
