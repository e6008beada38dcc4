import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomUUID,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ALL_STORES_GROUP, STORE_GROUP_PREFIX } from '../shared/domain/store-access.ts';

/** The local issuer's name in its tokens; API Gateway's JWT authorizer checks Cognito's the same way in AWS. */
export const LOCAL_ISSUER = 'urn:closeloop:local-staff-issuer';
export const LOCAL_AUDIENCE = 'closeloop-staff';
/** Seconds of clock skew tolerated on `exp` and `nbf`. */
const SKEW_S = 5;

export type Claims = Record<string, unknown> & { sub: string };
export type Verdict = { ok: true; claims: Claims } | { ok: false; reason: string };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The local stand-in for the Cognito user pool: an RS256 key pair kept in the data folder (tokens survive a
 * restart), tokens with issuer, audience, expiry and the staff member's name, and the same checks API Gateway's
 * JWT authorizer makes. `fixedToken` (CLOSELOOP_STAFF_TOKEN) is accepted as it is, for scripts and CI.
 */
export class LocalStaffIssuer {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly kid: string;
  private readonly fixedToken: string | undefined;

  constructor(keyFile: string, fixedToken?: string | undefined) {
    if (!existsSync(keyFile)) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(keyFile, JSON.stringify({ kid: randomUUID(), jwk: privateKey.export({ format: 'jwk' }) }), {
        mode: 0o600,
      });
    }
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { kid: string; jwk: JsonWebKey };
    this.kid = stored.kid;
    this.privateKey = createPrivateKey({ key: stored.jwk, format: 'jwk' });
    this.publicKey = createPublicKey(this.privateKey);
    this.fixedToken = fixedToken === '' ? undefined : fixedToken;
  }

  /**
   * A signed access token for a staff member, with their groups in `cognito:groups` as Cognito writes them (every
   * store unless `stores` names some); a negative lifetime makes an expired one (for tests).
   */
  mint(
    staff: { username: string; email?: string | undefined; stores?: readonly string[] | undefined },
    lifetimeSeconds: number,
    now = new Date(),
  ): string {
    const iat = Math.floor(now.getTime() / 1000);
    const header = b64({ alg: 'RS256', typ: 'JWT', kid: this.kid });
    const payload = b64({
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      sub: `local:${staff.username}`,
      username: staff.username,
      ...(staff.email ? { email: staff.email } : {}),
      'cognito:groups': groupsFor(staff.stores),
      token_use: 'access',
      iat: Math.min(iat, iat + lifetimeSeconds),
      exp: iat + lifetimeSeconds,
      jti: randomUUID(),
    });
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), this.privateKey).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }

  /** The public key set, as an issuer publishes it. */
  jwks() {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }

  /** The checks of API Gateway's JWT authorizer: a bearer token, our key, our issuer and audience, in time. */
  verify(authorization: string | undefined, now = new Date()): Verdict {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (token === undefined) return { ok: false, reason: 'no bearer token' };
    if (this.fixedToken !== undefined && sameText(token, this.fixedToken))
      return {
        ok: true,
        claims: { sub: 'local:staff', username: 'staff', iss: LOCAL_ISSUER, 'cognito:groups': groupsFor(undefined) },
      };
    const [headerPart, payloadPart, signaturePart, ...rest] = token.split('.');
    const header = decodePart(headerPart);
    const claims = decodePart(payloadPart);
    if (rest.length > 0 || header === undefined || claims === undefined || !signaturePart)
      return { ok: false, reason: 'not a JWT' };
    if (header.alg !== 'RS256' || header.kid !== this.kid) return { ok: false, reason: 'signed by another issuer' };
    const signed = verify(
      'sha256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      this.publicKey,
      Buffer.from(signaturePart, 'base64url'),
    );
    // One spelling per token, as AWS's JWT libraries insist: the signature as it was written, not one that decodes alike.
    if (!signed || Buffer.from(signaturePart, 'base64url').toString('base64url') !== signaturePart)
      return { ok: false, reason: 'bad signature' };
    if (claims.iss !== LOCAL_ISSUER) return { ok: false, reason: 'another issuer' };
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? claims.client_id];
    if (!audiences.includes(LOCAL_AUDIENCE)) return { ok: false, reason: 'another audience' };
    const seconds = now.getTime() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp + SKEW_S <= seconds)
      return { ok: false, reason: 'the token has expired' };
    if (typeof claims.nbf === 'number' && claims.nbf - SKEW_S > seconds) return { ok: false, reason: 'not valid yet' };
    if (typeof claims.sub !== 'string') return { ok: false, reason: 'no subject' };
    return { ok: true, claims: claims as Claims };
  }
}

/** The groups of a token: `all-stores`, or one `store:<id>` per store named. */
const groupsFor = (stores: readonly string[] | undefined) =>
  stores === undefined ? [ALL_STORES_GROUP] : stores.map((id) => `${STORE_GROUP_PREFIX}${id}`);

/**
 * The claims as API Gateway's JWT authorizer hands them to a function: every value a string, a list as
 * `[first second]`.
 */
export function authorizerClaims(claims: Claims): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
