import { type AnswerClass, classify, SCALES } from './answer.ts';
import { CaseConflict } from './errors.ts';
import type { Metric, Survey } from './survey.ts';

/**
 * How the loop closes for one answer. A detractor is an NPS 0–6, a CSAT 1–2 or a CES 1–3 (high effort, even after
 * a good CSAT score); a promoter is an NPS 9–10 or a CSAT 5 that did not report high effort.
 */
export function loopClassOf(answer: { metric: Metric; score: number; ces?: number | undefined }): AnswerClass {
  const byScore = classify(answer.metric, answer.score);
  const byEffort = answer.ces === undefined ? undefined : classify('ces', answer.ces);
  if (byScore === 'detractor' || byEffort === 'detractor') return 'detractor';
  return byScore;
}

/** open → acknowledged → resolved; a case is resolved from either earlier state. */
export type CaseStatus = 'open' | 'acknowledged' | 'resolved';

/** What the customer said, as the case shows it: the answer that opened it, or the latest change. */
export interface CaseAnswer {
  metric: Metric;
  score: number;
  scale: { min: number; max: number };
  ces?: number | undefined;
  comment?: string | undefined;
  /** The reasons picked after the score, and the themes of the comment. */
  reasons?: readonly string[] | undefined;
  themes?: readonly string[] | undefined;
  answeredAt: string;
  /** The answer version on the survey's response. */
  version: number;
}

export interface CaseNote {
  at: string;
  text: string;
}

/**
 * A follow-up case: one per survey whose answer made the customer a detractor, however often the answer
 * changes. Its id is the survey's. Due `followUp.within` after the answer that opened it; still open then, it is
 * escalated once.
 */
export interface FollowUpCase {
  id: string;
  surveyId: string;
  program: string;
  storeId: string;
  customer: Survey['customer'];
  trigger: Survey['trigger'];
  agent?: Survey['agent'];
  locale: string;
  answer: CaseAnswer;
  status: CaseStatus;
  openedAt: string;
  dueAt: string;
  owner?: string | undefined;
  acknowledgedAt?: string | undefined;
  resolvedAt?: string | undefined;
  resolution?: string | undefined;
  /** What caused it, from the configured list (`rootCauses`), as staff said when resolving. */
  rootCause?: string | undefined;
  escalatedAt?: string | undefined;
  /** The survey that asks the customer again after the resolution, when the store re-surveys. */
  resurveyId?: string | undefined;
  /** What happened to the case besides its status: answer changes, mostly. At most MAX_CASE_NOTES. */
  notes: CaseNote[];
  /** Notes replaced by a later one once the case held MAX_CASE_NOTES (the first and the latest are kept). */
  omittedNotes?: number | undefined;
  /** The events about it already on the bus. */
  announced: Partial<Record<CaseEvent, boolean>>;
  /** When the retention period ends (`retention.surveys`, from the opening). */
  retainUntil?: string | undefined;
}

/** The events about a case, each put on the bus once. */
export type CaseEvent = 'opened' | 'acknowledged' | 'escalated' | 'resolved';

/** How long a case link in a staff email works (the link-signing key rotates less often than that). */
export const CASE_LINK_DAYS = 60;

export const MAX_RESOLUTION_LENGTH = 2000;
export const MAX_OWNER_LENGTH = 254;

export function caseAnswerOf(
  metric: Metric,
  response: {
    score: number;
    ces?: number | undefined;
    comment?: string | undefined;
    reasons?: readonly string[] | undefined;
    themes?: readonly string[] | undefined;
    updatedAt: string;
    version: number;
  },
): CaseAnswer {
  return {
    metric,
    score: response.score,
    scale: SCALES[metric],
    ces: response.ces,
    comment: response.comment,
    ...(response.reasons?.length ? { reasons: [...response.reasons] } : {}),
    ...(response.themes?.length ? { themes: [...response.themes] } : {}),
    answeredAt: response.updatedAt,
    version: response.version,
  };
}

/**
 * Notes a case keeps: the first ones and, in the last place, always the latest; every note that place held before
 * is counted, not kept. With comments of at most 2,000 characters the case item stays far under DynamoDB's 400 KB.
 */
export const MAX_CASE_NOTES = 10;

/** Where a new note goes on a case that holds `count` notes: appended, or in the last place (replacing it). */
export function noteSlot(count: number): 'append' | number {
  return count < MAX_CASE_NOTES ? 'append' : MAX_CASE_NOTES - 1;
}

/**
 * A plain-language line for a case's notes when the customer changes an answer, saying exactly what changed: the
 * score, the effort (CES), the comment — a CES answer added after a CSAT score is not "a changed answer".
 */
export function answerChangeNote(previous: CaseAnswer, next: CaseAnswer, at: string): CaseNote {
  const cls = loopClassOf(next);
  const reasonsOf = (answer: CaseAnswer) => (answer.reasons ?? []).join(', ');
  const reasons = reasonsOf(next) !== reasonsOf(previous) ? `; reasons: ${reasonsOf(next) || 'none'}` : '';
  const comment = (next.comment && next.comment !== previous.comment ? `: "${next.comment}"` : '') + reasons;
  const effortChanged = next.ces !== undefined && next.ces !== previous.ces;
  const unchanged = `score ${next.score}/${next.scale.max} unchanged, ${cls}`;
  const text =
    next.score !== previous.score
      ? `The customer changed their answer from ${previous.score} to ${next.score}/${next.scale.max}${effortChanged ? `, effort ${next.ces}/7` : ''} (${cls})${comment}`
      : effortChanged
        ? previous.ces === undefined
          ? `The customer rated the effort ${next.ces}/7 (${unchanged})${comment}`
          : `The customer changed the effort from ${previous.ces} to ${next.ces}/7 (${unchanged})${comment}`
        : next.comment !== previous.comment && next.comment
          ? `The customer ${previous.comment ? 'changed their comment' : 'added a comment'} (${unchanged})${comment}`
          : reasons
            ? `The customer gave their reasons (${unchanged})${comment}`
            : `The customer answered again, unchanged (${next.score}/${next.scale.max}, ${cls})`;
  return { at, text };
}

/** Whether acknowledging is a change (open), a repeat (acknowledged by the same owner) or a conflict. */
export function acknowledgeOutcome(current: FollowUpCase, owner: string): 'acknowledge' | 'unchanged' {
  if (current.status === 'open') return 'acknowledge';
  if (current.status === 'acknowledged' && current.owner === owner) return 'unchanged';
  throw new CaseConflict(
    current.status === 'resolved'
      ? `Case ${current.id} is already resolved.`
      : `Case ${current.id} was already acknowledged by ${current.owner}.`,
  );
}

/** Resolving an open or acknowledged case is a change; resolving it again with the same note changes nothing. */
export function resolveOutcome(current: FollowUpCase, resolution: string): 'resolve' | 'unchanged' {
  if (current.status !== 'resolved') return 'resolve';
  if (current.resolution === resolution) return 'unchanged';
  throw new CaseConflict(`Case ${current.id} is already resolved.`);
}

/** Whether the case was acknowledged (or resolved) by its deadline. */
export function metDeadline(current: FollowUpCase): boolean {
  const handledAt = current.acknowledgedAt ?? current.resolvedAt;
  return handledAt !== undefined && Date.parse(handledAt) <= Date.parse(current.dueAt);
}
