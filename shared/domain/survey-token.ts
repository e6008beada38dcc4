import { InvalidSurveyToken, SurveyTokenExpired, UnknownSigningKey } from './errors.ts';
import {
  EXPIRY,
  expiryField,
  expiryOf,
  linkProblemMessage,
  readLink,
  type SigningKey,
  signLink,
  URL_SAFE,
} from './signed-link.ts';

export { mac, type SigningKey, signatureMatches } from './signed-link.ts';

export interface SurveyTokenClaims {
  surveyId: string;
  expiresAt: Date;
  kid: string;
}

const VERSION = 'v1';

/** Signs `v1.{kid}.{surveyId}.{expiry, epoch seconds in base 36}.{mac}`. */
export function signSurveyToken(claims: { surveyId: string; expiresAt: Date }, key: SigningKey): string {
  if (!URL_SAFE.test(claims.surveyId)) throw new RangeError('survey id must be URL-safe');
  return signLink(VERSION, key, [claims.surveyId, expiryField(claims.expiresAt)]);
}

/** Reads the key id without trusting anything else, so the verifier can fetch the right key. */
export function tokenKeyId(token: string): string {
  const parts = token.split('.');
  const kid = parts[1];
  if (parts.length !== 5 || parts[0] !== VERSION || kid === undefined || !URL_SAFE.test(kid)) {
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
  const read = readLink(token, VERSION, [URL_SAFE, EXPIRY], keys);
  if ('problem' in read) {
    const message = linkProblemMessage('survey', read.problem);
    throw read.problem === 'unknown-key' ? new UnknownSigningKey(message) : new InvalidSurveyToken(message);
  }
  const [surveyId = '', expiry = ''] = read.fields;
  const expiresAt = expiryOf(expiry);
  if (expiresAt.getTime() <= now.getTime()) throw new SurveyTokenExpired('This survey has closed.');
  return { surveyId, expiresAt, kid: read.key.kid };
}
