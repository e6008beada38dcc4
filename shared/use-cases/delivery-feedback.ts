import type { EmailBouncedDetail, EmailComplaintDetail, EmailDeliveredDetail } from '../contracts/ses-feedback.ts';
import type { FeedbackOutcome } from '../domain/survey.ts';
import type { SuppressionList } from '../ports/suppression-list.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';

export interface DeliveryFeedbackDeps {
  surveys: Pick<SurveyRepository, 'recordFeedback'>;
  suppressions: Pick<SuppressionList, 'suppress'>;
}

type Feedback = EmailBouncedDetail | EmailComplaintDetail | EmailDeliveredDetail;

/** What a report means: which addresses to suppress for good, and what to note on the survey. */
function meaningOf(feedback: Feedback): { outcome: FeedbackOutcome; suppress: string[]; at: string } {
  switch (feedback.eventType) {
    case 'Bounce': {
      const hard = feedback.bounce.bounceType === 'Permanent';
      return {
        outcome: hard ? 'bounced' : 'soft-bounced',
        // A transient bounce (a full mailbox, a greylisting server) may recover: SES already retried it.
        suppress: hard ? feedback.bounce.bouncedRecipients.map((r) => r.emailAddress) : [],
        at: feedback.bounce.timestamp,
      };
    }
    case 'Complaint':
      return {
        outcome: 'complained',
        suppress: feedback.complaint.complainedRecipients.map((r) => r.emailAddress),
        at: feedback.complaint.timestamp,
      };
    case 'Delivery':
      return { outcome: 'delivered', suppress: [], at: feedback.delivery.timestamp };
  }
}

/**
 * An SES report about an email closeloop sent:
 * 1. a hard bounce or a complaint suppresses each address it names, for every program and for follow-ups too
 *    (the suppression list keeps only a hash of the address), with that reason;
 * 2. the survey the email belongs to (its `surveyId` tag) records the outcome on the survey email or reminder whose
 *    message id it names; an email that was not a survey's (an alert, a follow-up) notes nothing there.
 * Both steps are idempotent: a redelivered report changes nothing more.
 */
export async function recordDeliveryFeedback(deps: DeliveryFeedbackDeps, feedback: Feedback) {
  const meaning = meaningOf(feedback);
  const reason = meaning.outcome === 'complained' ? 'complained' : 'bounced';
  for (const address of meaning.suppress) await deps.suppressions.suppress(address, reason, meaning.at);
  const surveyId = feedback.mail.tags?.surveyId?.[0];
  const step =
    surveyId === undefined
      ? undefined
      : await deps.surveys.recordFeedback(surveyId, feedback.mail.messageId, {
          outcome: meaning.outcome,
          at: meaning.at,
        });
  return { outcome: meaning.outcome, suppressed: meaning.suppress.length, surveyId, step };
}
