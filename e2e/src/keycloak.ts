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
