import { describe, expect, it } from 'vitest';
import type { FollowUpCase } from '#shared/domain/follow-up.ts';
import { catalogFor } from '#shared/i18n/catalog.ts';
import { headerText, mailbox } from '#shared/rendering/address.ts';
import { renderAnswerPage, renderMessagePage } from '#shared/rendering/answer-page.ts';
import { renderCaseMessagePage, renderCasePage } from '#shared/rendering/case-page.ts';
import { csvRecord } from '#shared/rendering/csv.ts';
import { html } from '#shared/rendering/html.ts';
import { renderLoopEmail } from '#shared/rendering/loop-email.ts';
import { renderSignIn } from '#shared/rendering/sign-in-page.ts';
import { alertSummary, chatAlert, renderDetractorAlert, renderEscalation } from '#shared/rendering/staff-email.ts';
import { renderSurveyEmail } from '#shared/rendering/survey-email.ts';
import { renderUnsubscribeConfirm, renderUnsubscribed } from '#shared/rendering/unsubscribe-page.ts';

/**
 * Hostile text through every template of every email, page and payload: what a customer, a store's configuration
 * or a staff member wrote must come out as the text it is, never as an element, an attribute, a mention, a formula
 * or a header of its own. Each template is rendered twice, with plain and with hostile text in every text field;
 * the markup (its sequence of tags) must be the same. (The dashboard is a shell without text of anyone's: its script
 * puts every value in as text, which test/integration/dashboard-in-browser.test.ts checks with markup in a comment.)
 */
const HOSTILE = `Ana "<b>x</b>" & 'o' <img src=x onerror=alert(1)></textarea></script><!-- <!channel> <@U1> <https://evil.example|click>`;
const PLAIN = 'Ana Souza';

function everyHtml(text: string): Record<string, string> {
  const style = { brandName: text, primaryColour: '#0b5cad', logoUrl: 'https://x.example/logo.png', lang: 'en' };
  const page = { ...style, messages: catalogFor('en').page };
  const followUp: FollowUpCase = {
    id: 'c1',
    surveyId: 's1',
    program: 'ticket-csat',
    storeId: 'store-1',
    customer: { id: 'cus-1', email: 'ana@example.com', name: text },
    trigger: { type: 'ticket', id: 'T-1' },
    agent: { id: 'agent-1', name: text },
    locale: 'en',
    answer: {
      metric: 'csat',
      score: 1,
      scale: { min: 1, max: 5 },
      comment: text,
      answeredAt: '2026-11-20T10:00:00.000Z',
      version: 1,
    },
    status: 'acknowledged',
    openedAt: '2026-11-20T10:00:00.000Z',
    dueAt: '2026-11-21T10:00:00.000Z',
    owner: text,
    resolution: text,
    notes: [{ at: '2026-11-20T11:00:00.000Z', text }],
    announced: {},
  };
  const staffView = {
    followUp,
    brandName: text,
    caseUrl: (action: string) => `https://x.example/c/t?action=${action}`,
  };
  const pages: Record<string, string> = {};
  for (const state of ['question', 'recorded', 'changed'] as const)
    for (const metric of ['nps', 'csat'] as const)
      pages[`answer page (${state}, ${metric})`] = renderAnswerPage({
        ...page,
        action: '/s/token',
        metric,
        asksCes: true,
        selected: 3,
        comment: text,
        submitOnChoice: true,
        nonce: 'nonce',
        state,
        promise: text,
        reasonQuestion: { legend: text, multiple: metric === 'csat', choices: [{ id: 'delivery', label: text }] },
      });
  pages['message page'] = renderMessagePage(page, text, text);
  for (const staff of ['chat', 'lee@example.com'])
    pages[`case page (${staff})`] = renderCasePage({
      followUp,
      brandName: text,
      action: '/c/t',
      staff,
      done: text,
      rootCauses: ['product'],
    });
  pages['case page (resolved)'] = renderCasePage({
    rootCauses: ['product'],
    followUp: { ...followUp, status: 'resolved' },
    brandName: text,
    action: '/c/t',
    staff: 'lee@example.com',
  });
  pages['case message page'] = renderCaseMessagePage(text, text);
  pages['unsubscribe confirm'] = renderUnsubscribeConfirm(page, '/u/token');
  pages.unsubscribed = renderUnsubscribed(page);
  for (const metric of ['nps', 'csat'] as const)
    pages[`survey email (${metric})`] = renderSurveyEmail({
      metric,
      brandName: text,
      customerName: text,
      primaryColour: '#0b5cad',
      answerUrl: (score) => `https://x.example/s/t?score=${score}`,
      expiresAt: new Date('2026-12-20T00:00:00Z'),
      reminder: true,
      unsubscribeUrl: 'https://x.example/u/t',
      senderEmail: 'hello@x.example',
    }).html;
  for (const kind of ['follow-up', 'thank-you', 'answer-thanks'] as const)
    pages[`loop email (${kind})`] = renderLoopEmail({
      kind,
      brandName: text,
      customerName: text,
      primaryColour: '#0b5cad',
      locale: 'en',
      within: text,
      referralUrl: 'https://x.example/refer',
      reviewUrl: 'https://x.example/review',
    }).html;
  pages['detractor alert'] = renderDetractorAlert(staffView).html;
  pages.escalation = renderEscalation(staffView).html;
  return pages;
}

const tags = (markup: string) => [...markup.matchAll(/<\/?([a-zA-Z][\w-]*|!--|!doctype)/g)].map((match) => match[1]);

describe('hostile text, through every output', () => {
  const plain = everyHtml(PLAIN);
  const hostile = everyHtml(HOSTILE);

  it.each(Object.keys(plain))('%s: the same elements, the text shown as text', (name) => {
    expect(tags(hostile[name] ?? ''), name).toEqual(tags(plain[name] ?? ''));
    expect(hostile[name]).not.toContain('<img src=x');
    expect(hostile[name]).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('html escapes every value it is given, and keeps the markup it built', () => {
    const inner = html`<b>${HOSTILE}</b>`;
    expect(`${html`<p title="${HOSTILE}">${inner}${[HOSTILE, 1, null, false, undefined]}</p>`}`).toBe(
      `<p title="${escaped}"><b>${escaped}</b>${escaped}1</p>`,
    );
  });

  it('a chat message carries closeloop’s one link, and no mention or link of the text', () => {
    const followUp = {
      customer: { id: 'c', email: 'a@x.example', name: HOSTILE },
      answer: {
        metric: 'nps',
        score: 1,
        scale: { min: 0, max: 10 },
        comment: HOSTILE,
        answeredAt: '2026-11-20T10:00:00Z',
      },
      trigger: { type: 'order', id: 'o1' },
      storeId: 's1',
      dueAt: '2026-11-21T10:00:00Z',
    } as unknown as FollowUpCase;
    const text = chatAlert(followUp, HOSTILE, 'https://x.example/c/token');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U1>');
    expect([...text.matchAll(/<https?:/g)]).toHaveLength(1);
    expect(text).toContain('<https://x.example/c/token|open the case>');
    // The event's plain summary is text for other systems: the same facts, not escaped.
    expect(alertSummary(followUp, 'Acme', 'https://x.example/c/token')).toContain(HOSTILE);
  });

  it('a CSV cell is text, never a formula, and never breaks its record', () => {
    const record = csvRecord(['=HYPERLINK("https://evil.example","x")', 'two\r\nlines, "quoted"', '@SUM(1)', '+1', -1]);
    expect(record).toBe(`"'=HYPERLINK(""https://evil.example"",""x"")","two\r\nlines, ""quoted""",'@SUM(1),'+1,-1\r\n`);
  });

  it('a mail header holds one line: a display name or a subject cannot start another header', () => {
    const forged = 'Acme\r\nBcc: everyone@example.com';
    expect(headerText(forged)).toBe('Acme Bcc: everyone@example.com');
    expect(mailbox('hello@acme.example', forged)).toBe('"Acme Bcc: everyone@example.com" <hello@acme.example>');
    expect(mailbox('hello@acme.example', 'Café "Ü"\n')).toMatch(
      /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <hello@acme\.example>$/,
    );
    expect(
      renderSignIn({ kind: 'cognito', domain: `https://auth.example/</script><script>`, clientId: 'c' }, 'n'),
    ).not.toContain('</script><script>');
  });
});

const escaped = HOSTILE.replaceAll('&', '&amp;')
  .replaceAll('<', '&lt;')
  .replaceAll('>', '&gt;')
  .replaceAll('"', '&quot;')
  .replaceAll("'", '&#39;');
