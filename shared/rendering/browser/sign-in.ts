/**
 * The sign-in page's script. It gets a token (the authorization code flow with PKCE against Cognito, or a pasted
 * one), keeps it in this tab's session storage, tries it on a staff route, then opens the dashboard, whose script
 * reads it from there.
 */
import { TOKEN_KEY } from './api.ts';
import { byId } from './dom.ts';

type Mode = { kind: 'cognito'; domain: string; clientId: string } | { kind: 'token' };

const PKCE_KEY = 'closeloop.pkce';
const mode = JSON.parse(byId('sign-in-config').textContent ?? '{}') as Mode;
const form = byId<HTMLFormElement>('form');
const say = (text: string) => {
  byId('status').textContent = text;
};
const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const redirectUri = location.origin + location.pathname;

function refused(error: unknown): void {
  form.hidden = false;
  say((error as Error).message);
}

/** The token tried on a staff route; accepted, the dashboard opens (it reads the token from this tab). */
async function openDashboard(token: string): Promise<void> {
  say('Opening the dashboard…');
  const response = await fetch('/api/programs', { headers: { authorization: `Bearer ${token}` } });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw new Error('That token was not accepted (missing, expired or from another issuer).');
  }
  if (!response.ok) throw new Error(`The dashboard did not open (HTTP ${response.status}).`);
  location.assign('/dashboard');
}

/** Back from Cognito's sign-in with a code: exchanged for tokens with the verifier this tab kept. */
async function finishCognito(domain: string, clientId: string, code: string): Promise<void> {
  const response = await fetch(`${domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: sessionStorage.getItem(PKCE_KEY) ?? '',
    }),
  });
  if (!response.ok) throw new Error(`Sign-in failed (HTTP ${response.status}).`);
  const tokens = (await response.json()) as { access_token: string };
  sessionStorage.removeItem(PKCE_KEY);
  sessionStorage.setItem(TOKEN_KEY, tokens.access_token);
  history.replaceState(null, '', redirectUri);
  await openDashboard(tokens.access_token);
}

async function startCognito(domain: string, clientId: string): Promise<void> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(PKCE_KEY, verifier);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid email',
    code_challenge_method: 'S256',
    code_challenge: b64url(digest),
  });
  location.assign(`${domain}/oauth2/authorize?${query}`);
}

const existing = sessionStorage.getItem(TOKEN_KEY);
const params = new URLSearchParams(location.search);
if (params.get('expired')) say('Your sign-in has expired; sign in again.');

if (mode.kind === 'cognito') {
  const { domain, clientId } = mode;
  const code = params.get('code');
  if (code) finishCognito(domain, clientId, code).catch(refused);
  else if (existing) openDashboard(existing).catch(refused);
  else form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void startCognito(domain, clientId);
  });
} else {
  if (existing) openDashboard(existing).catch(refused);
  else form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = byId<HTMLInputElement>('token').value.trim();
    if (!token) {
      say('Paste the staff token npm start printed.');
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    openDashboard(token).catch(refused);
  });
}
