import type { JWTPayload } from 'jose';
import { isValidOrgPath } from './org-path.js';
import { ROLES, isRole, type Role } from './roles.js';

/** Who is calling, as established by a verified access token. */
export interface Principal {
  /** Keycloak user id (`sub`). */
  readonly subject: string;
  /** `preferred_username`, or the subject when the token has none. */
  readonly username: string;
  /** Known roles only, in the order of ROLES. */
  readonly roles: readonly Role[];
  /** The user's place in the org tree, or null when the token has no valid `org_path`. */
  readonly orgPath: string | null;
  /**
   * identity's teacher id (`teacher_id` claim, set on a teacher's account when it is provisioned):
   * what a teacher's own records (progress, credits) are keyed by, without asking identity per call.
   */
  readonly teacherId?: string;
  /**
   * The raw access token, kept so the gateway can forward it to services. Non-enumerable, so
   * logging or serialising a principal does not leak a bearer token.
   */
  readonly token: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Builds a principal from claims that have already been verified. */
export function principalFromClaims(claims: JWTPayload, token: string): Principal {
  const subject = claims.sub ?? '';
  const username = typeof claims.preferred_username === 'string' && claims.preferred_username !== '' ? claims.preferred_username : subject;
  const principal = {
    subject,
    username,
    roles: Object.freeze(rolesOf(claims)),
    orgPath: isValidOrgPath(claims.org_path) ? claims.org_path : null,
    ...(typeof claims.teacher_id === 'string' && UUID.test(claims.teacher_id) ? { teacherId: claims.teacher_id.toLowerCase() } : {}),
  };
  Object.defineProperty(principal, 'token', { value: token, enumerable: false });
  return Object.freeze(principal as typeof principal & { token: string });
}

/** Union of the flat `roles` claim and `realm_access.roles`, unknown names dropped. */
function rolesOf(claims: JWTPayload): Role[] {
  const found = new Set<string>();
  for (const list of [claims.roles, (claims.realm_access as { roles?: unknown } | undefined)?.roles]) {
    if (!Array.isArray(list)) continue;
    for (const role of list as unknown[]) if (isRole(role)) found.add(role);
  }
  return ROLES.filter((role) => found.has(role));
}
