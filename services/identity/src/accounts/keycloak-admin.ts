/**
 * A small client of Keycloak's admin REST API over plain `fetch`, authenticated as the
 * `yanxiu-identity` service account (client credentials; token cached until shortly before it
 * expires, refreshed once on a 401). Only what account provisioning needs. Every HTTP request is
 * bounded in time: a Keycloak that hangs fails the call with a KeycloakTimeoutError instead of
 * holding the caller (and the database transaction around it) indefinitely.
 */

/** Milliseconds one admin API request (the token request too) may take; partialImport gets its own bound. */
export const KEYCLOAK_DEFAULT_TIMEOUTS = { requestMs: 10_000, importMs: 60_000 } as const;

export interface KeycloakAdminOptions {
  url: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** Seconds before expiry at which a cached token is renewed. */
  expirySkewSeconds?: number;
  /** Milliseconds a request may take until it fails (default KEYCLOAK_DEFAULT_TIMEOUTS.requestMs). */
  timeoutMs?: number;
  /** The same for a bulk partialImport, one Keycloak transaction of a whole chunk (default KEYCLOAK_DEFAULT_TIMEOUTS.importMs). */
  importTimeoutMs?: number;
}

export interface CredentialRepresentation {
  type: 'password';
  value?: string;
  temporary?: boolean;
  secretData?: string;
  credentialData?: string;
  /** Epoch milliseconds; kept on import of a pre-hashed credential (password age policies read it). */
  createdDate?: number;
}

export interface UserRepresentation {
  id?: string;
  username: string;
  enabled?: boolean;
  firstName?: string;
  lastName?: string;
  attributes?: Record<string, string[]>;
  realmRoles?: string[];
  requiredActions?: string[];
  credentials?: CredentialRepresentation[];
}

export interface PartialImportResult {
  added: number;
  skipped: number;
  overwritten: number;
  results: { action: 'ADDED' | 'SKIPPED' | 'OVERWRITTEN'; resourceType: string; resourceName: string; id?: string }[];
}

export class KeycloakError extends Error {
  constructor(
    readonly status: number,
    readonly operation: string,
    readonly body: string,
  ) {
    super(`Keycloak ${operation} failed: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = 'KeycloakError';
  }
}

/**
 * Keycloak gave no (complete) answer in time: a hung server, not a refusal. Whether the request took
 * effect is unknown, so callers treat it like an unreachable Keycloak; every write here is safe to repeat.
 */
export class KeycloakTimeoutError extends Error {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`Keycloak ${operation} timed out: no answer within ${timeoutMs} ms`);
    this.name = 'KeycloakTimeoutError';
  }
}

/** A response whose body has been read within the request's time bound. */
interface KeycloakReply {
  status: number;
  headers: Headers;
  body: string;
}

const succeeded = (reply: KeycloakReply) => reply.status >= 200 && reply.status < 300;

interface RoleRepresentation {
  id: string;
  name: string;
}

export class KeycloakAdmin {
  private token: { value: string; expiresAt: number } | null = null;
  private pendingToken: Promise<string> | null = null;
  private readonly roles = new Map<string, RoleRepresentation>();
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly importTimeoutMs: number;

  constructor(private readonly options: KeycloakAdminOptions) {
    this.base = `${options.url.replace(/\/$/, '')}/admin/realms/${encodeURIComponent(options.realm)}`;
    this.timeoutMs = options.timeoutMs ?? KEYCLOAK_DEFAULT_TIMEOUTS.requestMs;
    this.importTimeoutMs = options.importTimeoutMs ?? KEYCLOAK_DEFAULT_TIMEOUTS.importMs;
  }

  /** Creates one user (POST /users) and returns its id. Realm roles are mapped separately. */
  async createUser(user: UserRepresentation): Promise<string> {
    const { realmRoles, ...rep } = user;
    const response = await this.request('POST', '/users', rep, 'create user');
    const id = response.headers.get('location')?.split('/').pop();
    if (!id) throw new KeycloakError(response.status, 'create user', 'no Location header');
    if (realmRoles?.length) await this.addRealmRoles(id, realmRoles);
    return id;
  }

  async addRealmRoles(userId: string, roleNames: string[]): Promise<void> {
    const roles = await Promise.all(roleNames.map((name) => this.role(name)));
    await this.request('POST', `/users/${userId}/role-mappings/realm`, roles, 'map realm roles');
  }

  /**
   * Bulk creation in one request and one Keycloak transaction: users that already exist
   * (same username) are skipped, never duplicated or overwritten. Needs realm-management
   * `manage-realm` on the caller (see docs/decisions/0006-account-provisioning.md).
   */
  async partialImportUsers(users: UserRepresentation[]): Promise<PartialImportResult> {
    return this.json<PartialImportResult>('POST', '/partialImport', { ifResourceExists: 'SKIP', users }, 'partial import', { timeoutMs: this.importTimeoutMs });
  }

  async findUserByUsername(username: string): Promise<(UserRepresentation & { id: string }) | null> {
    const users = await this.json<(UserRepresentation & { id: string })[]>('GET', `/users?exact=true&briefRepresentation=false&username=${encodeURIComponent(username)}`, undefined, 'find user');
    return users.find((u) => u.username === username.toLowerCase()) ?? null;
  }

  async getUser(id: string): Promise<UserRepresentation & { id: string }> {
    return this.json<UserRepresentation & { id: string }>('GET', `/users/${id}`, undefined, 'get user');
  }

  /**
   * PUT /users/{id} with the full representation, as read with `getUser` and changed, so credentials,
   * required actions and other attributes stay. A new username needs the realm's `editUsernameAllowed`
   * (ADR 0016); Keycloak answers 409 if another user has it.
   */
  async updateUser(user: UserRepresentation & { id: string }): Promise<void> {
    await this.request('PUT', `/users/${user.id}`, user, 'update user');
  }

  /** Stored credentials of a user (credentialData tells the hash algorithm and iterations). */
  async credentials(userId: string): Promise<{ type: string; credentialData?: string }[]> {
    return this.json<{ type: string; credentialData?: string }[]>('GET', `/users/${userId}/credentials`, undefined, 'get credentials');
  }

  /**
   * Sets a password in plain text: Keycloak checks it against the realm's password policy (400 with
   * the rule's message key in `error`, e.g. invalidPasswordMinLengthMessage) and hashes it.
   * `temporary` adds the UPDATE_PASSWORD required action.
   */
  async resetPassword(userId: string, password: string, temporary: boolean): Promise<void> {
    await this.request('PUT', `/users/${userId}/reset-password`, { type: 'password', value: password, temporary }, 'reset password');
  }

  /** Ends every session of the user, so an old password's sessions don't outlive its reset. */
  async logout(userId: string): Promise<void> {
    await this.request('POST', `/users/${userId}/logout`, undefined, 'log out user');
  }

  async deleteUser(id: string): Promise<void> {
    await this.request('DELETE', `/users/${id}`, undefined, 'delete user', { okStatuses: [404] });
  }

  async countUsers(search?: string): Promise<number> {
    const query = search ? `?search=${encodeURIComponent(search)}` : '';
    return Number((await this.request('GET', `/users/count${query}`, undefined, 'count users')).body);
  }

  /** Ids of users whose username starts with `prefix` (for clean-up of test and bench users). */
  async userIdsWithPrefix(prefix: string, max = 100000): Promise<string[]> {
    const ids: string[] = [];
    for (let first = 0; first < max; first += 1000) {
      const page = await this.json<{ id: string; username: string }[]>('GET', `/users?briefRepresentation=true&first=${first}&max=1000&search=${encodeURIComponent(`${prefix}*`)}`, undefined, 'search users');
      ids.push(...page.filter((u) => u.username.startsWith(prefix.toLowerCase())).map((u) => u.id));
      if (page.length < 1000) break;
    }
    return ids;
  }

  private async role(name: string): Promise<RoleRepresentation> {
    const cached = this.roles.get(name);
    if (cached) return cached;
    const role = await this.json<RoleRepresentation>('GET', `/roles/${encodeURIComponent(name)}`, undefined, 'get role');
    this.roles.set(name, { id: role.id, name: role.name });
    return role;
  }

  private async json<T>(method: string, path: string, body: unknown, operation: string, call: { timeoutMs?: number } = {}): Promise<T> {
    return JSON.parse((await this.request(method, path, body, operation, call)).body) as T;
  }

  private async request(
    method: string,
    path: string,
    body: unknown,
    operation: string,
    call: { okStatuses?: number[]; timeoutMs?: number; retried?: boolean } = {},
  ): Promise<KeycloakReply> {
    const reply = await this.exchange(operation, call.timeoutMs ?? this.timeoutMs, `${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.accessToken()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (reply.status === 401 && !call.retried) {
      this.token = null;
      return this.request(method, path, body, operation, { ...call, retried: true });
    }
    if (!succeeded(reply) && !call.okStatuses?.includes(reply.status)) throw new KeycloakError(reply.status, operation, reply.body);
    return reply;
  }

  /** One HTTP request and its whole body within `timeoutMs`; the socket is closed when it runs out. */
  private async exchange(operation: string, timeoutMs: number, url: string, init: RequestInit): Promise<KeycloakReply> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(url, { ...init, signal });
      return { status: response.status, headers: response.headers, body: await response.text() };
    } catch (error) {
      if (signal.aborted) throw new KeycloakTimeoutError(operation, timeoutMs);
      throw error;
    }
  }

  private async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.expiresAt) return this.token.value;
    // One token request at a time, however many calls are waiting for it.
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = null;
    });
    return this.pendingToken;
  }

  private async fetchToken(): Promise<string> {
    const { url, realm, clientId, clientSecret, expirySkewSeconds = 30 } = this.options;
    const operation = 'client credentials token';
    const reply = await this.exchange(operation, this.timeoutMs, `${url.replace(/\/$/, '')}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    });
    if (!succeeded(reply)) throw new KeycloakError(reply.status, operation, reply.body);
    const token = JSON.parse(reply.body) as { access_token: string; expires_in: number };
    this.token = { value: token.access_token, expiresAt: Date.now() + Math.max(0, token.expires_in - expirySkewSeconds) * 1000 };
    return token.access_token;
  }
}
