import type { CloseloopConfig } from '../config/schema.ts';
import { classify, MAX_COMMENT_LENGTH } from '../domain/answer.ts';
import { automaticReason } from '../domain/auto-reply.ts';
import { InvalidInput } from '../domain/errors.ts';
import { type ReasonSettings, reasonLabel, reasonQuestion } from '../domain/reasons.ts';
import { newText, scoreInReply, tokenFromRecipients } from '../domain/reply.ts';
import type { Survey } from '../domain/survey.ts';
import { tagThemes } from '../domain/themes.ts';
import { signUnsubscribeToken } from '../domain/unsubscribe-token.ts';
import { catalogFor } from '../i18n/catalog.ts';
import { resolveLocale } from '../i18n/locales.ts';
import type { ReceivedEmail } from '../ports/inbound-mail.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { SuppressionList } from '../ports/suppression-list.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';
import { openSurvey } from './open-survey.ts';
import { type AnswerDeps, type RecordedAnswer, recordAnswer } from './record-answer.ts';
import { surveyEmail } from './survey-email.ts';

export interface ReplyDeps extends Omit<AnswerDeps, 'surveys'> {
  surveys: AnswerDeps['surveys'] & Pick<SurveyRepository, 'claimReplyAnswer'>;
  mailer: Mailer;
  suppressions: Pick<SuppressionList, 'reasonFor'>;
  config: CloseloopConfig;
  publicBaseUrl: string;
}

/** Why a reply recorded nothing and got no answer. */
export type IgnoredReason = 'automatic' | 'not-the-customer' | 'unauthenticated' | 'suppressed' | 'asked-today';

export type ReplyOutcome =
  | { outcome: 'answered'; recorded: RecordedAnswer }
  | { outcome: 'asked-again'; surveyId: string }
  | { outcome: 'ignored'; reason: IgnoredReason; detail: string; surveyId: string };

const FAILED = new Set(['FAIL']);
const mailbox = (address: string | undefined) => (address ?? '').trim().toLowerCase();

/**
 * A customer's reply to a survey email.
 * 1. Find the survey token in the address the reply was sent to (`reply+{token}@{domain}`); none is bad input.
 * 2. Open the survey from it, exactly as the answer page does (bad link, unknown survey, closed survey).
 * 3. Ignore, recording and sending nothing, a message a machine wrote (RFC 3834: an out-of-office, a bounce, a
 *    list), one whose sender is not the survey's customer, and one the receiving server found forged.
 * 4. Read only the customer's own words: the quoted original and the signature are not the answer.
 * 5. With a score in range: record it, the rest as the comment (cut at the comment limit), on the `email` channel.
 * 6. Without one: write nothing, and send the customer the question again with its one-click buttons — at most
 *    once a day per survey, and never to a suppressed address.
 */
export async function handleEmailReply(deps: ReplyDeps, email: ReceivedEmail): Promise<ReplyOutcome> {
  const domain = deps.config.replies?.domain;
  if (domain === undefined) throw new InvalidInput('Replies are not configured (replies.domain)');
  const token = tokenFromRecipients(email.recipients, domain);
  if (token === undefined) throw new InvalidInput(`No reply+{token}@${domain} address among the recipients`);
  const survey = await openSurvey(deps, token);
  const ignored = (reason: IgnoredReason, detail: string): ReplyOutcome => ({
    outcome: 'ignored',
    reason,
    detail,
    surveyId: survey.id,
  });

  const automatic = automaticReason(email);
  if (automatic !== undefined) return ignored('automatic', automatic);
  if (mailbox(email.from) !== mailbox(survey.customer.email))
    return ignored('not-the-customer', 'the sender is not the address the survey went to');
  const { spf = '', dkim = '', dmarc = '' } = email.authentication ?? {};
  if (FAILED.has(dmarc) || (FAILED.has(spf) && FAILED.has(dkim)))
    return ignored('unauthenticated', `SPF ${spf}, DKIM ${dkim}, DMARC ${dmarc}`);

  const found = scoreInReply(newText(email.text), survey.metric);
  if (found === undefined) {
    const suppressed = await deps.suppressions.reasonFor(survey.customer.email);
    if (suppressed !== undefined) return ignored('suppressed', suppressed);
    if (!(await deps.surveys.claimReplyAnswer(survey.id, deps.clock.now().toISOString().slice(0, 10))))
      return ignored('asked-today', 'closeloop already answered a reply to this survey today');
    const unsubscribeToken = signUnsubscribeToken(
      { surveyId: survey.id, email: survey.customer.email },
      await deps.keys.current(),
    );
    await deps.mailer.send(
      surveyEmail(deps.config, deps.publicBaseUrl, survey, { token, unsubscribeToken }, { askingAgain: true }),
    );
    return { outcome: 'asked-again', surveyId: survey.id };
  }
  const comment = [...(found.comment ?? '')].slice(0, MAX_COMMENT_LENGTH).join('');
  const reasons = reasonsNamed(comment, deps.config.programs[survey.program]?.reasons, survey, found.score);
  const recorded = await recordAnswer(deps, {
    token,
    fields: { score: found.score, comment, ...(reasons.length > 0 ? { reasons } : {}) },
    channel: 'email',
  });
  return { outcome: 'answered', recorded };
}

/**
 * The reasons a reply names in its words: each offered reason (but "other") whose label, in the survey's language
 * or English, the text mentions as a whole word, ignoring case and accents; the first only for a single choice.
 */
export function reasonsNamed(
  text: string,
  settings: ReasonSettings | undefined,
  survey: Pick<Survey, 'metric' | 'locale'>,
  score: number,
): string[] {
  const question = reasonQuestion(settings, classify(survey.metric, score));
  if (question === undefined || text.trim() === '') return [];
  const language = resolveLocale(survey.locale);
  const named = question.choices.filter((id) => {
    if (id === 'other') return false;
    const labels = new Set([
      reasonLabel(settings, id, language, catalogFor(language).reasons.labels),
      reasonLabel(settings, id, 'en', catalogFor('en').reasons.labels),
    ]);
    return [...labels].some(
      (label) => tagThemes(text, language, { [id]: { [language]: [label], en: [label] } }, NO_NEGATIONS).length > 0,
    );
  });
  return question.multiple ? named : named.slice(0, 1);
}
const NO_NEGATIONS = { before: {}, after: {} };
