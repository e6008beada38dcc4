import { CaseLinkExpired, InvalidCaseLink } from './errors.ts';
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

/**
 * A staff member's link to one follow-up case: `c1.{kid}.{caseId}.{staff}.{expiry}.{mac}`, signed with the same
 * rotating keys as survey links. The `c1` kind keeps a customer's survey link from ever opening a case, and
 * `staff` (base64url) names whom the link was sent to, so an acknowledgement through it has an owner.
 */
export interface CaseLinkClaims {
  caseId: string;
  /** The alert recipient the link was made for, or `chat` for the link posted to the chat webhook. */
  staff: string;
  expiresAt: Date;
}

/** The recipient of the link posted to a store's chat: shared by everyone there, so it names nobody. */
export const CHAT_LINK = 'chat';

const KIND = 'c1';

export function signCaseToken(claims: CaseLinkClaims, key: SigningKey): string {
  if (!URL_SAFE.test(claims.caseId)) throw new RangeError('case id must be URL-safe');
  const staff = Buffer.from(claims.staff, 'utf8').toString('base64url');
  return signLink(KIND, key, [claims.caseId, staff, expiryField(claims.expiresAt)]);
}

/** Verifies a case link: malformed, altered or foreign → InvalidCaseLink; past its expiry → CaseLinkExpired. */
export function verifyCaseToken(token: string, keys: readonly SigningKey[], now: Date): CaseLinkClaims {
  const read = readLink(token, KIND, [URL_SAFE, URL_SAFE, EXPIRY], keys);
  if ('problem' in read) throw new InvalidCaseLink(linkProblemMessage('case', read.problem));
  const [caseId = '', staff = '', expiry = ''] = read.fields;
  // The recipient's one spelling: base64url decoding forgives, closeloop wrote only one.
  const recipient = Buffer.from(staff, 'base64url');
  if (recipient.toString('base64url') !== staff) throw new InvalidCaseLink(linkProblemMessage('case', 'altered'));
  const expiresAt = expiryOf(expiry);
  if (expiresAt.getTime() <= now.getTime()) throw new CaseLinkExpired('This case link has expired.');
  return { caseId, staff: recipient.toString('utf8'), expiresAt };
}
