import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#local/staff-issuer.ts';
import { wiring } from '#shared/topology/wiring.ts';
import { localClients, staffFetch } from '../support/runtime.ts';

const { urls } = localClients();

/** What a report needs to answer at all. */
const QUERIES: Record<string, string> = {
  '/api/reports/summary': '?program=purchase-nps',
  '/api/reports/trend': '?program=purchase-nps',
  '/api/reports/distribution': '?program=purchase-nps',
  '/api/reports/breakdown': '?program=purchase-nps&by=store',
  '/api/reports/themes': '?program=purchase-nps',
  '/api/reports/reasons': '?program=purchase-nps',
  '/api/reports/loop': '?program=purchase-nps',
  '/api/reports/loyalty': '?program=purchase-nps',
};

/** Every staff route of the wiring, as a request a caller could make. */
const staffRoutes = wiring.http
  .filter((definition) => definition.access.kind === 'staff')
  .flatMap((definition) => definition.routes)
  .map((route) => ({
    method: route.method,
    path: `${route.path.replace(/\{(\w+)\}/g, 'no-such-$1')}${QUERIES[route.path] ?? ''}`,
  }));

async function mint(seconds: number) {
  const response = await fetch(`${urls.events}/staff-tokens?username=kim&seconds=${seconds}`, { method: 'POST' });
  return ((await response.json()) as { token: string }).token;
}

/** A well-formed token with the right issuer and audience, signed by a key that is not the issuer's. */
function foreignToken() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid: 'someone-else' })}.${part({
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    sub: 'local:mallory',
    username: 'mallory',
    iat: now,
    exp: now + 3600,
  })}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

/** The issuer's own token with its payload swapped: the signature no longer matches. */
function tampered(token: string) {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  const forged = Buffer.from(JSON.stringify({ ...claims, username: 'admin' })).toString('base64url');
  return `${header}.${forged}.${signature}`;
}

describe('staff routes', () => {
  it('answer 401 and no data to a missing, malformed, expired, tampered or foreign token, on every route', async () => {
    // Prepare
    const expired = await mint(-120);
    const valid = await mint(600);
    const credentials: [string, string | undefined][] = [
      ['missing', undefined],
      ['not bearer', `Basic ${Buffer.from('staff:staff').toString('base64')}`],
      ['garbage', 'Bearer not-a-token'],
      ['expired', `Bearer ${expired}`],
      ['tampered', `Bearer ${tampered(valid)}`],
      ['foreign', `Bearer ${foreignToken()}`],
    ];
    expect(staffRoutes.length).toBeGreaterThanOrEqual(12);

    for (const route of staffRoutes) {
      for (const [what, authorization] of credentials) {
        // Act
        const response = await fetch(`${urls.http}${route.path}`, {
          method: route.method,
          headers: {
            ...(authorization ? { authorization } : {}),
            'content-type': 'application/json',
          },
          ...(route.method === 'POST' ? { body: JSON.stringify({ resolution: 'x' }) } : {}),
        });
        // Assess
        expect(response.status, `${route.method} ${route.path} with a ${what} token`).toBe(401);
        expect(await response.json()).toEqual({ message: 'Unauthorized' });
      }
    }
  });

  it('let a valid token through to every route', async () => {
    const valid = await mint(600);
    for (const route of staffRoutes) {
      const response = await fetch(`${urls.http}${route.path}`, {
        method: route.method,
        headers: { authorization: `Bearer ${valid}`, 'content-type': 'application/json' },
        ...(route.method === 'POST' ? { body: JSON.stringify({ resolution: 'x' }) } : {}),
      });
      // The function answered: a report, or 404 for the case that does not exist.
      expect([200, 404], `${route.method} ${route.path}`).toContain(response.status);
    }
    // The printed token (npm start's) works too.
    expect((await staffFetch(`${urls.http}/api/cases`)).status).toBe(200);
  });

  it('leave the customer and alert pages, the signed webhooks and the dashboard shell public', async () => {
    const publicRoutes = wiring.http.filter((definition) => definition.access.kind === 'public');
    expect(publicRoutes.map((definition) => definition.id).sort()).toEqual([
      'AnswerPage',
      'CasePage',
      'Dashboard',
      'RecordAnswer',
      'SourceWebhooks',
      'StaffSignIn',
      'Unsubscribe',
    ]);
    const signIn = await fetch(`${urls.http}/sign-in`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('Staff token');
    // The address a person types first leads to the sign-in.
    const home = await fetch(`${urls.http}/`, { redirect: 'manual' });
    expect([home.status, home.headers.get('location')]).toEqual([302, '/sign-in']);
  });
});
