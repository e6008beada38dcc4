import { createHash } from 'node:crypto';
import { InvalidSurveyToken } from './errors.ts';
import { mac, type SigningKey, signatureMatches } from './survey-token.ts';

/** The suppression list's key for an address: a hash of it lowercased, so erasing a customer keeps the suppression. */
export const emailHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/**
 * A survey email's unsubscribe link: `u1.{kid}.{surveyId}.{emailHash}.{mac}`. It names the address by its hash
 * (the link never shows it) and the survey only to speak the store's language; it does not expire, so the
 * `List-Unsubscribe` header of an old email still works while its key is kept. The `u1` kind keeps it from ever
 * opening a survey or a case.
 */
export interface UnsubscribeClaims {
  surveyId: string;
  emailHash: string;
}

const KIND = 'u1';
const SAFE = /^[A-Za-z0-9_-]+$/;

export function signUnsubscribeToken(claims: { surveyId: string; email: string }, key: SigningKey): string {
  if (!SAFE.test(claims.surveyId)) throw new RangeError('survey id must be URL-safe');
  const payload = `${KIND}.${key.kid}.${claims.surveyId}.${emailHash(claims.email)}`;
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** Verifies an unsubscribe link: malformed, altered or signed by a key this deployment lacks → InvalidSurveyToken. */
export function verifyUnsubscribeToken(token: string, keys: readonly SigningKey[]): UnsubscribeClaims {
  const parts = token.split('.');
  const [kind, kid = '', surveyId = '', hash = '', signature = ''] = parts;
  if (
    parts.length !== 5 ||
    kind !== KIND ||
    ![kid, surveyId, signature].every((p) => SAFE.test(p)) ||
    !/^[0-9a-f]{64}$/.test(hash)
  )
    throw new InvalidSurveyToken('The unsubscribe link is malformed.');
  const key = keys.find((candidate) => candidate.kid === kid);
  if (key === undefined) throw new InvalidSurveyToken('The unsubscribe link was not issued by this service.');
  const expected = mac(key, `${KIND}.${kid}.${surveyId}.${hash}`);
  if (!signatureMatches(signature, expected)) throw new InvalidSurveyToken('The unsubscribe link has been altered.');
  return { surveyId, emailHash: hash };
}
