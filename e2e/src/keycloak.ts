/** Real tokens from the local Keycloak, through the dev-only password-grant client. */
export async function tokenFor(username: string, password = 'Demo-2026!'): Promise<string> {
  const url = `${process.env.KEYCLOAK_URL}/realms/${process.env.KEYCLOAK_REALM ?? 'yanxiu'}/protocol/openid-connect/token`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'yanxiu-dev-cli', username, password, scope: 'openid' }),
  });
  if (!response.ok) throw new Error(`token for ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * The local realm's admin API, to give a test's teacher an account as provisioning does: username =
 * ID number, role teacher, org_path and identity's teacher_id as attributes (the token carries both).
 */
export async function realmAdmin() {
  const base = process.env.KEYCLOAK_URL ?? '';
  const realm = process.env.KEYCLOAK_REALM ?? 'yanxiu';
  const tokenResponse = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: process.env.KEYCLOAK_ADMIN_USER ?? '', password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? '' }),
  });
  if (!tokenResponse.ok) throw new Error(`keycloak admin token: ${tokenResponse.status}`);
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}/admin/realms/${realm}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return {
    /** Creates the user with a permanent password and the teacher role; returns the Keycloak user id. */
    async createTeacher(username: string, password: string, orgPath: string, teacherId: string): Promise<string> {
      const created = await api('/users', {
        method: 'POST',
        body: JSON.stringify({
          username,
          enabled: true,
          firstName: '测',
          lastName: '试',
          email: `${username}@e2e.yanxiu.local`,
          emailVerified: true,
          attributes: { org_path: [orgPath], teacher_id: [teacherId] },
          credentials: [{ type: 'password', value: password, temporary: false }],
        }),
      });
      if (created.status !== 201) throw new Error(`create user: ${created.status} ${await created.text()}`);
      const id = created.headers.get('location')?.split('/').pop() ?? '';
      const role = (await (await api('/roles/teacher')).json()) as { id: string; name: string };
      const mapped = await api(`/users/${id}/role-mappings/realm`, { method: 'POST', body: JSON.stringify([role]) });
      if (!mapped.ok) throw new Error(`map role: ${mapped.status}`);
      return id;
    },
    async deleteUser(id: string): Promise<void> {
      await api(`/users/${id}`, { method: 'DELETE' });
    },
  };
}
