import { storeFor } from '../config/deployed.ts';
import type { CloseloopConfig } from '../config/schema.ts';
import { replyAddress } from '../domain/reply.ts';
import type { Survey } from '../domain/survey.ts';
import { resolveLocale } from '../i18n/locales.ts';
import type { OutgoingEmail } from '../ports/mailer.ts';
import { mailbox } from '../rendering/address.ts';
import { renderSurveyEmail } from '../rendering/survey-email.ts';
import { programWords } from './wording.ts';

/**
 * The email that asks a survey's question, from its store, with one-click links carrying `links.token`; replies go
 * to `reply+{token}@{domain}` when replies are configured. It carries RFC 8058 one-click unsubscribe
 * (`List-Unsubscribe` with the HTTPS URL, `List-Unsubscribe-Post`) and the same link, visible, in the footer.
 * `askingAgain` for the answer to a reply without a score, `reminder` for the one reminder.
 */
export function surveyEmail(
  config: CloseloopConfig,
  publicBaseUrl: string,
  survey: Survey,
  links: { token: string; unsubscribeToken: string },
  options: { askingAgain?: boolean; reminder?: boolean } = {},
): OutgoingEmail {
  const { token } = links;
  const unsubscribeUrl = `${publicBaseUrl}/u/${links.unsubscribeToken}`;
  const store = storeFor(config, survey.storeId);
  // CES is never a survey's first question: the answer page asks it after a CSAT score.
  if (survey.metric === 'ces') throw new Error(`Survey ${survey.id} cannot open with the CES question`);
  const locale = resolveLocale(survey.locale, store.defaultLocale);
  const words = programWords(config, survey.program, locale);
  const rendered = renderSurveyEmail({
    messages: words.email,
    csatLabels: words.page.csatLabels,
    metric: survey.metric,
    brandName: store.brandName,
    customerName: survey.customer.name,
    primaryColour: store.primaryColour,
    logoUrl: store.logoUrl,
    answerUrl: (score) => `${publicBaseUrl}/s/${token}?score=${score}`,
    expiresAt: new Date(survey.expiresAt),
    locale,
    askingAgain: options.askingAgain,
    reminder: options.reminder,
    unsubscribeUrl,
    senderEmail: store.sender.email,
  });
  return {
    to: survey.customer.email,
    from: mailbox(store.sender.email, store.sender.name ?? store.brandName),
    replyTo: config.replies
      ? [replyAddress(token, config.replies.domain)]
      : store.replyTo
        ? [store.replyTo]
        : undefined,
    ...rendered,
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    tags: { surveyId: survey.id, program: survey.program, storeId: survey.storeId },
  };
}
