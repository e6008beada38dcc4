import { CaseLinkExpired, InvalidCaseLink } from './errors.ts';
import { mac, type SigningKey, signatureMatches } from './survey-token.ts';

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
const SAFE = /^[A-Za-z0-9_-]+$/;

export function signCaseToken(claims: CaseLinkClaims, key: SigningKey): string {
  if (!SAFE.test(claims.caseId)) throw new RangeError('case id must be URL-safe');
  const staff = Buffer.from(claims.staff, 'utf8').toString('base64url');
  const payload = `${KIND}.${key.kid}.${claims.caseId}.${staff}.${Math.floor(claims.expiresAt.getTime() / 1000).toString(36)}`;
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** Verifies a case link: malformed, altered or foreign → InvalidCaseLink; past its expiry → CaseLinkExpired. */
export function verifyCaseToken(token: string, keys: readonly SigningKey[], now: Date): CaseLinkClaims {
  const parts = token.split('.');
  const [kind, kid = '', caseId = '', staff = '', expiry = '', signature = ''] = parts;
  if (
    parts.length !== 6 ||
    kind !== KIND ||
    ![kid, caseId, staff, signature].every((part) => SAFE.test(part)) ||
    !/^[0-9a-z]+$/.test(expiry)
  )
    throw new InvalidCaseLink('The case link is malformed.');
  const key = keys.find((candidate) => candidate.kid === kid);
  if (key === undefined) throw new InvalidCaseLink('The case link was not issued by this service.');
  const expected = mac(key, `${KIND}.${kid}.${caseId}.${staff}.${expiry}`);
  const recipient = Buffer.from(staff, 'base64url');
  if (!signatureMatches(signature, expected) || recipient.toString('base64url') !== staff)
    throw new InvalidCaseLink('The case link has been altered.');
  const expiresAt = new Date(Number.parseInt(expiry, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) throw new CaseLinkExpired('This case link has expired.');
  return { caseId, staff: recipient.toString('utf8'), expiresAt };
}
