import { storeFor } from '../config/load.ts';
import type { CloseloopConfig } from '../config/schema.ts';
import type { PurchaseCompletedDetail } from '../contracts/purchase-completed.ts';
import { SurveySent } from '../contracts/survey-sent.ts';
import type { TicketClosedDetail } from '../contracts/ticket-closed.ts';
import { SurveySendInProgress } from '../domain/errors.ts';
import { type Metric, type Survey, surveyIdFor } from '../domain/survey.ts';
import { signSurveyToken } from '../domain/survey-token.ts';
import { resolveLocale } from '../i18n/locales.ts';
import type { Clock } from '../ports/clock.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { SigningKeys } from '../ports/signing-keys.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';
import { surveyEmail } from './survey-email.ts';

export const PURCHASE_NPS_PROGRAM = 'purchase-nps';
export const TICKET_CSAT_PROGRAM = 'ticket-csat';

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

/** What one survey asks whom, and what it is about. */
export interface SurveyRequest {
  program: string;
  metric: Metric;
  storeId: string;
  customer: Survey['customer'];
  trigger: Survey['trigger'];
  agent?: Survey['agent'];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A completed purchase → its NPS survey. */
export function dispatchPurchaseSurvey(deps: DispatchSurveyDeps, purchase: PurchaseCompletedDetail) {
  return dispatchSurvey(deps, {
    program: PURCHASE_NPS_PROGRAM,
    metric: 'nps',
    storeId: purchase.storeId,
    customer: purchase.customer,
    trigger: { type: 'order', id: purchase.orderId },
  });
}

/** A closed ticket → its CSAT survey (the answer page then asks CES). */
export function dispatchTicketSurvey(deps: DispatchSurveyDeps, ticket: TicketClosedDetail) {
  return dispatchSurvey(deps, {
    program: TICKET_CSAT_PROGRAM,
    metric: 'csat',
    storeId: ticket.storeId,
    customer: ticket.customer,
    trigger: { type: 'ticket', id: ticket.ticketId },
    agent: ticket.agent,
  });
}

/**
 * Turns what happened into exactly one survey email.
 * 1. Resolve the store's presentation (an unconfigured store is a permanent error).
 * 2. Create the survey, its id derived from program, store and trigger, unless it exists: one survey per order
 *    or ticket.
 * 3. Take the send lease. If the survey is sent already, skip to 6; if another delivery holds the lease, fail
 *    retryably: when the retry comes the survey is sent or the lease has lapsed.
 * 4. Sign the answer links, render and send the email.
 * 5. Record SES's acceptance (only the lease holder can).
 * 6. Announce `Survey Sent` once, then remember it was announced.
 */
export async function dispatchSurvey(deps: DispatchSurveyDeps, request: SurveyRequest): Promise<DispatchOutcome> {
  const store = storeFor(deps.config, request.storeId);
  const now = deps.clock.now();
  const id = surveyIdFor(request.program, request.storeId, request.trigger);

  const fresh: Survey = {
    id,
    program: request.program,
    metric: request.metric,
    storeId: request.storeId,
    customer: request.customer,
    trigger: request.trigger,
    ...(request.agent ? { agent: request.agent } : {}),
    locale: resolveLocale(request.customer.locale, store.defaultLocale),
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
