import type { ContactLedger, FatigueRules } from '../domain/fatigue.ts';
import type { FeedbackOutcome, SkipReason, Step, Survey } from '../domain/survey.ts';

/** One email waiting in the due-time index; the three fields identify its entry. */
export interface DueEntry {
  surveyId: string;
  step: Step;
  dueAt: string;
}

/** The send lease a decision takes: until `leaseUntil`, for `claimant` (the queue message), as of `now`. */
export interface LeaseRequest {
  now: Date;
  leaseUntil: string;
  claimant: string;
}

/** What sending one email reserves, atomically with the decision. */
export interface Reservation {
  customerId: string;
  fatigue: FatigueRules;
  /** The program's daily cap for the store, counted on the UTC day of `asOf`; null for none. */
  dailyCap: number | null;
}

/** A cancellation: the order was refunded or the ticket reopened, at `at`. */
export interface Cancellation {
  reason: Extract<SkipReason, 'order-refunded' | 'ticket-reopened'>;
  at: string;
}

/** The survey as every use reads it, and the bookkeeping every use may do. */
export interface SurveyReads {
  get(id: string): Promise<Survey | undefined>;
  markAnnounced(id: string, step: Step): Promise<void>;
  /**
   * Takes the one answer closeloop may send to replies of this survey on `day` (YYYY-MM-DD): false when it already
   * answered one that day, or the survey is gone (erased).
   */
  claimReplyAnswer(id: string, day: string): Promise<boolean>;
}

/** Scheduling: a survey created once per trigger, cancelled or rescheduled, found due and queued. */
export interface SurveyScheduling extends SurveyReads {
  /** Stores a new survey unless one with its id exists; says which happened. */
  createIfAbsent(survey: Survey): Promise<'created' | 'exists'>;
  /**
   * Cancels the survey's pending email (or, once it is sent, its pending reminder). When the trigger has not
   * arrived yet, leaves a cancelled placeholder so it never sends. Returns the survey when this call cancelled the
   * survey email itself, for the caller to announce.
   */
  cancel(
    id: string,
    placeholder: Pick<Survey, 'program' | 'storeId' | 'trigger'>,
    cancellation: Cancellation,
  ): Promise<Survey | undefined>;
  /** Fills a cancelled placeholder in with the survey its trigger describes; false when it is not a placeholder. */
  completePlaceholder(survey: Survey): Promise<boolean>;
  /** Schedules a survey cancelled by a reopened ticket again, if it was reopened before `closedAt`. */
  reschedule(id: string, closedAt: string, dueAt: string): Promise<boolean>;
  /** Emails due at or before `asOf`, oldest first, at most `limit`. */
  due(asOf: Date, limit: number): Promise<DueEntry[]>;
  /** Takes the entry off the due index and marks the email queued; false when it changed since it was read. */
  markQueued(entry: DueEntry): Promise<boolean>;
}

/** Delivery: the send lease, the one decision, SES's acceptance or a skip, and what SES reports afterwards. */
export interface SurveyDelivery extends SurveyReads {
  /**
   * Takes the send lease until `leaseUntil` for `claimant` (the queue message): free, lapsed, or already this
   * claimant's. Undefined when another claimant holds it or the email is final.
   */
  claim(id: string, step: Step, now: Date, leaseUntil: Date, claimant: string): Promise<Survey | undefined>;
  /**
   * Decides once and takes the send lease in the same transaction: records `decidedAt` and the lease on the email
   * and the contact in the customer's ledger (and the daily cap), and counts a survey email sent on its store's
   * day row (`countedOn`), if the email is free to take (as `claim`) and undecided, and the fatigue rules and the
   * cap allow. Returns the rule that refused (nothing is written then), or undefined. Throws a retryable error if
   * another delivery took or decided the email meanwhile.
   */
  reserve(
    survey: Survey,
    step: Step,
    reservation: Reservation,
    asOf: Date,
    lease: LeaseRequest,
  ): Promise<SkipReason | undefined>;
  /** Records a "no" for an email free to take and undecided; throws a retryable error if it no longer is. */
  skipUnclaimed(id: string, step: Step, reason: SkipReason, at: string, now: Date, claimant: string): Promise<void>;
  /** Lets a lease lapse now (only the holder's): the email was not handed to SES, anyone may try again. */
  releaseLease(id: string, step: Step, leaseUntil: string): Promise<void>;
  /**
   * Records SES's acceptance (only the lease holder may); for the survey email schedules its reminder, in the
   * same write, and counts it in the day's `sent` aggregate if its decision did not (one decided before it did).
   */
  markSent(
    survey: Survey,
    step: Step,
    sent: { messageId: string; sentAt: string; leaseUntil: string; reminderDueAt?: string | undefined },
  ): Promise<void>;
  /**
   * Records what SES reported about the email with this message id (the survey email or its reminder), unless a
   * more serious outcome is already recorded. Says which email it was; undefined when neither carries the id.
   */
  recordFeedback(
    id: string,
    messageId: string,
    feedback: { outcome: FeedbackOutcome; at: string },
  ): Promise<Step | undefined>;
  /** The customer's ledger, for tests and for naming a refused rule. */
  ledger(customerId: string): Promise<ContactLedger>;
}

/** Every use at once: what tests and tools hold. */
export type SurveyRepository = SurveyScheduling & SurveyDelivery;
