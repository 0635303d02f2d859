import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { initialPassword, splitChineseName } from './initial-password.js';
import type { CredentialRepresentation, UserRepresentation } from './keycloak-admin.js';

const pbkdf2Async = promisify(pbkdf2);

/** What a teacher's account is made of: the person, not their roster row. */
export interface TeacherAccountInput {
  idNumber: string;
  name: string;
  /** The admin-recorded reading of the name, if the library's is not the one its owner uses. */
  namePinyin: string | null;
  orgPath: string;
  /** The roster's teacher id, put in the token as teacher_id: heartbeats and progress are keyed by it. */
  teacherId?: string;
}

/**
 * The initial password is imported pre-hashed with PBKDF2-SHA256 at this iteration count instead
 * of Keycloak hashing the plain text with the realm's default (Argon2): hashing is the whole cost
 * of provisioning. The password is derivable from the (non-secret) name, so no iteration count
 * protects it; it only lives until the forced change at first login, when Keycloak hashes the new
 * password with the realm policy. See docs/decisions/0006-account-provisioning.md.
 */
export const INITIAL_PASSWORD_ITERATIONS = 1000;

/** A Keycloak password credential holding an already computed PBKDF2-SHA256 hash (512-bit key, as Keycloak derives). */
export async function prehashedPassword(password: string, iterations = INITIAL_PASSWORD_ITERATIONS): Promise<CredentialRepresentation> {
  const salt = randomBytes(16);
  const hash = await pbkdf2Async(password, salt, iterations, 64, 'sha256');
  return {
    type: 'password',
    secretData: JSON.stringify({ value: hash.toString('base64'), salt: salt.toString('base64'), additionalParameters: {} }),
    credentialData: JSON.stringify({ hashIterations: iterations, algorithm: 'pbkdf2-sha256', additionalParameters: {} }),
  };
}

/** Keycloak stores usernames lowercased (…x for a check character X); logins are case-insensitive. */
export function teacherUsername(idNumber: string): string {
  return idNumber.toLowerCase();
}

/** What a teacher's Keycloak user shows of the roster, and follows it in (transfers, name corrections). */
export interface TeacherProfile {
  lastName: string;
  firstName: string;
  /** The unit, as the token's org_path claim. */
  orgPath: string;
}

export function teacherProfile(input: { name: string; orgPath: string }): TeacherProfile {
  const { surname, given } = splitChineseName(input.name);
  return { lastName: surname, firstName: given, orgPath: input.orgPath };
}

/** The Keycloak user of a teacher, minus its credential: username = ID number, role teacher, org_path. */
export function teacherUser(input: TeacherAccountInput): UserRepresentation {
  const { lastName, firstName, orgPath } = teacherProfile(input);
  return {
    username: teacherUsername(input.idNumber),
    enabled: true,
    lastName,
    firstName,
    attributes: { org_path: [orgPath], ...(input.teacherId ? { teacher_id: [input.teacherId] } : {}) },
    realmRoles: ['teacher'],
    requiredActions: ['UPDATE_PASSWORD'],
  };
}

/** For bulk import: the initial password travels pre-hashed. */
export async function teacherUserForImport(input: TeacherAccountInput): Promise<UserRepresentation> {
  return { ...teacherUser(input), credentials: [await prehashedPassword(initialPassword(input.name, input.namePinyin))] };
}
