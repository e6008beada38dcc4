import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidSurveyToken, SurveyTokenExpired, UnknownSigningKey } from './errors.ts';

/** A link-signing key. `kid` travels in every token so keys can rotate while older links keep working. */
export interface SigningKey {
  kid: string;
  secret: Buffer;
}

export interface SurveyTokenClaims {
  surveyId: string;
  expiresAt: Date;
  kid: string;
}

const VERSION = 'v1';
const SAFE = /^[A-Za-z0-9_-]+$/;
/** 128-bit truncated HMAC-SHA256 (RFC 2104 §5 allows truncation to half the hash length). */
const MAC_BYTES = 16;

/** The MAC of a signed link's payload; links of different kinds differ in their first part, so never verify as each other. */
export function mac(key: SigningKey, payload: string): Buffer {
  return createHmac('sha256', key.secret).update(payload).digest().subarray(0, MAC_BYTES);
}

/**
 * Signs `v1.{kid}.{surveyId}.{expiry, epoch seconds in base 36}.{mac}`. Everything is URL-safe, so the token
 * can sit in a path segment and in the local part of a reply-to address.
 */
/**
 * Whether `signature` is exactly the base64url text of `expected`. base64url decoding forgives (the spare bits of
 * the last character), so several texts decode to one signature; only the one closeloop wrote is accepted, so no
 * link has two spellings.
 */
export function signatureMatches(signature: string, expected: Buffer): boolean {
  const given = Buffer.from(signature, 'base64url');
  return (
    given.length === expected.length && timingSafeEqual(given, expected) && given.toString('base64url') === signature
  );
}

export function signSurveyToken(claims: { surveyId: string; expiresAt: Date }, key: SigningKey): string {
  if (!SAFE.test(claims.surveyId)) throw new RangeError('survey id must be URL-safe');
  if (!SAFE.test(key.kid)) throw new RangeError('key id must be URL-safe');
  const payload = `${VERSION}.${key.kid}.${claims.surveyId}.${Math.floor(claims.expiresAt.getTime() / 1000).toString(36)}`;
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** Reads the key id without trusting anything else, so the verifier can fetch the right key. */
export function tokenKeyId(token: string): string {
  const parts = token.split('.');
  const kid = parts[1];
  if (parts.length !== 5 || parts[0] !== VERSION || kid === undefined || !SAFE.test(kid)) {
    throw new InvalidSurveyToken('The survey link is malformed.');
  }
  return kid;
}

/**
 * Verifies a token against the keys this deployment holds.
 * 1. Parse: five parts, known version, URL-safe fields.
 * 2. Find the key by id: none → UnknownSigningKey.
 * 3. Compare MACs in constant time: mismatch → InvalidSurveyToken.
 * 4. Check expiry against the injected clock: past → SurveyTokenExpired (only after the MAC held).
 */
export function verifySurveyToken(token: string, keys: readonly SigningKey[], now: Date): SurveyTokenClaims {
  const kid = tokenKeyId(token);
  const [, , surveyId = '', expiry = '', signature = ''] = token.split('.');
  if (!SAFE.test(surveyId) || !/^[0-9a-z]+$/.test(expiry) || !SAFE.test(signature)) {
    throw new InvalidSurveyToken('The survey link is malformed.');
  }
  const key = keys.find((candidate) => candidate.kid === kid);
  if (key === undefined) throw new UnknownSigningKey('The survey link was not issued by this service.');
  const expected = mac(key, `${VERSION}.${kid}.${surveyId}.${expiry}`);
  if (!signatureMatches(signature, expected)) throw new InvalidSurveyToken('The survey link has been altered.');
  const expiresAt = new Date(Number.parseInt(expiry, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) throw new SurveyTokenExpired('This survey has closed.');
  return { surveyId, expiresAt, kid };
}
