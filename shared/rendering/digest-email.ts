import type { StoreConfig } from '../config/schema.ts';
import { type Locale, textDirection } from '../i18n/locales.ts';
import { DIGEST_WORDS, fillIn } from '../i18n/staff-digest.ts';
import { chatLink, escapeChatText } from './chat.ts';
import { emailButton, emailDocument } from './email-shell.ts';
import { html, type SafeHtml } from './html.ts';
import type { RenderedEmail } from './survey-email.ts';

/** One program's week, as the digest shows it. */
export interface DigestProgram {
  program: string;
  metric: 'nps' | 'csat';
  score: number | null;
  /** The score minus that of the four weeks before; null when either has no answers. */
  change: number | null;
  responses: number;
  responseRate: number | null;
  themes: { id: string; responses: number }[];
  reasons: { id: string; responses: number }[];
  /** Of the week's detractor cases: answered within the deadline (%), resolved (%). */
  loop: { cases: number; inTime: number | null; resolved: number | null };
}

export interface DigestView {
  store: Pick<StoreConfig, 'brandName' | 'primaryColour' | 'logoUrl'>;
  locale: Locale;
  week: string;
  programs: DigestProgram[];
  /** Cases not yet resolved, soonest due first, each with its case link for this recipient. */
  cases: { score: number; customer: string; dueAt: string; overdue: boolean; url: string }[];
  overdue: number;
  dashboardUrl: string;
}

const METRIC = { nps: 'NPS', csat: 'CSAT' } as const;

function numbers(locale: Locale) {
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, {
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  return {
    score: (metric: 'nps' | 'csat', value: number | null) =>
      value === null ? '–' : metric === 'nps' ? signed.format(value) : `${one.format(value)} %`,
    change: (value: number | null) => (value === null ? '–' : signed.format(value)),
    pct: (value: number | null) => (value === null ? '–' : `${one.format(value)} %`),
  };
}

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** One program's figures as label → value rows (the text and the HTML show the same). */
function programRows(view: DigestView, program: DigestProgram): [string, string][] {
  const words = DIGEST_WORDS[view.locale];
  const n = numbers(view.locale);
  const list = (items: { id: string; responses: number }[]) =>
    items.map((item) => `${item.id} (${item.responses})`).join(', ');
  return [
    [METRIC[program.metric], n.score(program.metric, program.score)],
    [words.change, n.change(program.change)],
    [words.responses, String(program.responses)],
    [words.responseRate, n.pct(program.responseRate)],
    ...(program.themes.length > 0 ? ([[words.topThemes, list(program.themes)]] as [string, string][]) : []),
    ...(program.reasons.length > 0 ? ([[words.topReasons, list(program.reasons)]] as [string, string][]) : []),
    ...(program.loop.cases > 0
      ? ([
          [
            words.loop,
            `${fillIn(words.inTime, { share: n.pct(program.loop.inTime), cases: program.loop.cases })}; ${n.pct(program.loop.resolved)} ${words.resolved}`,
          ],
        ] as [string, string][])
      : []),
  ];
}

const caseLine = (view: DigestView, item: DigestView['cases'][number]) => {
  const words = DIGEST_WORDS[view.locale];
  return `${item.score} · ${item.customer} · ${words.respondBy} ${utc(item.dueAt)}${item.overdue ? ` (${words.overdue})` : ''}`;
};

/**
 * The weekly digest of one store, in the staff's language: per program the week's score and its change against the
 * four weeks before, responses and response rate, the top themes and reasons, the closed loop; then the cases not
 * yet resolved, each a signed link for this recipient, and the dashboard.
 */
export function renderDigest(view: DigestView): RenderedEmail {
  const words = DIGEST_WORDS[view.locale];
  const brand = view.store.brandName;
  const subject = fillIn(words.subject, { brand, week: view.week });
  const heading = fillIn(words.heading, { brand, week: view.week });
  const sections = view.programs.map((program) => ({ title: program.program, rows: programRows(view, program) }));
  const casesTitle = `${words.openCases}: ${view.cases.length}${view.overdue > 0 ? ` (${view.overdue} ${words.overdue})` : ''}`;
  const text = [
    heading,
    '',
    ...sections.flatMap((section) => [
      section.title,
      ...section.rows.map(([label, value]) => `  ${label}: ${value}`),
      '',
    ]),
    ...(view.programs.every((program) => program.responses === 0) ? [words.noAnswers, ''] : []),
    casesTitle,
    ...view.cases.map((item) => `  ${caseLine(view, item)}\n  ${item.url}`),
    '',
    `${words.dashboard}: ${view.dashboardUrl}`,
  ].join('\n');
  const table = (rows: [string, string][]): SafeHtml =>
    html`<table role="presentation" cellpadding="4" cellspacing="0" border="0">${rows.map(
      ([label, value]) =>
        html`<tr><td style="color:#555;padding-right:16px">${label}</td><td><strong>${value}</strong></td></tr>`,
    )}</table>`;
  const body = html`<h1 style="font:bold 20px Arial,sans-serif;margin:0 0 16px">${heading}</h1>${sections.map(
    (section) =>
      html`<h2 style="font:bold 16px Arial,sans-serif;margin:16px 0 8px">${section.title}</h2>${table(section.rows)}`,
  )}<h2 style="font:bold 16px Arial,sans-serif;margin:16px 0 8px">${casesTitle}</h2><ul>${view.cases.map(
    (item) => html`<li><a href="${item.url}">${caseLine(view, item)}</a></li>`,
  )}</ul>${emailButton(words.dashboard, view.dashboardUrl, view.store.primaryColour)}`;
  return { subject, text, html: page(view, subject, heading, body) };
}

/** The score-drop alert: what fell, by how much, over which days, from how many answers. */
export function renderDropAlert(view: {
  store: DigestView['store'];
  locale: Locale;
  metric: 'nps' | 'csat';
  drop: { drop: number; recent: Period; baseline: Period };
  dashboardUrl: string;
}): RenderedEmail & { chatText: string } {
  const words = DIGEST_WORDS[view.locale];
  const n = numbers(view.locale);
  const metric = METRIC[view.metric];
  const { recent, baseline } = view.drop;
  const subject = fillIn(words.dropSubject, {
    brand: view.store.brandName,
    metric,
    points: n.change(view.drop.drop).replace(/^\+/, ''),
  });
  const sentence = fillIn(words.dropBody, {
    metric,
    from: recent.from,
    to: recent.to,
    recent: n.score(view.metric, recent.score),
    responses: recent.responses,
    baseline: n.score(view.metric, baseline.score),
    baselineResponses: baseline.responses,
  });
  const text = `${subject}\n\n${sentence}\n\n${words.dashboard}: ${view.dashboardUrl}`;
  const body = html`<h1 style="font:bold 20px Arial,sans-serif;margin:0 0 16px">${subject}</h1><p>${sentence}</p>${emailButton(words.dashboard, view.dashboardUrl, view.store.primaryColour)}`;
  return {
    subject,
    text,
    html: page(view, subject, sentence, body),
    // The chat reads its own markup: the words as text, the dashboard as the one link.
    chatText: `${escapeChatText(subject)}\n${escapeChatText(sentence)}\n${chatLink(view.dashboardUrl, words.dashboard)}`,
  };
}

type Period = { from: string; to: string; responses: number; score: number };

function page(
  view: { store: DigestView['store']; locale: Locale },
  title: string,
  preheader: string,
  content: SafeHtml,
): string {
  return emailDocument({
    lang: view.locale,
    dir: textDirection(view.locale),
    title,
    preheader,
    brand: view.store.brandName,
    logoUrl: view.store.logoUrl,
    maxWidth: 640,
    content,
    footer: html`closeloop · ${view.store.brandName}`,
  });
}
