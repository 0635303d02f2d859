import { isWithinJurisdiction, type Principal } from '@yanxiu/auth';
import type { PersonalDataCipher } from './personal-data-cipher.js';

/**
 * Whether the caller is this teacher: by the `teacher_id` claim of provisioned accounts, else by the
 * username, which for a teacher is their ID number (Keycloak keeps it lowercased, …x for a check
 * character X), uppercased and hashed.
 */
export function isTeacherThemself(
  principal: Pick<Principal, 'roles' | 'username' | 'teacherId'>,
  teacher: { id: string; idNumberHash: string },
  cipher: PersonalDataCipher,
): boolean {
  if (!principal.roles.includes('teacher')) return false;
  return principal.teacherId ? principal.teacherId === teacher.id : cipher.lookupHash(principal.username.toUpperCase()) === teacher.idNumberHash;
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
