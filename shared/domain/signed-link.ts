import { createHmac, timingSafeEqual } from 'node:crypto';

/** A link-signing key. `kid` travels in every token so keys can rotate while older links keep working. */
export interface SigningKey {
  kid: string;
  secret: Buffer;
}

/** 128-bit truncated HMAC-SHA256 (RFC 2104 §5 allows truncation to half the hash length). */
const MAC_BYTES = 16;
export const URL_SAFE = /^[A-Za-z0-9_-]+$/;

/** The MAC of a signed link's payload; links of different kinds differ in their first part, so never verify as each other. */
export function mac(key: SigningKey, payload: string): Buffer {
  return createHmac('sha256', key.secret).update(payload).digest().subarray(0, MAC_BYTES);
}

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

/**
 * The one shape of every signed link: `{kind}.{kid}.{field}….{mac}`, the MAC over everything before it. Every part
 * is URL-safe, so a token sits in a path segment and in the local part of a reply-to address.
 */
export function signLink(kind: string, key: SigningKey, fields: readonly string[]): string {
  if (!URL_SAFE.test(key.kid)) throw new RangeError('key id must be URL-safe');
  const payload = [kind, key.kid, ...fields].join('.');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** Why a link does not verify, in the order the checks run: its form, its key, its MAC. */
export type LinkProblem = 'malformed' | 'unknown-key' | 'altered';

/**
 * Reads a signed link of one kind: each field must match its pattern (in order), the key must be one this
 * deployment holds, the MAC must be the one closeloop wrote. The fields when all holds, else the first problem.
 */
export function readLink(
  token: string,
  kind: string,
  fields: readonly RegExp[],
  keys: readonly SigningKey[],
): { fields: string[]; key: SigningKey } | { problem: LinkProblem } {
  const parts = token.split('.');
  const [given, kid = '', ...rest] = parts;
  const values = rest.slice(0, fields.length);
  const signature = rest[fields.length] ?? '';
  if (
    parts.length !== fields.length + 3 ||
    given !== kind ||
    !URL_SAFE.test(kid) ||
    !URL_SAFE.test(signature) ||
    !fields.every((pattern, i) => pattern.test(values[i] ?? ''))
  )
    return { problem: 'malformed' };
  const key = keys.find((candidate) => candidate.kid === kid);
  if (key === undefined) return { problem: 'unknown-key' };
  if (!signatureMatches(signature, mac(key, [kind, kid, ...values].join('.')))) return { problem: 'altered' };
  return { fields: values, key };
}

/** What a person is told about a link that does not verify: `what` names the link ("survey", "case"…). */
export function linkProblemMessage(what: string, problem: LinkProblem): string {
  if (problem === 'malformed') return `The ${what} link is malformed.`;
  if (problem === 'unknown-key') return `The ${what} link was not issued by this service.`;
  return `The ${what} link has been altered.`;
}

/** An expiry as links carry it: epoch seconds in base 36. */
export const EXPIRY = /^[0-9a-z]+$/;
export const expiryField = (at: Date) => Math.floor(at.getTime() / 1000).toString(36);
export const expiryOf = (field: string) => new Date(Number.parseInt(field, 36) * 1000);
