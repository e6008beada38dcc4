import type { FollowUpCase } from '../domain/follow-up.ts';
import { reasonLabel } from '../domain/reasons.ts';
import { catalogFor } from '../i18n/catalog.ts';
import { chatLink, escapeChatText } from './chat.ts';
import { emailButton, emailDocument } from './email-shell.ts';
import { html, withBreaks } from './html.ts';
import type { RenderedEmail } from './survey-email.ts';

/** What staff emails show about one case; the links open the case page, where nothing changes until confirmed. */
export interface StaffCaseView {
  followUp: FollowUpCase;
  brandName: string;
  /** The signed case link for one action, addressed to this recipient. */
  caseUrl: (action: 'acknowledge' | 'resolve') => string;
}

const METRIC_NAMES = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;
const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** Staff read reasons in English, whatever the customer's language. */
const englishReasons = () => catalogFor('en').reasons.labels;

/** The facts of a case as label → value rows, in the order staff read them. */
export function caseFacts(followUp: FollowUpCase, brandName: string): [string, string][] {
  const { answer, customer, trigger, agent } = followUp;
  const who = customer.name ? `${customer.name} <${customer.email}>` : customer.email;
  return [
    ['Customer', who],
    ['Score', `${answer.score} of ${answer.scale.min}–${answer.scale.max} (${METRIC_NAMES[answer.metric]})`],
    ...(answer.ces === undefined ? [] : ([['Effort (CES)', `${answer.ces} of 1–7`]] as [string, string][])),
    ['Comment', answer.comment ?? '(none)'],
    ...(answer.reasons?.length
      ? ([['Reasons', answer.reasons.map((id) => reasonLabel(undefined, id, 'en', englishReasons())).join(', ')]] as [
          string,
          string,
        ][])
      : []),
    ...(answer.themes?.length ? ([['Themes', answer.themes.join(', ')]] as [string, string][]) : []),
    [trigger.type === 'order' ? 'Order' : 'Ticket', trigger.id],
    ...(agent ? ([['Agent', agent.name ? `${agent.name} (${agent.id})` : agent.id]] as [string, string][]) : []),
    ['Store', `${brandName} (${followUp.storeId})`],
    ['Answered', utc(answer.answeredAt)],
    ['Respond by', utc(followUp.dueAt)],
  ];
}

/** One paragraph of plain text: the alert as a chat message or an event's summary. */
export function alertSummary(followUp: FollowUpCase, brandName: string, caseUrl: string): string {
  const facts = caseFacts(followUp, brandName)
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
  return `Detractor at ${brandName}: a follow-up case is open.\n${facts}\nAcknowledge or resolve: ${caseUrl}`.slice(
    0,
    4000,
  );
}

/**
 * The alert as a chat message: the same facts, each escaped for the chat's format, and the case link as the one
 * link. Whatever a customer put in their name or comment is shown as text, never as a mention or a link.
 */
export function chatAlert(followUp: FollowUpCase, brandName: string, caseUrl: string): string {
  const facts = caseFacts(followUp, brandName).map(([label, value]) => `${label}: ${escapeChatText(value)}`);
  // Cut the facts, never the link: a truncated escape (`&am`) is harmless text, a truncated link is not.
  const link = `Acknowledge or resolve: ${chatLink(caseUrl, 'open the case')}`;
  const body = `Detractor at ${escapeChatText(brandName)}: a follow-up case is open.\n${facts.join('\n')}`;
  return `${body.slice(0, 4000 - link.length - 1)}\n${link}`;
}

function staffEmail(view: StaffCaseView, subject: string, lead: string): RenderedEmail {
  const rows = caseFacts(view.followUp, view.brandName).map(
    ([label, value], i) =>
      html`${i > 0 ? '\n' : ''}<tr><th style="text-align:left;vertical-align:top;padding:4px 12px 4px 0;color:#59636e;font-weight:normal">${label}</th><td style="padding:4px 0">${withBreaks(value)}</td></tr>`,
  );
  const acknowledge = view.caseUrl('acknowledge');
  const resolve = view.caseUrl('resolve');
  const document = emailDocument({
    lang: 'en',
    dir: 'ltr',
    title: subject,
    preheader: lead,
    brand: view.brandName,
    maxWidth: 640,
    content: html`<p style="font-size:16px">${lead}</p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="font-size:15px;border-collapse:collapse">${rows}</table>
<p style="margin:20px 0 0"></p>${emailButton('Acknowledge', acknowledge, '#1f6feb')}${emailButton('Resolve', resolve, '#1f6feb')}`,
    footer: html`Each button opens the case; nothing changes until you confirm there. Replying to the customer: write to ${view.followUp.customer.email}.`,
  });
  const text = [
    lead,
    '',
    ...caseFacts(view.followUp, view.brandName).map(([label, value]) => `${label}: ${value}`),
    '',
    `Acknowledge: ${acknowledge}`,
    `Resolve: ${resolve}`,
    '',
    'Each link opens the case; nothing changes until you confirm there.',
  ].join('\n');
  return { subject, html: document, text };
}

const customerLabel = (followUp: FollowUpCase) => followUp.customer.name ?? followUp.customer.email;

/** The alert to the store's staff when a detractor's case opens. */
export function renderDetractorAlert(view: StaffCaseView): RenderedEmail {
  const { answer } = view.followUp;
  return staffEmail(
    view,
    `Detractor: ${METRIC_NAMES[answer.metric]} ${answer.score}/${answer.scale.max} from ${customerLabel(view.followUp)} (${view.brandName})`,
    `A customer of ${view.brandName} is unhappy. They were told someone will contact them by ${utc(view.followUp.dueAt)}.`,
  );
}

/** The escalation to the store's escalation recipients when a case is still unacknowledged at its deadline. */
export function renderEscalation(view: StaffCaseView): RenderedEmail {
  return staffEmail(
    view,
    `Overdue: unacknowledged detractor case for ${customerLabel(view.followUp)} (${view.brandName})`,
    `Nobody has acknowledged this case, which was due by ${utc(view.followUp.dueAt)}. The customer is waiting for a reply.`,
  );
}
