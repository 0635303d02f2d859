import { createHash, randomBytes } from 'node:crypto';

/**
 * A login through Keycloak's own pages, as the frontend (yanxiu-web: authorization code + PKCE)
 * drives them in a browser: the login form, then any required-action form Keycloak puts in between
 * (update password), then the code exchange. Unlike the password grant, it can complete a forced
 * password change, so tests see what a user sees. Cookies are kept by hand; redirects are not
 * followed, so each step's answer can be inspected.
 */

const CLIENT_ID = 'yanxiu-web';
const REDIRECT_URI = 'http://127.0.0.1:5999/callback';

/** What Keycloak answered to the last form. */
export type LoginStep =
  | { kind: 'signed_in'; tokens: Tokens }
  /** Keycloak asks for a new password (UPDATE_PASSWORD); `message` is set when the last one was refused. */
  | { kind: 'update_password'; message: string | null; submit: (password: string) => Promise<LoginStep> }
  /** The login form again, with Keycloak's message (wrong password, …). */
  | { kind: 'refused'; message: string | null };

export interface Tokens {
  accessToken: string;
  /** The access token's claims. */
  claims: Record<string, unknown>;
}

const decodeHtml = (text: string) => text.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

function formAction(html: string, formId: string): string | null {
  const tag = new RegExp(`<form[^>]*id="${formId}"[^>]*>`).exec(html)?.[0];
  const action = tag && /action="([^"]+)"/.exec(tag)?.[1];
  return action ? decodeHtml(action) : null;
}

/** The first feedback text of Keycloak's page (error under a field, or the alert). */
function feedback(html: string): string | null {
  const text = /kc-feedback-text">\s*([^<]+?)\s*</.exec(html)?.[1];
  return text ? decodeHtml(text) : null;
}

export async function browserLogin(keycloakUrl: string, realm: string, username: string, password: string): Promise<LoginStep> {
  const base = `${keycloakUrl.replace(/\/$/, '')}/realms/${realm}/protocol/openid-connect`;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const cookies = new Map<string, string>();

  const send = async (url: string, form?: Record<string, string>): Promise<Response> => {
    const response = await fetch(url, {
      redirect: 'manual',
      method: form ? 'POST' : 'GET',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form) } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  };

  const exchange = async (location: string): Promise<Tokens> => {
    const code = new URL(location).searchParams.get('code');
    if (!code) throw new Error(`Keycloak redirected without a code: ${location}`);
    const response = await fetch(`${base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
    });
    const body = (await response.json()) as { access_token?: string; error_description?: string };
    if (!body.access_token) throw new Error(`code exchange failed: ${response.status} ${body.error_description ?? ''}`);
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    return { accessToken: body.access_token, claims };
  };

  const next = async (response: Response): Promise<LoginStep> => {
    const location = response.headers.get('location');
    if (response.status === 302 && location?.startsWith(REDIRECT_URI)) return { kind: 'signed_in', tokens: await exchange(location) };
    if (response.status === 302 && location) return next(await send(location));
    const html = await response.text();
    const update = formAction(html, 'kc-passwd-update-form');
    if (update) {
      return {
        kind: 'update_password',
        message: feedback(html),
        submit: async (newPassword) => next(await send(update, { 'password-new': newPassword, 'password-confirm': newPassword })),
      };
    }
    if (formAction(html, 'kc-form-login')) return { kind: 'refused', message: feedback(html) };
    throw new Error(`unexpected Keycloak page (HTTP ${response.status}): ${html.slice(0, 300)}`);
  };

  const authorize = `${base}/auth?${new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid',
    state: randomBytes(8).toString('hex'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()}`;
  const page = await send(authorize);
  const login = formAction(await page.text(), 'kc-form-login');
  if (!login) throw new Error(`no login form at ${authorize} (HTTP ${page.status})`);
  return next(await send(login, { username, password }));
}

/** The update-password form, or a failure naming what came instead. Each form is submitted once: the next step has the next form. */
export function passwordForm(step: LoginStep): Extract<LoginStep, { kind: 'update_password' }> {
  if (step.kind !== 'update_password') throw new Error(`expected Keycloak to ask for a new password, got ${step.kind}${step.kind === 'refused' ? `: ${step.message}` : ''}`);
  return step;
}

export function signedIn(step: LoginStep): Tokens {
  if (step.kind !== 'signed_in') throw new Error(`expected to be signed in, got ${step.kind}: ${step.message}`);
  return step.tokens;
}
