import { describe, expect, it } from 'vitest';
import { InvalidSurveyToken } from '#shared/domain/errors.ts';
import { signSurveyToken } from '#shared/domain/survey-token.ts';
import { emailHash, signUnsubscribeToken, verifyUnsubscribeToken } from '#shared/domain/unsubscribe-token.ts';
import { catalogFor } from '#shared/i18n/catalog.ts';
import { renderSurveyEmail } from '#shared/rendering/survey-email.ts';
import { nextKid } from '#shared/use-cases/rotate-signing-key.ts';

const key = { kid: 'k1', secret: Buffer.from('a'.repeat(64)) };
const rotatedIn = { kid: 'k2', secret: Buffer.from('b'.repeat(64)) };

describe('unsubscribe links', () => {
  it('name the address by the hash the suppression list uses, in any case of the address', () => {
    const token = signUnsubscribeToken({ surveyId: 'srv-1', email: 'Ana@Example.com' }, key);
    expect(token.startsWith('u1.k1.srv-1.')).toBe(true);
    expect(token).not.toContain('Ana');
    expect(verifyUnsubscribeToken(token, [rotatedIn, key])).toEqual({
      surveyId: 'srv-1',
      emailHash: emailHash('ana@example.com '),
    });
  });

  it('refuse an altered, truncated or foreign link, and a survey link', () => {
    const token = signUnsubscribeToken({ surveyId: 'srv-1', email: 'ana@example.com' }, key);
    const parts = token.split('.');
    const altered = [...parts.slice(0, 3), emailHash('mallory@example.com'), parts[4]].join('.');
    const survey = signSurveyToken({ surveyId: 'srv-1', expiresAt: new Date('2030-01-01T00:00:00Z') }, key);
    for (const bad of [altered, parts.slice(0, 4).join('.'), survey, `${token}x`, ''])
      expect(() => verifyUnsubscribeToken(bad, [key]), bad).toThrow(InvalidSurveyToken);
    expect(() => verifyUnsubscribeToken(token, [rotatedIn])).toThrow(/not issued by this service/);
  });
});

describe('the next key id', () => {
  it('counts up, and gives any other shape a numbered successor', () => {
    expect(nextKid('k1')).toBe('k2');
    expect(nextKid('k9')).toBe('k10');
    expect(nextKid('local1')).toBe('local2');
    expect(nextKid('abc')).toBe('abc-2');
  });
});

describe('the survey email footer', () => {
  it('carries a visible unsubscribe link in the customer’s language, in HTML and text', () => {
    const email = renderSurveyEmail({
      metric: 'nps',
      brandName: 'Acme',
      primaryColour: '#000000',
      answerUrl: (score) => `https://x.example/s/t?score=${score}`,
      expiresAt: new Date('2026-12-01T00:00:00Z'),
      locale: 'de',
      unsubscribeUrl: 'https://x.example/u/u1.k1.s.h.m',
    });
    expect(email.html).toContain(
      `<a href="https://x.example/u/u1.k1.s.h.m" class="cl-muted" style="color:#59636e">${catalogFor('de').email.unsubscribe}</a>`,
    );
    expect(email.text).toContain(`${catalogFor('de').email.unsubscribe}: https://x.example/u/u1.k1.s.h.m`);
  });
});
