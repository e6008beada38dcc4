import { describe, expect, it } from 'vitest';
import { signCaseToken, verifyCaseToken } from '#shared/domain/case-token.ts';
import { InvalidCaseLink, InvalidSurveyToken } from '#shared/domain/errors.ts';
import { signSurveyToken, verifySurveyToken } from '#shared/domain/survey-token.ts';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '#shared/domain/unsubscribe-token.ts';

const key = { kid: 'k1', secret: Buffer.from('a'.repeat(64)) };
const now = new Date('2026-11-23T12:00:00Z');
const expiresAt = new Date('2026-12-23T12:00:00Z');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The same token with its last character's lowest bit flipped: a 16-byte signature leaves 4 spare bits in its last
 * base64url character, so the text differs and decodes to the very same bytes.
 */
function otherSpelling(token: string): string {
  const last = token.at(-1) ?? 'A';
  const respelled = ALPHABET[ALPHABET.indexOf(last) ^ 1] ?? last;
  const spelled = `${token.slice(0, -1)}${respelled}`;
  const signature = (t: string) => Buffer.from(t.split('.').at(-1) ?? '', 'base64url');
  expect(signature(spelled).equals(signature(token))).toBe(true);
  return spelled;
}

describe('one spelling per link', () => {
  it('accepts a survey link as written and refuses the same signature spelt otherwise', () => {
    const token = signSurveyToken({ surveyId: 'abc123', expiresAt }, key);
    expect(verifySurveyToken(token, [key], now).surveyId).toBe('abc123');
    expect(() => verifySurveyToken(otherSpelling(token), [key], now)).toThrow(InvalidSurveyToken);
  });

  it('does the same for unsubscribe and case links', () => {
    const unsubscribe = signUnsubscribeToken({ surveyId: 'abc123', email: 'ana@example.com' }, key);
    expect(verifyUnsubscribeToken(unsubscribe, [key]).surveyId).toBe('abc123');
    expect(() => verifyUnsubscribeToken(otherSpelling(unsubscribe), [key])).toThrow(InvalidSurveyToken);
    const caseLink = signCaseToken({ caseId: 'abc123', staff: 'lead@acme.example', expiresAt }, key);
    expect(verifyCaseToken(caseLink, [key], now).staff).toBe('lead@acme.example');
    expect(() => verifyCaseToken(otherSpelling(caseLink), [key], now)).toThrow(InvalidCaseLink);
  });
});
