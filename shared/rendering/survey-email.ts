import { SCALES } from '../domain/answer.ts';
import type { Metric } from '../domain/survey.ts';
import { catalogFor } from '../i18n/catalog.ts';
import { formatDate, type Locale, textDirection } from '../i18n/locales.ts';
import type { SurveyEmailMessages } from '../i18n/messages.ts';
import { emailDocument, scoreRow } from './email-shell.ts';
import { fill, html } from './html.ts';

export interface SurveyEmailInput {
  /** NPS (0–10) or CSAT (1–5, each score labelled); CES is asked on the page after a CSAT answer. */
  metric: Extract<Metric, 'nps' | 'csat'>;
  brandName: string;
  customerName?: string | undefined;
  primaryColour: string;
  logoUrl?: string | undefined;
  /** The link for one score: `{publicBaseUrl}/s/{token}?score={n}`. */
  answerUrl: (score: number) => string;
  expiresAt: Date;
  /** The customer's language: the words, the date's form and the writing direction. */
  locale?: Locale;
  messages?: SurveyEmailMessages;
  /** The five CSAT labels, when the program words them itself. */
  csatLabels?: readonly string[] | undefined;
  /** The email answers a reply without a usable score: it says so before asking again. */
  askingAgain?: boolean;
  /** The one reminder to a customer who has not answered: the subject says so, and a line before the question. */
  reminder?: boolean;
  /** The one-click unsubscribe page (`{publicBaseUrl}/u/{token}`): a visible link in the footer. */
  unsubscribeUrl?: string;
  /** Who sends it (the store's sender address), named in the footer. */
  senderEmail?: string | undefined;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * The survey email: the question naming the brand and one-click buttons, 0 to 10 for NPS or 1 to 5 labelled for
 * CSAT, each a plain link (an answer is recorded only by the page's POST, never by following the link). Tables
 * and inline styles, because that is what mail clients render.
 */
export function renderSurveyEmail(input: SurveyEmailInput): RenderedEmail {
  const locale = input.locale ?? 'en';
  const m = input.messages ?? catalogFor(locale).email;
  const nps = input.metric === 'nps';
  const { min, max } = SCALES[input.metric];
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const labels = nps ? undefined : (input.csatLabels ?? catalogFor(locale).page.csatLabels);
  const dir = textDirection(locale);
  const [start, end] = dir === 'rtl' ? ['right', 'left'] : ['left', 'right'];
  const brand = input.brandName;
  const greeting = input.customerName ? fill(m.npsGreeting, { name: input.customerName }) : m.npsGreetingAnonymous;
  const question = fill(nps ? m.npsQuestion : m.csatQuestion, { brand });
  const why = fill(nps ? m.footerWhy : m.csatFooterWhy, { brand });
  const date = formatDate(locale, input.expiresAt);
  const intro = input.askingAgain
    ? fill(m.replyNoScoreIntro, { min: String(min), max: String(max) })
    : input.reminder
      ? m.reminderIntro
      : undefined;
  const firstSubject = fill(input.askingAgain ? m.replyNoScoreSubject : nps ? m.npsSubject : m.csatSubject, { brand });
  const subject = input.reminder ? fill(m.reminderSubject, { subject: firstSubject }) : firstSubject;

  const scale = scoreRow(
    scores.map((score) => {
      const label = labels?.[score - min];
      return {
        label: String(score),
        caption: label,
        url: input.answerUrl(score),
        ariaLabel: label ? `${score} – ${label}` : String(score),
      };
    }),
    input.primaryColour,
  );
  const ends = nps
    ? html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="cl-muted" style="font-size:12px;color:#59636e"><tr>
<td align="${start}">0 = ${m.npsLow}</td><td align="${end}">10 = ${m.npsHigh}</td>
</tr></table>\n`
    : '';
  const sender = input.senderEmail ? html`<br>${brand} · ${input.senderEmail}` : '';
  const unsubscribe = input.unsubscribeUrl
    ? html`<br><a href="${input.unsubscribeUrl}" class="cl-muted" style="color:#59636e">${m.unsubscribe}</a>`
    : '';
  const document = emailDocument({
    lang: locale,
    dir,
    title: subject,
    preheader: question,
    brand,
    logoUrl: input.logoUrl,
    content: html`<p style="font-size:16px">${greeting}</p>${intro ? html`\n<p style="font-size:16px">${intro}</p>` : ''}
<h1 style="font-size:20px;line-height:26px;font-weight:bold">${question}</h1>
${scale}
${ends}`,
    footer: html`${why} ${fill(m.footerExpiry, { date })}${sender}${unsubscribe}`,
  });

  const text = [
    greeting,
    '',
    ...(intro ? [intro, ''] : []),
    question,
    ...(nps ? [`(0 = ${m.npsLow}, 10 = ${m.npsHigh})`] : []),
    '',
    m.npsTextInstructions,
    ...scores.map((score) => {
      const label = labels?.[score - min];
      return `${String(score).padStart(2)}${label ? ` (${label})` : ''}: ${input.answerUrl(score)}`;
    }),
    '',
    why,
    fill(m.footerExpiry, { date }),
    ...(input.unsubscribeUrl ? ['', `${m.unsubscribe}: ${input.unsubscribeUrl}`] : []),
  ].join('\n');

  return { subject, html: document, text };
}
