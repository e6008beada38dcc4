import type { CloseloopConfig } from '../config/schema.ts';
import { InvalidInput } from '../domain/errors.ts';
import { newText, scoreInReply, tokenFromRecipients } from '../domain/reply.ts';
import { signUnsubscribeToken } from '../domain/unsubscribe-token.ts';
import type { ReceivedEmail } from '../ports/inbound-mail.ts';
import type { Mailer } from '../ports/mailer.ts';
import { type AnswerDeps, openSurvey, type RecordedAnswer, recordAnswer } from './record-answer.ts';
import { surveyEmail } from './survey-email.ts';

export interface ReplyDeps extends AnswerDeps {
  mailer: Mailer;
  config: CloseloopConfig;
  publicBaseUrl: string;
}

export type ReplyOutcome =
  | { outcome: 'answered'; recorded: RecordedAnswer }
  | { outcome: 'asked-again'; surveyId: string };

/**
 * A customer's reply to a survey email.
 * 1. Find the survey token in the address the reply was sent to (`reply+{token}@{domain}`); none is bad input.
 * 2. Open the survey from it, exactly as the answer page does (bad link, unknown survey, closed survey).
 * 3. Read only the customer's own words: the quoted original and the signature are not the answer.
 * 4. With a score in range: record it, the rest as the comment, as an answer on the `email` channel.
 * 5. Without one: write nothing, and send the customer the question again with its one-click buttons.
 */
export async function handleEmailReply(deps: ReplyDeps, email: ReceivedEmail): Promise<ReplyOutcome> {
  const domain = deps.config.replies?.domain;
  if (domain === undefined) throw new InvalidInput('Replies are not configured (replies.domain)');
  const token = tokenFromRecipients(email.recipients, domain);
  if (token === undefined) throw new InvalidInput(`No reply+{token}@${domain} address among the recipients`);
  const survey = await openSurvey(deps, token);

  const found = scoreInReply(newText(email.text), survey.metric);
  if (found === undefined) {
    const unsubscribeToken = signUnsubscribeToken(
      { surveyId: survey.id, email: survey.customer.email },
      await deps.keys.current(),
    );
    await deps.mailer.send(
      surveyEmail(deps.config, deps.publicBaseUrl, survey, { token, unsubscribeToken }, { askingAgain: true }),
    );
    return { outcome: 'asked-again', surveyId: survey.id };
  }
  const recorded = await recordAnswer(deps, {
    token,
    fields: { score: found.score, comment: found.comment ?? '' },
    channel: 'email',
  });
  return { outcome: 'answered', recorded };
}
