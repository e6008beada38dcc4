import { createHash } from 'node:crypto';
import type { ResurveyBaseline } from './loop-report.ts';

export type Metric = 'nps' | 'csat' | 'ces';
export type TriggerType = 'order' | 'ticket';

/** The two emails a survey can send: the survey itself, and at most one reminder. */
export type Step = 'survey' | 'reminder';

/**
 * Each email moves scheduled → queued → sending → sent, or ends skipped (eligibility said no, with a reason) or
 * cancelled (the order was refunded, the ticket reopened). `scheduled` is in the due-time index; the sweep hands it
 * to the send queue (`queued`); `sending` is a lease: whoever holds it until `leaseUntil` is the only one allowed
 * to decide eligibility and hand the email to SES, so two deliveries, even at the same moment, send one email.
 */
export type DeliveryStatus = 'scheduled' | 'queued' | 'sending' | 'sent' | 'skipped' | 'cancelled';

/** Why a survey (or its reminder) was not sent. */
export type SkipReason =
  | 'opted-out' // the event said "survey": false
  | 'not-sampled' // outside the program's sampling percentage
  | 'unsubscribed'
  | 'bounced'
  | 'complained'
  | 'program-throttle' // this program surveyed the customer within its throttle window
  | 'fatigue' // some survey email reached the customer within the cross-program minimum gap
  | 'daily-cap' // the program's daily cap for the store was reached
  | 'order-refunded'
  | 'ticket-reopened'
  | 'answered' // reminders only: the customer answered
  | 'expired'; // reminders only: the survey's links no longer work

export interface Delivery {
  status: DeliveryStatus;
  /** When the email is due: the event's time plus the program's delay, or the survey's send plus the reminder's. */
  dueAt: string;
  leaseUntil?: string | undefined;
  /** Who holds the lease: the queue message that took it (its own retry takes it back at once). */
  leaseId?: string | undefined;
  /** The moment eligibility was decided and the contact reserved: set once, never decided again. */
  decidedAt?: string | undefined;
  sentAt?: string | undefined;
  messageId?: string | undefined;
  skipReason?: SkipReason | undefined;
  /** True once `Survey Sent` (or `Survey Skipped`) is on the bus. */
  announced?: boolean | undefined;
  /** What SES heard back about the email once sent: the worst outcome so far. */
  feedback?: { outcome: FeedbackOutcome; at: string } | undefined;
}

/** Outcomes SES reports, from least to most serious: a later report never replaces a more serious one. */
export const FEEDBACK_OUTCOMES = ['delivered', 'soft-bounced', 'bounced', 'complained'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

export interface Survey extends Delivery {
  id: string;
  program: string;
  metric: Metric;
  /** Whether the answer page asks CES after the CSAT answer (`csat+ces` programs). */
  asksCes?: boolean | undefined;
  storeId: string;
  customer: { id: string; email: string; name?: string | undefined; locale?: string | undefined };
  trigger: { type: TriggerType; id: string };
  /** The support agent of a ticket survey. */
  agent?: { id: string; name?: string | undefined } | undefined;
  locale: string;
  createdAt: string;
  /** When the retention period ends: DynamoDB's TTL deletes the survey then (`retention.surveys`). */
  retainUntil?: string | undefined;
  expiresAt: string;
  /** A reopened ticket's survey remembers when: only a close after that brings it back. */
  reopenedAt?: string | undefined;
  /** Set by the first answer: no reminder goes out after it. */
  answeredAt?: string | undefined;
  /**
   * The day (`yyyy-mm-dd`) its email was counted sent on the store's day row, set by the decision that counts it;
   * surveys decided before the count moved into the decision were counted on the day of `sentAt`.
   */
  countedOn?: string | undefined;
  reminder?: Delivery | undefined;
  /** A re-survey after a resolved follow-up case names the survey whose case it follows. */
  resurveyOf?: string | undefined;
  /** For a re-survey: the answer that opened the case and the case's cohort, for the closed-loop report. */
  resurveyBaseline?: ResurveyBaseline | undefined;
}

/** Whether the answer page asks CES after a CSAT answer. Surveys from before programs were configurable did. */
export const asksCes = (survey: Pick<Survey, 'metric' | 'asksCes'>) => survey.asksCes ?? survey.metric === 'csat';

/** The fields every "Survey …" event names its survey by. */
export function surveyRefOf(survey: Survey) {
  return {
    surveyId: survey.id,
    program: survey.program,
    metric: survey.metric,
    storeId: survey.storeId,
    customerId: survey.customer.id,
    trigger: survey.trigger,
  };
}

export function deliveryOf(survey: Survey, step: Step): Delivery | undefined {
  return step === 'survey' ? survey : survey.reminder;
}

export const isFinal = (delivery: Pick<Delivery, 'status'>) =>
  delivery.status === 'sent' || delivery.status === 'skipped' || delivery.status === 'cancelled';

/**
 * Whether a delivery (`claimant`: its queue message) may take an email's send lease: it waits, or its lease lapsed
 * or is this claimant's own; a reminder only while the survey is unanswered. The survey repository's conditional
 * writes hold the same rule, so a decision read here is still true when written, or the write refuses it.
 */
export function isClaimable(survey: Survey, step: Step, now: Date, claimant: string): boolean {
  const delivery = deliveryOf(survey, step);
  if (delivery === undefined || (step === 'reminder' && survey.answeredAt !== undefined)) return false;
  if (delivery.status === 'scheduled' || delivery.status === 'queued') return true;
  return (
    delivery.status === 'sending' &&
    (Date.parse(delivery.leaseUntil ?? '') <= now.getTime() || delivery.leaseId === claimant)
  );
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * The survey id is derived from what triggered it, so every delivery of one order's event names the same survey:
 * the id is the idempotency key. 130 bits of SHA-256 in Crockford base32: URL-safe, no separators.
 */
export function surveyIdFor(program: string, storeId: string, trigger: { type: TriggerType; id: string }): string {
  const digest = createHash('sha256')
    .update(`${program}\u0000${storeId}\u0000${trigger.type}\u0000${trigger.id}`)
    .digest();
  let bits = 0;
  let value = 0;
  let id = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && id.length < 26) {
      id += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (id.length === 26) break;
  }
  return id;
}

/**
 * Whether the survey falls inside the program's sampling percentage. Decided by the survey id's hash, so every
 * delivery of the event, and every replay, decides the same; 0.01 % steps.
 */
export function isSampled(surveyId: string, percent: number): boolean {
  if (percent >= 100) return true;
  const bucket = createHash('sha256').update(`sample\u0000${surveyId}`).digest().readUInt32BE(0) % 10_000;
  return bucket < Math.round(percent * 100);
}
