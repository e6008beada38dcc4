import { describe, expect, it } from 'vitest';
import { InvalidSurveyToken, SurveyTokenExpired, UnknownSigningKey } from '#shared/domain/errors.ts';
import { signSurveyToken, tokenKeyId, verifySurveyToken } from '#shared/domain/survey-token.ts';

const key = { kid: 'k1', secret: Buffer.from('a'.repeat(64)) };
const rotated = { kid: 'k2', secret: Buffer.from('b'.repeat(64)) };
const now = new Date('2026-11-23T12:00:00Z');
const expiresAt = new Date('2026-12-23T12:00:00Z');

/** Replaces one dot-separated part of a token. */
const withPart = (token: string, index: number, value: string) =>
  token
    .split('.')
    .map((part, i) => (i === index ? value : part))
    .join('.');

describe('survey tokens', () => {
  it('round-trips the survey id, expiry and key id', () => {
    // Prepare
    const token = signSurveyToken({ surveyId: 'abc123', expiresAt }, key);
    // Act
    const claims = verifySurveyToken(token, [key], now);
    // Assess
    expect(claims).toEqual({ surveyId: 'abc123', expiresAt, kid: 'k1' });
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(tokenKeyId(token)).toBe('k1');
  });

  it('refuses a token whose survey id was swapped', () => {
    const token = signSurveyToken({ surveyId: 'abc123', expiresAt }, key);
    expect(() => verifySurveyToken(withPart(token, 2, 'abc124'), [key], now)).toThrow(InvalidSurveyToken);
  });

  it('refuses a token whose expiry was extended', () => {
    const token = signSurveyToken({ surveyId: 'abc123', expiresAt }, key);
    const later = Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000).toString(36);
    expect(() => verifySurveyToken(withPart(token, 3, later), [key], now)).toThrow(InvalidSurveyToken);
  });

  it('refuses a token with a flipped signature character or a truncated signature', () => {
    const token = signSurveyToken({ surveyId: 'abc123', expiresAt }, key);
    const signature = token.split('.')[4] ?? '';
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(() => verifySurveyToken(withPart(token, 4, flipped), [key], now)).toThrow(InvalidSurveyToken);
    expect(() => verifySurveyToken(withPart(token, 4, signature.slice(0, 10)), [key], now)).toThrow(InvalidSurveyToken);
  });

  it('refuses a token signed with another secret under the same key id', () => {
    const forged = signSurveyToken(
      { surveyId: 'abc123', expiresAt },
      { kid: 'k1', secret: Buffer.from('z'.repeat(64)) },
    );
    expect(() => verifySurveyToken(forged, [key], now)).toThrow(InvalidSurveyToken);
  });

  it('refuses a token signed with a key this deployment does not hold', () => {
    const foreign = signSurveyToken(
      { surveyId: 'abc123', expiresAt },
      { kid: 'other', secret: Buffer.from('x'.repeat(64)) },
    );
    expect(() => verifySurveyToken(foreign, [key], now)).toThrow(UnknownSigningKey);
  });

  it('keeps links signed before a rotation working while the previous key is held', () => {
    const old = signSurveyToken({ surveyId: 'abc123', expiresAt }, key);
    expect(verifySurveyToken(old, [rotated, key], now).kid).toBe('k1');
    expect(() => verifySurveyToken(old, [rotated], now)).toThrow(UnknownSigningKey);
  });

  it('refuses an expired token, at the second it expires', () => {
    const token = signSurveyToken({ surveyId: 'abc123', expiresAt }, key);
    expect(() => verifySurveyToken(token, [key], expiresAt)).toThrow(SurveyTokenExpired);
    expect(verifySurveyToken(token, [key], new Date(expiresAt.getTime() - 1000)).surveyId).toBe('abc123');
  });

  it('refuses malformed tokens', () => {
    for (const bad of [
      '',
      'v1',
      'v1.k1.abc.zz',
      'v2.k1.abc.1.sig',
      'v1.k 1.abc.1.sig',
      'v1.k1.abc.1.sig.extra',
      'v1.k1.a/b.1.sig',
    ]) {
      expect(() => verifySurveyToken(bad, [key], now), bad).toThrow(InvalidSurveyToken);
    }
  });
});
