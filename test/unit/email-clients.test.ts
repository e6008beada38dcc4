import { doIUseEmail } from 'doiuse-email';
import { describe, expect, it } from 'vitest';
import type { FollowUpCase } from '#shared/domain/follow-up.ts';
import { renderDigest, renderDropAlert } from '#shared/rendering/digest-email.ts';
import { renderLoopEmail } from '#shared/rendering/loop-email.ts';
import { renderDetractorAlert, renderEscalation } from '#shared/rendering/staff-email.ts';
import { type RenderedEmail, renderSurveyEmail } from '#shared/rendering/survey-email.ts';

/**
 * Every kind of email closeloop sends, checked against caniemail's data (through doiuse-email) for the clients most
 * customers and staff read in: Gmail, Apple Mail and Outlook (Windows, Mac, web, mobile). What carries meaning —
 * the question, the score links, the buttons, the footer — must be supported everywhere; the features below are
 * the only ones a client may ignore, each because losing it loses no meaning.
 */
const CLIENTS = ['gmail.*', 'apple-mail.*', 'outlook.*'];
const DECORATION: Record<string, string> = {
  'border-radius': 'rounded corners; the cell is still a bordered, padded button without them',
  'role attribute': 'role="presentation" on layout tables: a hint for screen readers, harmless when ignored',
  'aria-label attribute': 'the spoken name of a score link; the link text says the score anyway',
  '<body> element': 'Outlook mobile drops <body>: nothing is styled on it, the page table carries the colours',
  '@media': 'the dark-mode overrides (prefers-color-scheme); without them the light colours stay',
  display: 'display:block on links makes the whole cell clickable; the text link remains where it is ignored',
  overflow: 'hides the preheader with display:none; ignored, the preheader line shows above the greeting',
};

const followUp: FollowUpCase = {
  id: 'srv-1',
  surveyId: 'srv-1',
  program: 'purchase-nps',
  storeId: 'store-berlin',
  customer: { id: 'c1', email: 'ana@example.com', name: 'Ana <b>Silva</b>' },
  trigger: { type: 'order', id: 'ord-1' },
  locale: 'en',
  answer: {
    metric: 'nps',
    score: 2,
    scale: { min: 0, max: 10 },
    comment: 'Late & cold',
    answeredAt: '2026-11-29T10:00:00Z',
    version: 1,
  },
  status: 'open',
  openedAt: '2026-11-29T10:00:00Z',
  dueAt: '2026-11-30T10:00:00Z',
  notes: [],
  announced: {},
};

const survey = (metric: 'nps' | 'csat', locale: 'en' | 'ar' | 'ja', extra: object = {}) =>
  renderSurveyEmail({
    metric,
    brandName: 'Acme Coffee',
    customerName: 'Ana',
    primaryColour: '#6f4e37',
    logoUrl: 'https://acme.example/logo.png',
    answerUrl: (n) => `https://feedback.example/s/t?score=${n}`,
    expiresAt: new Date('2026-12-29T00:00:00Z'),
    locale,
    unsubscribeUrl: 'https://feedback.example/u/u1',
    senderEmail: 'feedback@acme.example',
    ...extra,
  });
const loop = (kind: 'follow-up' | 'thank-you' | 'answer-thanks') =>
  renderLoopEmail({
    kind,
    brandName: 'Acme Coffee',
    customerName: 'Ana',
    primaryColour: '#6f4e37',
    logoUrl: 'https://acme.example/logo.png',
    locale: 'en',
    within: '24 hours',
    referralUrl: 'https://acme.example/refer',
    reviewUrl: 'https://g.page/r/acme/review',
  });
const caseUrl = (action: string) => `https://feedback.example/c/t?action=${action}`;

const EMAILS: Record<string, RenderedEmail> = {
  'NPS survey (en)': survey('nps', 'en'),
  'NPS survey (ar, right to left)': survey('nps', 'ar'),
  'CSAT survey (ja)': survey('csat', 'ja'),
  reminder: survey('nps', 'en', { reminder: true }),
  'asking again after a reply without a score': survey('csat', 'en', { askingAgain: true }),
  'detractor follow-up': loop('follow-up'),
  'promoter thank-you with referral and review': loop('thank-you'),
  'answer thanks': loop('answer-thanks'),
  'staff detractor alert': renderDetractorAlert({ followUp, brandName: 'Acme Coffee', caseUrl }),
  'staff escalation': renderEscalation({ followUp, brandName: 'Acme Coffee', caseUrl }),
  'weekly digest (de)': renderDigest({
    store: { brandName: 'Acme Coffee', primaryColour: '#6f4e37', logoUrl: 'https://acme.example/logo.png' },
    locale: 'de',
    week: '2026-W11',
    programs: [
      {
        program: 'purchase-nps',
        metric: 'nps',
        score: -25,
        change: -100,
        responses: 4,
        responseRate: 40,
        themes: [{ id: 'delivery', responses: 2 }],
        reasons: [{ id: 'price', responses: 1 }],
        loop: { cases: 1, inTime: 0, resolved: 0 },
      },
    ],
    cases: [
      {
        score: 3,
        customer: 'Jonas <Weber>',
        dueAt: '2026-03-12T12:00:00.000Z',
        overdue: true,
        url: caseUrl('acknowledge'),
      },
    ],
    overdue: 1,
    dashboardUrl: 'https://feedback.example/dashboard',
  }),
  'score-drop alert (ar, right to left)': renderDropAlert({
    store: { brandName: 'Acme Coffee', primaryColour: '#6f4e37' },
    locale: 'ar',
    metric: 'nps',
    drop: {
      drop: 18.8,
      recent: { from: '2026-03-09', to: '2026-03-15', responses: 24, score: 12.5 },
      baseline: { from: '2026-02-09', to: '2026-03-08', responses: 96, score: 31.3 },
    },
    dashboardUrl: 'https://feedback.example/dashboard',
  }),
};

/** The features doiuse-email names in its errors, without the client: "`border-radius` is not supported by …". */
function unsupported(html: string): Map<string, Set<string>> {
  const result = doIUseEmail(html, { emailClients: CLIENTS });
  const features = new Map<string, Set<string>>();
  for (const error of result.success ? [] : result.errors) {
    const match = /^`(.+?)` is not supported by `(.+?)`/.exec(error);
    const [feature, client] = match ? [match[1] as string, match[2] as string] : [error, '?'];
    const key = feature.replace(/:.*$/, '').trim();
    features.set(key, (features.get(key) ?? new Set()).add(client));
  }
  return features;
}

describe('every email, in the mail clients customers and staff use', () => {
  it.each(Object.entries(EMAILS))('%s: nothing that carries meaning is unsupported', (_kind, email) => {
    const meaningful = [...unsupported(email.html)].filter(([feature]) => !(feature in DECORATION));
    expect(Object.fromEntries(meaningful.map(([feature, clients]) => [feature, [...clients]]))).toEqual({});
  });

  it('allows no more than it needs: every tolerated feature is one these emails use', () => {
    const seen = new Set(Object.values(EMAILS).flatMap((email) => [...unsupported(email.html).keys()]));
    expect(Object.keys(DECORATION).filter((feature) => !seen.has(feature))).toEqual([]);
  });

  it('has the checker in force: a flex layout and a background image are reported', () => {
    const features = unsupported(
      '<!doctype html><html><body><div style="display:flex;background-image:url(https://x.example/a.png)">x</div></body></html>',
    );
    expect([...features.keys()].join(' ')).toMatch(/display|flex/);
  });

  it('gives every email a preheader, the store’s logo when it has one, and one row of score cells', () => {
    const nps = EMAILS['NPS survey (en)'] as RenderedEmail;
    expect(nps.html).toMatch(/<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">How likely/);
    expect(nps.html).toContain('<img src="https://acme.example/logo.png" alt="Acme Coffee" height="48"');
    // Eleven cells in one table row, each with a width attribute Outlook keeps and the colour on the cell.
    const row = /<tr>((?:<td width="9%"[^>]*>.*?<\/td>){11})<\/tr>/.exec(nps.html);
    expect(row).not.toBeNull();
    expect(nps.html).toContain('Acme Coffee · feedback@acme.example');
  });
});
