import type { CaseAnswer, CaseEvent, CaseNote, CaseStatus, FollowUpCase } from '../domain/follow-up.ts';

/** How a case was resolved: by whom, what was done, when, the re-survey it scheduled and its root cause. */
export interface CaseResolution {
  owner: string;
  text: string;
  at: string;
  resurveyId?: string | undefined;
  /** Counted on the day of resolving (`rootCause_{id}` on the store × program row), in the same write. */
  rootCause?: string | undefined;
}

/** What closing the loop for one survey still has to do, step by step; each is done at most once. */
export type LoopStep =
  | 'staff-alert'
  | 'customer-follow-up'
  | 'detractor-event'
  | 'opened-event'
  | 'thank-you'
  | 'promoter-event'
  | 'review-invite';

/** Where closing the loop stands for one survey: the answer version handled, and the steps still to do. */
export interface LoopState {
  surveyId: string;
  version: number;
  pending: LoopStep[];
  /** Whether the customer has had the closing email of a satisfied answer (thank-you or review invitation). */
  thanked: boolean;
  promoterAnnounced: boolean;
  /**
   * Bumped by every change of the state (a decision, a step claimed or done): a decision made on an older reading
   * fails, so that it can neither bring back a step already done nor free one being done.
   */
  revision?: number | undefined;
  /** Steps being done now, until when (epoch ms): a lease that another delivery leaves alone until it runs out. */
  leases?: Partial<Record<LoopStep, number>> | undefined;
}

/** A decision for one answer version: the new state, and the case to open or to note in the same write. */
export interface LoopDecision {
  state: LoopState;
  /** The version the decision was made on; the write fails if another delivery moved it since. */
  previousVersion: number | undefined;
  /** The state's revision when read: the write fails if a step was claimed or done since. */
  previousRevision?: number | undefined;
  open?: FollowUpCase | undefined;
  /** The note and where it goes (`noteSlot`): appended, or in place of the latest at the cap. */
  note?: { caseId: string; answer: CaseAnswer; note: CaseNote; slot: 'append' | number } | undefined;
}

/** A case due for escalation: its id and the index entry it was found by. */
export interface OverdueEntry {
  caseId: string;
  dueKey: string;
}

export interface CaseQuery {
  /** One store's cases; every store's when absent. */
  storeId?: string | undefined;
  /** Without `storeId`: only these stores' cases. */
  stores?: readonly string[] | undefined;
  /** Only the cases this person owns. */
  owner?: string | undefined;
  /** Only the cases of this program. */
  program?: string | undefined;
  statuses: readonly CaseStatus[];
  /** Only cases due before this moment (overdue ones, when it is now). */
  dueBefore?: string | undefined;
  limit: number;
}

export interface CaseRepository {
  loopState(surveyId: string): Promise<LoopState | undefined>;
  /**
   * Records the decision for an answer version in one transaction: the loop state (only if it still is at
   * `previousVersion`), and the case opened or noted. False when another delivery got there first.
   */
  decide(decision: LoopDecision): Promise<boolean>;
  /**
   * Takes a pending step for `leaseMs` (unless another delivery holds it, or it is done): only the holder does it,
   * so two deliveries of successive answers never both send one email. A holder that crashes loses the lease.
   */
  claimStep(surveyId: string, step: LoopStep, now: Date, leaseMs: number): Promise<boolean>;
  /** Ticks a step off; `thanked` records that the customer got their closing email (not so when suppressed). */
  stepDone(
    surveyId: string,
    step: LoopStep,
    outcome: { thanked: boolean; reached?: Pick<FollowUpCase, 'storeId' | 'program' | 'answer' | 'openedAt'> },
  ): Promise<void>;
  get(caseId: string): Promise<FollowUpCase | undefined>;
  /** Acknowledges the case as the caller read it, if still open; undefined when it is no longer open. */
  acknowledge(current: FollowUpCase, owner: string, at: string): Promise<FollowUpCase | undefined>;
  /** Resolves the case as the caller read it, if still open or acknowledged; undefined when already resolved. */
  resolve(current: FollowUpCase, resolution: CaseResolution): Promise<FollowUpCase | undefined>;
  /** A store's cases with these statuses, soonest due first. */
  list(query: CaseQuery): Promise<FollowUpCase[]>;
  /** Open cases due at or before `asOf`, soonest first (and escalations a crash left half done). */
  overdue(asOf: Date, limit: number): Promise<OverdueEntry[]>;
  /**
   * Takes the escalation of an open case found overdue: moves its index entry to `leaseUntil`, so a crash
   * brings it back then. Undefined when the case was acknowledged, resolved or taken meanwhile.
   */
  claimEscalation(entry: OverdueEntry, leaseUntil: string): Promise<FollowUpCase | undefined>;
  /** Records that the escalation emails went out; the case stays in the index until the event is announced. */
  markEscalated(followUp: FollowUpCase, at: string): Promise<void>;
  /** Records an event as on the bus; for `escalated`, that also takes the case off the due-time index. */
  markAnnounced(caseId: string, event: CaseEvent): Promise<void>;
}
