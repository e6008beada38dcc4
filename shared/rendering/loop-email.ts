import { catalogFor } from '../i18n/catalog.ts';
import { type Locale, textDirection } from '../i18n/locales.ts';
import { emailButton, emailDocument } from './email-shell.ts';
import { fill, html } from './html.ts';
import type { RenderedEmail } from './survey-email.ts';

/**
 * The emails that close the loop with a customer:
 * - `follow-up` to a detractor: sorry, someone will contact you within the store's deadline; replies reach staff;
 * - `thank-you` to a promoter, with the store's referral link;
 * - `answer-thanks` to anyone else, sent only to carry the review invitation.
 * With a review page configured, each carries the invitation: every respondent is asked, never only the happy.
 */
export interface LoopEmailInput {
  kind: 'follow-up' | 'thank-you' | 'answer-thanks';
  brandName: string;
  customerName?: string | undefined;
  primaryColour: string;
  logoUrl?: string | undefined;
  locale: Locale;
  /** The follow-up deadline as words ("24 hours"); follow-ups only. */
  within?: string | undefined;
  referralUrl?: string | undefined;
  reviewUrl?: string | undefined;
}

export function renderLoopEmail(input: LoopEmailInput): RenderedEmail {
  const { email, loop: m } = catalogFor(input.locale);
  const brand = input.brandName;
  const dir = textDirection(input.locale);
  const greeting = input.customerName
    ? fill(email.npsGreeting, { name: input.customerName })
    : email.npsGreetingAnonymous;
  const subject = fill(
    input.kind === 'follow-up'
      ? m.followUpSubject
      : input.kind === 'thank-you'
        ? m.thankYouSubject
        : m.answerThanksSubject,
    { brand },
  );
  const paragraphs =
    input.kind === 'follow-up'
      ? [fill(m.followUpBody, { brand, within: input.within ?? '' }), m.followUpReply]
      : [fill(input.kind === 'thank-you' ? m.thankYouBody : m.answerThanksBody, { brand })];
  const links: { intro: string; label: string; url: string }[] = [];
  if (input.kind === 'thank-you' && input.referralUrl)
    links.push({
      intro: fill(m.referralInvite, { brand }),
      label: fill(m.referralButton, { brand }),
      url: input.referralUrl,
    });
  if (input.reviewUrl) links.push({ intro: m.reviewInvite, label: m.reviewButton, url: input.reviewUrl });
  const signOff = fill(m.signOff, { brand });

  const document = emailDocument({
    lang: input.locale,
    dir,
    title: subject,
    preheader: paragraphs[0] ?? subject,
    brand,
    logoUrl: input.logoUrl,
    content: html`<p style="font-size:16px">${greeting}</p>
${paragraphs.map((p, i) => html`${i > 0 ? '\n' : ''}<p style="font-size:16px">${p}</p>`)}
${links.map((l, i) => html`${i > 0 ? '\n' : ''}<p style="font-size:16px">${l.intro}</p>${emailButton(l.label, l.url, input.primaryColour)}`)}
<p style="font-size:16px">${signOff}</p>`,
    footer: html`${brand}`,
  });
  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...links.flatMap((l) => [l.intro, l.url, '']),
    signOff,
  ].join('\n');
  return { subject, html: document, text };
}
