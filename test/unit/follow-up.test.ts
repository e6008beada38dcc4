import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config/load.ts';
import { signCaseToken, verifyCaseToken } from '#shared/domain/case-token.ts';
import { CaseConflict, CaseLinkExpired, InvalidCaseLink } from '#shared/domain/errors.ts';
import {
  acknowledgeOutcome,
  answerChangeNote,
  caseAnswerOf,
  type FollowUpCase,
  loopClassOf,
  resolveOutcome,
} from '#shared/domain/follow-up.ts';
import { signSurveyToken, verifySurveyToken } from '#shared/domain/survey-token.ts';
import { formatDuration } from '#shared/i18n/locales.ts';
import { renderLoopEmail } from '#shared/rendering/loop-email.ts';

const key = { kid: 'k1', secret: Buffer.from('a secret of thirty-two bytes....') };
const now = new Date('2026-11-23T10:00:00Z');

describe('who is a detractor, who a promoter', () => {
  it('follows the scales: NPS 0–6 / 9–10, CSAT 1–2 / 5, and CES 1–3 makes any CSAT a detractor', () => {
    expect([0, 6, 7, 8, 9, 10].map((score) => loopClassOf({ metric: 'nps', score }))).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
    expect([1, 2, 3, 4, 5].map((score) => loopClassOf({ metric: 'csat', score }))).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
    ]);
    expect(loopClassOf({ metric: 'csat', score: 5, ces: 3 })).toBe('detractor');
    expect(loopClassOf({ metric: 'csat', score: 4, ces: 4 })).toBe('passive');
    expect(loopClassOf({ metric: 'csat', score: 5, ces: 7 })).toBe('promoter');
  });
});

describe('case links', () => {
  it('name the case and the staff member they were sent to, and expire', () => {
    const token = signCaseToken(
      { caseId: 'abc123', staff: 'lead@acme.example', expiresAt: new Date('2026-12-01T00:00:00Z') },
      key,
    );
    expect(verifyCaseToken(token, [key], now)).toMatchObject({ caseId: 'abc123', staff: 'lead@acme.example' });
    expect(() => verifyCaseToken(token, [key], new Date('2026-12-02T00:00:00Z'))).toThrow(CaseLinkExpired);
  });

  it('refuse tampering, foreign keys, and a customer’s survey link (and the other way round)', () => {
    const expiresAt = new Date('2026-12-01T00:00:00Z');
    const token = signCaseToken({ caseId: 'abc123', staff: 'lead@acme.example', expiresAt }, key);
    const [kind, kid, , staff, expiry, mac] = token.split('.');
    expect(() => verifyCaseToken([kind, kid, 'other', staff, expiry, mac].join('.'), [key], now)).toThrow(
      InvalidCaseLink,
    );
    expect(() => verifyCaseToken(token, [{ kid: 'k1', secret: Buffer.from('another secret') }], now)).toThrow(
      InvalidCaseLink,
    );
    const surveyLink = signSurveyToken({ surveyId: 'abc123', expiresAt }, key);
    expect(() => verifyCaseToken(surveyLink, [key], now)).toThrow(InvalidCaseLink);
    expect(() => verifySurveyToken(token, [key], now)).toThrow();
  });
});

const openCase: FollowUpCase = {
  id: 's1',
  surveyId: 's1',
  program: 'purchase-nps',
  storeId: 'store-1',
  customer: { id: 'c1', email: 'ana@example.com', name: 'Ana' },
  trigger: { type: 'order', id: 'o1' },
  locale: 'en',
  answer: caseAnswerOf('nps', { score: 3, updatedAt: now.toISOString(), version: 1 }),
  status: 'open',
  openedAt: now.toISOString(),
  dueAt: '2026-11-24T10:00:00.000Z',
  notes: [],
  announced: {},
};

describe('case transitions', () => {
  it('acknowledge once per owner; resolve once per resolution; a resolved case takes no other action', () => {
    expect(acknowledgeOutcome(openCase, 'kim')).toBe('acknowledge');
    const taken = { ...openCase, status: 'acknowledged' as const, owner: 'kim' };
    expect(acknowledgeOutcome(taken, 'kim')).toBe('unchanged');
    expect(() => acknowledgeOutcome(taken, 'lee')).toThrow(CaseConflict);
    expect(resolveOutcome(taken, 'Refunded')).toBe('resolve');
    const resolved = { ...taken, status: 'resolved' as const, resolution: 'Refunded' };
    expect(resolveOutcome(resolved, 'Refunded')).toBe('unchanged');
    expect(() => resolveOutcome(resolved, 'Something else')).toThrow(CaseConflict);
    expect(() => acknowledgeOutcome(resolved, 'kim')).toThrow(CaseConflict);
  });

  it('notes a changed answer in plain words', () => {
    const next = caseAnswerOf('nps', { score: 9, comment: 'Sorted', updatedAt: now.toISOString(), version: 2 });
    expect(answerChangeNote(openCase.answer, next, now.toISOString()).text).toBe(
      'The customer changed their answer from 3 to 9/10 (promoter): "Sorted"',
    );
  });

  it('says exactly what changed: a CES answer added after the score is not a changed answer', () => {
    const csat = caseAnswerOf('csat', { score: 1, updatedAt: now.toISOString(), version: 1 });
    const withEffort = { ...csat, ces: 2, version: 2 };
    expect(answerChangeNote(csat, withEffort, now.toISOString()).text).toBe(
      'The customer rated the effort 2/7 (score 1/5 unchanged, detractor)',
    );
    expect(answerChangeNote(withEffort, { ...withEffort, ces: 6 }, now.toISOString()).text).toBe(
      'The customer changed the effort from 2 to 6/7 (score 1/5 unchanged, detractor)',
    );
    expect(answerChangeNote(withEffort, { ...withEffort, comment: 'Broken lid' }, now.toISOString()).text).toBe(
      'The customer added a comment (score 1/5 unchanged, detractor): "Broken lid"',
    );
    expect(answerChangeNote(withEffort, { ...withEffort, score: 2, ces: 3 }, now.toISOString()).text).toBe(
      'The customer changed their answer from 1 to 2/5, effort 3/7 (detractor)',
    );
  });
});

describe('closing emails to customers', () => {
  it('promise the store’s deadline in the customer’s language', () => {
    expect(formatDuration('en', 24 * 3_600_000)).toBe('24 hours');
    expect(formatDuration('de', 3 * 86_400_000)).toBe('3 Tage');
    const sorry = renderLoopEmail({
      kind: 'follow-up',
      brandName: 'Acme',
      customerName: 'Ana',
      primaryColour: '#1f6feb',
      locale: 'de',
      within: formatDuration('de', 24 * 3_600_000),
    });
    expect(sorry.subject).toBe('Es tut uns leid – Acme meldet sich bei Ihnen');
    expect(sorry.text).toContain('innerhalb von 24 Stunden');
  });

  it('carry the referral link to promoters only, and the review link to everyone when configured', () => {
    const common = {
      brandName: 'Acme',
      primaryColour: '#1f6feb',
      locale: 'en' as const,
      referralUrl: 'https://acme.example/r',
      reviewUrl: 'https://reviews.example/acme',
    };
    const thanks = renderLoopEmail({ ...common, kind: 'thank-you' });
    const sorry = renderLoopEmail({ ...common, kind: 'follow-up', within: '24 hours' });
    expect(thanks.html).toContain('href="https://acme.example/r"');
    expect(sorry.html).not.toContain('https://acme.example/r');
    for (const mail of [thanks, sorry, renderLoopEmail({ ...common, kind: 'answer-thanks' })])
      expect(mail.text).toContain('https://reviews.example/acme');
  });
});

describe('follow-up configuration', () => {
  const base = { stores: { '*': { brandName: 'Acme', sender: { email: 'f@acme.example' } } } };

  it('defaults to a 24-hour deadline, a customer email, a thank-you and no re-survey', () => {
    const store = parseConfig(base, 'test').stores['*'];
    expect(store?.followUp).toEqual({ within: 24 * 3_600_000, customerEmail: true, resurveyAfter: false });
    expect(store?.promoters).toEqual({ thankYou: true });
  });

  it('refuses a webhook over plain HTTP off loopback, and a review page that is not HTTPS', () => {
    const bad = {
      stores: {
        '*': {
          ...base.stores['*'],
          staff: { chatWebhookUrl: 'http://hooks.example/x' },
          reviewUrl: 'http://reviews.example/acme',
        },
      },
    };
    expect(() => parseConfig(bad, 'test')).toThrow(/chatWebhookUrl[\s\S]*reviewUrl|reviewUrl[\s\S]*chatWebhookUrl/);
  });
});
