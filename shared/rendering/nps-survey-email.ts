import { NPS_SCORES } from '../domain/nps.ts';
import { CATALOGS } from '../i18n/catalog.ts';
import { formatDate, type Locale, textDirection } from '../i18n/locales.ts';
import { escapeHtml, fill } from './html.ts';
import type { SurveyEmailMessages } from './messages.ts';

export interface NpsEmailInput {
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
  /** The email answers a reply without a usable score: it says so before asking again. */
  askingAgain?: boolean;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * The NPS survey email: the question naming the brand and eleven one-click buttons, 0 to 10, each a plain link
 * (an answer is recorded only by the page's POST, never by following the link). Tables and inline styles,
 * because that is what mail clients render.
 */
export function renderNpsEmail(input: NpsEmailInput): RenderedEmail {
  const locale = input.locale ?? 'en';
  const m = input.messages ?? CATALOGS[locale].email;
  const dir = textDirection(locale);
  const [start, end] = dir === 'rtl' ? ['right', 'left'] : ['left', 'right'];
  const brand = input.brandName;
  const greeting = input.customerName ? fill(m.npsGreeting, { name: input.customerName }) : m.npsGreetingAnonymous;
  const question = fill(m.npsQuestion, { brand });
  const date = formatDate(locale, input.expiresAt);
  const intro = input.askingAgain ? m.replyNoScoreIntro : undefined;
  const subject = fill(input.askingAgain ? m.replyNoScoreSubject : m.npsSubject, { brand });
  const colour = escapeHtml(input.primaryColour);

  // Eleven equal cells that share the row, so the scale fits a phone's width without scrolling.
  const buttons = NPS_SCORES.map(
    (score) =>
      `<td style="width:9%;padding:1px"><a href="${escapeHtml(input.answerUrl(score))}" aria-label="${score}" ` +
      `style="display:block;padding:10px 0;border:1px solid ${colour};border-radius:4px;` +
      `color:${colour};font:bold 15px Arial,sans-serif;text-align:center;text-decoration:none">${score}</a></td>`,
  ).join('');
  const logo = input.logoUrl
    ? `<img src="${escapeHtml(input.logoUrl)}" alt="${escapeHtml(brand)}" style="max-height:48px;margin-bottom:16px">`
    : '';

  const html = `<!doctype html>
<html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(subject)}</title></head>
<body dir="${dir}" style="margin:0;padding:12px;background:#f6f8fa;font-family:Arial,sans-serif;color:#1f2328">
<table role="presentation" style="width:100%;max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:16px">
<tr><td>${logo}
<p style="font-size:16px">${escapeHtml(greeting)}</p>${intro ? `\n<p style="font-size:16px">${escapeHtml(intro)}</p>` : ''}
<h1 style="font-size:20px;font-weight:bold">${escapeHtml(question)}</h1>
<table role="presentation" style="width:100%;border-collapse:collapse;table-layout:fixed"><tr>${buttons}</tr></table>
<table role="presentation" style="width:100%;font-size:12px;color:#59636e"><tr>
<td style="text-align:${start}">0 = ${escapeHtml(m.npsLow)}</td><td style="text-align:${end}">10 = ${escapeHtml(m.npsHigh)}</td>
</tr></table>
<p style="font-size:12px;color:#59636e;margin-top:24px">${escapeHtml(fill(m.footerWhy, { brand }))}
${escapeHtml(fill(m.footerExpiry, { date }))}</p>
</td></tr></table>
</body></html>`;

  const text = [
    greeting,
    '',
    ...(intro ? [intro, ''] : []),
    question,
    `(0 = ${m.npsLow}, 10 = ${m.npsHigh})`,
    '',
    m.npsTextInstructions,
    ...NPS_SCORES.map((score) => `${String(score).padStart(2)}: ${input.answerUrl(score)}`),
    '',
    fill(m.footerWhy, { brand }),
    fill(m.footerExpiry, { date }),
  ].join('\n');

  return { subject, html, text };
}
