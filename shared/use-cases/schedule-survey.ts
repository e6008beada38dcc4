import { DAY_MS } from '../config/constants.ts';
import { storeFor } from '../config/deployed.ts';
import { type Program, programsTriggeredBy } from '../config/programs.ts';
import { retentionOf } from '../config/retention.ts';
import type { CloseloopConfig, StoreConfig } from '../config/schema.ts';
import type { OrderRefundedDetail } from '../contracts/order-refunded.ts';
import type { PurchaseCompletedDetail } from '../contracts/purchase-completed.ts';
import type { TicketClosedDetail } from '../contracts/ticket-closed.ts';
import type { TicketReopenedDetail } from '../contracts/ticket-reopened.ts';
import { isSampled, type SkipReason, type Survey, surveyIdFor } from '../domain/survey.ts';
import { resolveLocale } from '../i18n/locales.ts';
import type { Clock } from '../ports/clock.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { SendQueue } from '../ports/send-queue.ts';
import type { Cancellation, SurveyScheduling } from '../ports/survey-repository.ts';
import { announceSkipped } from './announce-skipped.ts';

export interface ScheduleSurveyDeps {
  surveys: SurveyScheduling;
  events: EventPublisher;
  sendQueue: SendQueue;
  clock: Clock;
  config: CloseloopConfig;
}

/** What happened, as every program sees it. */
export interface TriggerEvent {
  storeId: string;
  customer: Survey['customer'];
  trigger: Survey['trigger'];
  agent?: Survey['agent'];
  /** When it happened: the delay counts from here. */
  at: string;
  /** False when the event opted out of surveys. */
  survey: boolean;
}

export type ScheduleOutcome = 'scheduled' | 'queued' | 'skipped' | 'cancelled' | 'exists';

export function schedulePurchaseSurveys(deps: ScheduleSurveyDeps, purchase: PurchaseCompletedDetail) {
  return scheduleSurveys(deps, 'Purchase Completed', {
    storeId: purchase.storeId,
    customer: purchase.customer,
    trigger: { type: 'order', id: purchase.orderId },
    at: purchase.occurredAt,
    survey: purchase.survey,
  });
}

export function scheduleTicketSurveys(deps: ScheduleSurveyDeps, ticket: TicketClosedDetail) {
  return scheduleSurveys(deps, 'Ticket Closed', {
    storeId: ticket.storeId,
    customer: ticket.customer,
    trigger: { type: 'ticket', id: ticket.ticketId },
    agent: ticket.agent,
    at: ticket.closedAt,
    survey: ticket.survey,
  });
}

/**
 * An event → one survey per program it triggers, each due at the event's time plus the program's delay.
 * - The survey id derives from program, store and trigger: every delivery of the event names the same survey,
 *   so there is one survey per order or ticket, whatever the retries.
 * - What the event itself decides is decided here and recorded: `"survey": false` (opted-out) and sampling.
 *   Everything that depends on the customer's history is decided when the survey is due (send-survey).
 * - A survey already due goes to the send queue at once; the rest wait in the due-time index for the sweep.
 */
export async function scheduleSurveys(
  deps: ScheduleSurveyDeps,
  trigger: Program['trigger'],
  event: TriggerEvent,
): Promise<Record<string, ScheduleOutcome>> {
  const store = storeFor(deps.config, event.storeId); // an unconfigured store is a permanent error
  const outcomes: Record<string, ScheduleOutcome> = {};
  for (const program of programsTriggeredBy(deps.config, trigger, event.storeId))
    outcomes[program.id] = await scheduleOne(deps, store, program, event);
  return outcomes;
}

async function scheduleOne(
  deps: ScheduleSurveyDeps,
  store: StoreConfig,
  program: Program,
  event: TriggerEvent,
): Promise<ScheduleOutcome> {
  const now = deps.clock.now();
  const id = surveyIdFor(program.id, event.storeId, event.trigger);
  const dueAt = new Date(Date.parse(event.at) + program.delayMs);
  const skipReason: SkipReason | undefined = !event.survey
    ? 'opted-out'
    : !isSampled(id, program.samplingPercent)
      ? 'not-sampled'
      : undefined;
  const survey: Survey = {
    id,
    program: program.id,
    metric: program.metric,
    asksCes: program.asksCes,
    storeId: event.storeId,
    customer: event.customer,
    trigger: event.trigger,
    ...(event.agent ? { agent: event.agent } : {}),
    locale: resolveLocale(event.customer.locale, store.defaultLocale),
    // Due already (no delay, or an old event): created queued, off the due index, and handed to the send queue
    // below; a redelivery of the event hands it over again. Later: scheduled, for the sweep to find.
    status: skipReason ? 'skipped' : dueAt.getTime() <= now.getTime() ? 'queued' : 'scheduled',
    ...(skipReason ? { skipReason } : {}),
    dueAt: dueAt.toISOString(),
    createdAt: now.toISOString(),
    ...retentionOf(deps.config, now),
    // Links work for the configured days after the email goes out, not after the event.
    expiresAt: new Date(
      Math.max(now.getTime(), dueAt.getTime()) + deps.config.survey.validForDays * DAY_MS,
    ).toISOString(),
  };

  if ((await deps.surveys.createIfAbsent(survey)) === 'exists') {
    const existing = await deps.surveys.get(id);
    if (existing === undefined) throw new Error(`Survey ${id} exists but cannot be read`);
    if (existing.status === 'cancelled') {
      const completed = await deps.surveys.completePlaceholder(survey);
      // A ticket closed again after it was reopened is surveyed after this close.
      if (event.trigger.type === 'ticket' && (await deps.surveys.reschedule(id, event.at, survey.dueAt)))
        return enqueueIfDue(deps, { ...survey, status: 'scheduled' }, now);
      await announceSkipped(
        deps,
        completed ? { ...survey, status: 'cancelled', skipReason: existing.skipReason } : existing,
      );
      return 'cancelled';
    }
    if (existing.status === 'skipped') {
      await announceSkipped(deps, existing);
      return 'skipped';
    }
    if (existing.status === 'scheduled') return enqueueIfDue(deps, existing, now);
    // Created queued by a delivery that may have failed before the send queue took it: handed over again (the
    // sender takes one request of a survey and finds the others done).
    if (existing.status === 'queued') return enqueue(deps, existing, now);
    return 'exists';
  }
  if (skipReason) {
    await announceSkipped(deps, survey);
    return 'skipped';
  }
  return enqueueIfDue(deps, survey, now);
}

/** A survey due already (no delay, or an old event) goes to the send queue now rather than at the next sweep. */
async function enqueueIfDue(deps: ScheduleSurveyDeps, survey: Survey, now: Date): Promise<ScheduleOutcome> {
  if (Date.parse(survey.dueAt) > now.getTime()) return 'scheduled';
  if (survey.status === 'queued') return enqueue(deps, survey, now);
  await deps.sendQueue.enqueue([{ surveyId: survey.id, step: 'survey', asOf: now.toISOString() }]);
  // If this fails the entry stays in the due index and the next sweep queues it again: the sender is idempotent.
  await deps.surveys.markQueued({ surveyId: survey.id, step: 'survey', dueAt: survey.dueAt });
  return 'queued';
}

/** A survey created queued: to the send queue, with no write of its own (it was never in the due index). */
async function enqueue(deps: ScheduleSurveyDeps, survey: Survey, now: Date): Promise<ScheduleOutcome> {
  await deps.sendQueue.enqueue([{ surveyId: survey.id, step: 'survey', asOf: now.toISOString() }]);
  return 'queued';
}

export function cancelOrderSurveys(deps: ScheduleSurveyDeps, refund: OrderRefundedDetail) {
  return cancelSurveys(
    deps,
    refund.storeId,
    { type: 'order', id: refund.orderId },
    {
      reason: 'order-refunded',
      at: refund.refundedAt,
    },
  );
}

export function cancelTicketSurveys(deps: ScheduleSurveyDeps, reopened: TicketReopenedDetail) {
  return cancelSurveys(
    deps,
    reopened.storeId,
    { type: 'ticket', id: reopened.ticketId },
    {
      reason: 'ticket-reopened',
      at: reopened.reopenedAt,
    },
  );
}

/**
 * A refund or a reopened ticket cancels the surveys it makes pointless, if not sent yet (and their reminders, if
 * they are). Every program of that trigger is cancelled, whether or not its event has arrived: a cancellation
 * that overtakes its trigger leaves a placeholder, so the late trigger sends nothing.
 */
export async function cancelSurveys(
  deps: ScheduleSurveyDeps,
  storeId: string,
  trigger: Survey['trigger'],
  cancellation: Cancellation,
): Promise<number> {
  const triggerEvent = trigger.type === 'order' ? 'Purchase Completed' : 'Ticket Closed';
  let cancelled = 0;
  for (const id of Object.keys(deps.config.programs)) {
    if (deps.config.programs[id]?.trigger !== triggerEvent) continue;
    const surveyId = surveyIdFor(id, storeId, trigger);
    const survey = await deps.surveys.cancel(surveyId, { program: id, storeId, trigger }, cancellation);
    if (survey) {
      await announceSkipped(deps, survey);
      cancelled++;
    }
  }
  return cancelled;
}
