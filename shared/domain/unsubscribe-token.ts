import { createHash } from 'node:crypto';
import { InvalidSurveyToken } from './errors.ts';
import { linkProblemMessage, readLink, type SigningKey, signLink, URL_SAFE } from './signed-link.ts';

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
const HASH = /^[0-9a-f]{64}$/;

export function signUnsubscribeToken(claims: { surveyId: string; email: string }, key: SigningKey): string {
  if (!URL_SAFE.test(claims.surveyId)) throw new RangeError('survey id must be URL-safe');
  return signLink(KIND, key, [claims.surveyId, emailHash(claims.email)]);
}

/** Verifies an unsubscribe link: malformed, altered or signed by a key this deployment lacks → InvalidSurveyToken. */
export function verifyUnsubscribeToken(token: string, keys: readonly SigningKey[]): UnsubscribeClaims {
  const read = readLink(token, KIND, [URL_SAFE, HASH], keys);
  if ('problem' in read) throw new InvalidSurveyToken(linkProblemMessage('unsubscribe', read.problem));
  const [surveyId = '', hash = ''] = read.fields;
  return { surveyId, emailHash: hash };
}
