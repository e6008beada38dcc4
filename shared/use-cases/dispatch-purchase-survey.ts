import { storeFor } from '../config/load.ts';
import type { CloseloopConfig } from '../config/schema.ts';
import type { PurchaseCompletedDetail } from '../contracts/purchase-completed.ts';
import { SurveySent } from '../contracts/survey-sent.ts';
import { SurveySendInProgress } from '../domain/errors.ts';
import { type Survey, surveyIdFor } from '../domain/survey.ts';
import { signSurveyToken } from '../domain/survey-token.ts';
import { resolveLocale } from '../i18n/locales.ts';
import type { Clock } from '../ports/clock.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { SigningKeys } from '../ports/signing-keys.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';
import { surveyEmail } from './survey-email.ts';

export const PURCHASE_NPS_PROGRAM = 'purchase-nps';

export interface DispatchSurveyDeps {
  surveys: SurveyRepository;
  mailer: Mailer;
  events: EventPublisher;
  keys: SigningKeys;
  clock: Clock;
  config: CloseloopConfig;
  /** Where the answer pages live, without a trailing slash: the HTTP API's URL or the business's own domain. */
  publicBaseUrl: string;
  /** How long one delivery may hold the send before another may take it over; longer than a function's timeout. */
  sendLeaseSeconds: number;
}

export type DispatchOutcome = 'sent' | 'already-sent';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Turns a completed purchase into exactly one NPS survey email.
 * 1. Resolve the store's presentation (an unconfigured store is a permanent error).
 * 2. Create the survey, its id derived from program, store and order, unless it exists: one survey per order.
 * 3. Take the send lease. If the survey is sent already, skip to 6; if another delivery holds the lease, fail
 *    retryably: when the retry comes the survey is sent or the lease has lapsed.
 * 4. Sign the answer links, render and send the email.
 * 5. Record SES's acceptance (only the lease holder can).
 * 6. Announce `Survey Sent` once, then remember it was announced.
 */
export async function dispatchPurchaseSurvey(
  deps: DispatchSurveyDeps,
  purchase: PurchaseCompletedDetail,
): Promise<DispatchOutcome> {
  const store = storeFor(deps.config, purchase.storeId);
  const now = deps.clock.now();
  const trigger = { type: 'order', id: purchase.orderId } as const;
  const id = surveyIdFor(PURCHASE_NPS_PROGRAM, purchase.storeId, trigger);

  const fresh: Survey = {
    id,
    program: PURCHASE_NPS_PROGRAM,
    metric: 'nps',
    storeId: purchase.storeId,
    customer: purchase.customer,
    trigger,
    locale: resolveLocale(purchase.customer.locale, store.defaultLocale),
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.config.survey.validForDays * DAY_MS).toISOString(),
  };
  await deps.surveys.createIfAbsent(fresh);

  const leaseUntil = new Date(now.getTime() + deps.sendLeaseSeconds * 1000);
  const claimed = await deps.surveys.claimForSending(id, now, leaseUntil);
  if (claimed === undefined) {
    const existing = await deps.surveys.get(id);
    if (existing?.status !== 'sent') throw new SurveySendInProgress(`Survey ${id} is being sent by another delivery.`);
    await announce(deps, existing);
    return 'already-sent';
  }

  const key = await deps.keys.current();
  const token = signSurveyToken({ surveyId: id, expiresAt: new Date(claimed.expiresAt) }, key);
  const { messageId } = await deps.mailer.send(surveyEmail(deps.config, deps.publicBaseUrl, claimed, token));

  const sentAt = deps.clock.now().toISOString();
  await deps.surveys.markSent(id, { messageId, sentAt, leaseUntil: leaseUntil.toISOString() });
  await announce(deps, { ...claimed, status: 'sent', messageId, sentAt });
  return 'sent';
}

async function announce(deps: DispatchSurveyDeps, survey: Survey): Promise<void> {
  if (survey.announced) return;
  if (survey.messageId === undefined || survey.sentAt === undefined)
    throw new Error(`Survey ${survey.id} is sent without a message id`);
  await deps.events.publish(SurveySent, {
    surveyId: survey.id,
    program: survey.program,
    metric: survey.metric,
    storeId: survey.storeId,
    customerId: survey.customer.id,
    trigger: survey.trigger,
    locale: survey.locale,
    messageId: survey.messageId,
    sentAt: survey.sentAt,
    expiresAt: survey.expiresAt,
  });
  await deps.surveys.markAnnounced(survey.id);
}
