import { storeFor } from '../config/deployed.ts';
import { type Program, programFor } from '../config/programs.ts';
import type { SendRequest } from '../contracts/send-request.ts';
import { SurveyReminderSent } from '../contracts/survey-reminder-sent.ts';
import { SurveySent } from '../contracts/survey-sent.ts';
import { SurveySendInProgress } from '../domain/errors.ts';
import {
  deliveryOf,
  isClaimable,
  isFinal,
  type SkipReason,
  type Step,
  type Survey,
  surveyRefOf,
} from '../domain/survey.ts';
import { signSurveyToken } from '../domain/survey-token.ts';
import { signUnsubscribeToken } from '../domain/unsubscribe-token.ts';
import type { SendingDeps } from '../ports/sending.ts';
import type { SuppressionList } from '../ports/suppression-list.ts';
import type { LeaseRequest, SurveyDelivery } from '../ports/survey-repository.ts';
import { announceSkipped } from './announce-skipped.ts';
import { surveyEmail } from './survey-email.ts';

export interface SendSurveyDeps extends SendingDeps {
  surveys: SurveyDelivery;
  suppressions: SuppressionList;
  /** How long one delivery may hold the send before another may take it over; longer than a function's timeout. */
  sendLeaseSeconds: number;
}

export type SendOutcome = 'sent' | 'skipped' | 'cancelled' | 'already-done' | 'gone';

/**
 * One due email (the survey, or its reminder) → exactly one email, or one recorded decision not to send it.
 * 1. Read the email's state; one already final is announced again (a crash may have left that undone), one whose
 *    lease another delivery holds is retried later.
 * 2. Decide eligibility once, as of the time it was found due: not answered and not expired (reminders), the
 *    customer's suppression, then — in one transaction that also takes the send lease — the fatigue rules and the
 *    daily cap. A "no" is stored with its reason and announced as `Survey Skipped`. An email decided by a delivery
 *    that then failed is only leased again: its decision stands.
 * 3. Wait for a slot in the SES send rate, sign the links, send.
 * 4. Record SES's acceptance (only the lease holder can) and schedule the reminder; announce it (at least once).
 */
export async function sendSurvey(deps: SendSurveyDeps, request: SendRequest, claimant: string): Promise<SendOutcome> {
  const { surveyId, step } = request;
  const asOf = new Date(request.asOf);
  const now = deps.clock.now();
  const lease = new Date(now.getTime() + deps.sendLeaseSeconds * 1000).toISOString();

  const current = await deps.surveys.get(surveyId);
  if (current === undefined) return 'gone'; // erased since it was queued
  const waiting = deliveryOf(current, step);
  if (waiting === undefined || !isClaimable(current, step, now, claimant)) return finish(deps, current, step);

  // Before any decision: an unconfigured store or a removed program dead-letters without reserving a contact.
  storeFor(deps.config, current.storeId);
  const program = programFor(deps.config, current.program, current.storeId);
  let claimed: Survey;
  if (waiting.decidedAt === undefined) {
    const reason = await decide(deps, current, program, step, asOf, { now, leaseUntil: lease, claimant });
    if (reason !== undefined) {
      await deps.surveys.skipUnclaimed(surveyId, step, reason, now.toISOString(), now, claimant);
      if (step === 'survey') await announceSkipped(deps, { ...current, status: 'skipped', skipReason: reason });
      return 'skipped';
    }
    claimed = current;
  } else {
    const taken = await deps.surveys.claim(surveyId, step, now, new Date(lease), claimant);
    if (taken === undefined) throw new SurveySendInProgress(`Survey ${surveyId} (${step}) was taken meanwhile.`);
    claimed = taken;
  }
  const delivery = deliveryOf(claimed, step) ?? waiting;

  let messageId: string;
  try {
    await deps.rateLimiter.acquire();
    const key = await deps.keys.current();
    const token = signSurveyToken({ surveyId, expiresAt: new Date(claimed.expiresAt) }, key);
    const unsubscribeToken = signUnsubscribeToken({ surveyId, email: claimed.customer.email }, key);
    const email = surveyEmail(
      deps.config,
      deps.publicBaseUrl,
      claimed,
      { token, unsubscribeToken },
      { reminder: step === 'reminder' },
    );
    ({ messageId } = await deps.mailer.send(email));
  } catch (error) {
    // SES did not take the email: the lease goes at once, so the retry (or a redrive after a refusal) sends it
    // without waiting for the lease to lapse. After SES took it, the lease stays: nobody may send it again.
    await deps.surveys.releaseLease(surveyId, step, lease).catch(() => undefined);
    throw error;
  }

  const sentAt = deps.clock.now().toISOString();
  const contactAt = new Date(delivery.decidedAt ?? asOf.toISOString());
  const reminderDue =
    step === 'survey' && program.reminderMs !== false ? new Date(contactAt.getTime() + program.reminderMs) : undefined;
  await deps.surveys.markSent(claimed, step, {
    messageId,
    sentAt,
    leaseUntil: lease,
    // No reminder once the links have expired.
    reminderDueAt:
      reminderDue && reminderDue.getTime() < Date.parse(claimed.expiresAt) ? reminderDue.toISOString() : undefined,
  });
  await announce(deps, claimed, step, { messageId, sentAt });
  return 'sent';
}

async function decide(
  deps: SendSurveyDeps,
  survey: Survey,
  program: Program,
  step: Step,
  asOf: Date,
  lease: LeaseRequest,
): Promise<SkipReason | undefined> {
  if (step === 'reminder') {
    if (survey.answeredAt !== undefined) return 'answered';
    if (Date.parse(survey.expiresAt) <= asOf.getTime()) return 'expired';
  }
  const suppressed = await deps.suppressions.reasonFor(survey.customer.email);
  if (suppressed) return suppressed;
  return deps.surveys.reserve(
    survey,
    step,
    {
      customerId: survey.customer.id,
      // A reminder counts against the cross-program gap, but it does not start a new throttle window.
      fatigue: {
        program: survey.program,
        // A re-survey after a resolved case is asked because of that case: the program's throttle is waived.
        throttleMs: step === 'survey' && survey.resurveyOf === undefined ? program.throttleMs : 0,
        minimumGapMs: deps.config.fatigue.minimumGap,
      },
      dailyCap: step === 'survey' ? program.dailyCap : null,
    },
    asOf,
    lease,
  );
}

/** Not for this delivery to take: final (announced again: a crash may have left that undone) or in hand. */
async function finish(deps: SendSurveyDeps, survey: Survey, step: Step): Promise<SendOutcome> {
  const delivery = deliveryOf(survey, step);
  if (delivery === undefined || (step === 'reminder' && survey.answeredAt !== undefined && !isFinal(delivery)))
    return 'already-done';
  if (!isFinal(delivery))
    throw new SurveySendInProgress(`Survey ${survey.id} (${step}) is being sent by another delivery.`);
  if (delivery.status === 'sent' && delivery.messageId && delivery.sentAt)
    await announce(deps, survey, step, { messageId: delivery.messageId, sentAt: delivery.sentAt });
  if (step === 'survey' && delivery.status !== 'sent') await announceSkipped(deps, survey);
  return 'already-done';
}

/**
 * `Survey Sent` (or `Survey Reminder Sent`) after SES took the email and the survey records it: at least once, as
 * every EventBridge event is. A delivery that finds the email already sent announces it again — it cannot tell a
 * sender that announced from one that crashed first — so consumers deduplicate by survey id (and step). Marking
 * each announcement would cost a write per email to spare a rare repeat.
 */
async function announce(
  deps: SendSurveyDeps,
  survey: Survey,
  step: Step,
  sent: { messageId: string; sentAt: string },
): Promise<void> {
  const common = {
    ...surveyRefOf(survey),
    locale: survey.locale,
    ...sent,
  };
  if (step === 'survey') await deps.events.publish(SurveySent, { ...common, expiresAt: survey.expiresAt });
  else await deps.events.publish(SurveyReminderSent, common);
}
