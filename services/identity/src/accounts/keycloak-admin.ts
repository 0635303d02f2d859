/**
 * A small client of Keycloak's admin REST API over plain `fetch`, authenticated as the
 * `yanxiu-identity` service account (client credentials; token cached until shortly before it
 * expires, refreshed once on a 401). Only what account provisioning needs.
 */

export interface KeycloakAdminOptions {
  url: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** Seconds before expiry at which a cached token is renewed. */
  expirySkewSeconds?: number;
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

interface RoleRepresentation {
  id: string;
  name: string;
}

export class KeycloakAdmin {
  private token: { value: string; expiresAt: number } | null = null;
  private pendingToken: Promise<string> | null = null;
  private readonly roles = new Map<string, RoleRepresentation>();
  private readonly base: string;

  constructor(private readonly options: KeycloakAdminOptions) {
    this.base = `${options.url.replace(/\/$/, '')}/admin/realms/${encodeURIComponent(options.realm)}`;
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
    const response = await this.request('POST', '/partialImport', { ifResourceExists: 'SKIP', users }, 'partial import');
    return (await response.json()) as PartialImportResult;
  }

  async findUserByUsername(username: string): Promise<(UserRepresentation & { id: string }) | null> {
    const response = await this.request('GET', `/users?exact=true&briefRepresentation=false&username=${encodeURIComponent(username)}`, undefined, 'find user');
    const users = (await response.json()) as (UserRepresentation & { id: string })[];
    return users.find((u) => u.username === username.toLowerCase()) ?? null;
  }

  async getUser(id: string): Promise<UserRepresentation & { id: string }> {
    return (await (await this.request('GET', `/users/${id}`, undefined, 'get user')).json()) as UserRepresentation & { id: string };
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
    return (await (await this.request('GET', `/users/${userId}/credentials`, undefined, 'get credentials')).json()) as { type: string; credentialData?: string }[];
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
    await this.request('DELETE', `/users/${id}`, undefined, 'delete user', [404]);
  }

  async countUsers(search?: string): Promise<number> {
    const query = search ? `?search=${encodeURIComponent(search)}` : '';
    return Number(await (await this.request('GET', `/users/count${query}`, undefined, 'count users')).text());
  }

  /** Ids of users whose username starts with `prefix` (for clean-up of test and bench users). */
  async userIdsWithPrefix(prefix: string, max = 100000): Promise<string[]> {
    const ids: string[] = [];
    for (let first = 0; first < max; first += 1000) {
      const response = await this.request('GET', `/users?briefRepresentation=true&first=${first}&max=1000&search=${encodeURIComponent(`${prefix}*`)}`, undefined, 'search users');
      const page = (await response.json()) as { id: string; username: string }[];
      ids.push(...page.filter((u) => u.username.startsWith(prefix.toLowerCase())).map((u) => u.id));
      if (page.length < 1000) break;
    }
    return ids;
  }

  private async role(name: string): Promise<RoleRepresentation> {
    const cached = this.roles.get(name);
    if (cached) return cached;
    const role = (await (await this.request('GET', `/roles/${encodeURIComponent(name)}`, undefined, 'get role')).json()) as RoleRepresentation;
    this.roles.set(name, { id: role.id, name: role.name });
    return role;
  }

  private async request(method: string, path: string, body: unknown, operation: string, okStatuses: number[] = [], retried = false): Promise<Response> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.accessToken()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 401 && !retried) {
      this.token = null;
      return this.request(method, path, body, operation, okStatuses, true);
    }
    if (!response.ok && !okStatuses.includes(response.status)) throw new KeycloakError(response.status, operation, await response.text());
    return response;
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
    const response = await fetch(`${url.replace(/\/$/, '')}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    });
    if (!response.ok) throw new KeycloakError(response.status, 'client credentials token', await response.text());
    const token = (await response.json()) as { access_token: string; expires_in: number };
    this.token = { value: token.access_token, expiresAt: Date.now() + Math.max(0, token.expires_in - expirySkewSeconds) * 1000 };
    return token.access_token;
  }
}
