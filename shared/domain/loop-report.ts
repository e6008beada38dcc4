import { classify } from './answer.ts';
import type { FollowUpCase } from './follow-up.ts';
import { type AggregateRow, ratio } from './reports.ts';
import type { Metric } from './survey.ts';

/**
 * The closed loop in aggregates. Every counter lands on the row of the day the case was opened (its cohort), so a
 * period's figures are those of the cases opened in it, however long they took:
 * - `loop_opened` (a detractor's case), `loop_reached` (the customer's follow-up email was sent),
 *   `loop_escalated` (still open at its deadline);
 * - `loop_acknowledged`, `loop_ackInTime`, `loop_ack_{bucket}`: the first response (acknowledging, or resolving a
 *   case nobody had acknowledged), whether it met the deadline, and how long it took;
 * - `loop_resolved`, `loop_resolve_{bucket}`, `loop_rootCause_{id}`: resolutions, how long after opening, why;
 * - `loop_resurveyed`, `loop_recovered`, `loop_scoreGain` (and `loop_rc{Resurveyed,Recovered}_{rootCause}`):
 *   re-survey answers after a resolution, those no longer detractors, and the sum of their score changes.
 * Per owner, rows of their own (`loop_taken`: the cases they took) carry the response and resolution counters.
 */
export const LOOP_COUNTER = /^loop_[A-Za-z0-9_-]+$/;

/** Upper bounds of the time buckets, in minutes: 15 min … 30 days; later falls in `over`. */
export const LOOP_BUCKETS = [15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 10080, 20160, 43200] as const;

/** The counter of a duration's bucket: `loop_ack_le240` (at most four hours), `loop_ack_over`. */
export function bucketCounter(kind: 'ack' | 'resolve', fromIso: string, toIso: string): string {
  const minutes = Math.max(0, (Date.parse(toIso) - Date.parse(fromIso)) / 60_000);
  const bound = LOOP_BUCKETS.find((limit) => minutes <= limit);
  return `loop_${kind}_${bound === undefined ? 'over' : `le${bound}`}`;
}

/** The day of a case's cohort: the UTC day it was opened. */
export const cohortDay = (followUp: Pick<FollowUpCase, 'openedAt'>) => followUp.openedAt.slice(0, 10);

type Case = Pick<FollowUpCase, 'openedAt' | 'dueAt' | 'escalatedAt' | 'status'>;

/** A first response at `at`: acknowledged, in time or not, after how long. */
function firstResponse(followUp: Case, at: string): [string, number][] {
  return [
    ['loop_acknowledged', 1],
    ...(at <= followUp.dueAt ? ([['loop_ackInTime', 1]] as [string, number][]) : []),
    [bucketCounter('ack', followUp.openedAt, at), 1],
  ];
}

/** The counters acknowledging an open case adds: to the store's row, and to the new owner's. */
export function acknowledgeCounters(followUp: Case, at: string) {
  const store = firstResponse(followUp, at);
  const owner = [...store, ['loop_taken', 1], ...escalatedBefore(followUp)] as [string, number][];
  return { store: new Map(store), owner: new Map(owner) };
}

/**
 * The counters resolving adds: the resolution (and its root cause) to the store's row and the owner's; resolving a
 * case nobody acknowledged is also its first response, and the owner's taking it.
 */
export function resolveCounters(followUp: Case, at: string, rootCause: string | undefined) {
  const resolved: [string, number][] = [
    ['loop_resolved', 1],
    [bucketCounter('resolve', followUp.openedAt, at), 1],
    ...(rootCause ? ([[`loop_rootCause_${rootCause}`, 1]] as [string, number][]) : []),
  ];
  const unanswered = followUp.status === 'open';
  const first = unanswered ? firstResponse(followUp, at) : [];
  const taken: [string, number][] = unanswered ? [['loop_taken', 1], ...escalatedBefore(followUp)] : [];
  return { store: new Map([...resolved, ...first]), owner: new Map([...resolved, ...first, ...taken]) };
}

const escalatedBefore = (followUp: Case): [string, number][] =>
  followUp.escalatedAt !== undefined ? [['loop_escalated', 1]] : [];

/** What a re-survey answer is measured against: the answer that opened the case, and the case's cohort. */
export interface ResurveyBaseline {
  score: number;
  /** The case's opening (its cohort day). */
  openedAt: string;
  rootCause?: string | undefined;
}

/** The counters one re-survey answer contributes (negated to take back an answer it replaces). */
export function resurveyCounters(
  metric: Metric,
  baseline: ResurveyBaseline,
  score: number,
  sign: 1 | -1,
): [string, number][] {
  const recovered = classify(metric, score) !== 'detractor' ? 1 : 0;
  const byCause: [string, number][] = baseline.rootCause
    ? [
        [`loop_rcResurveyed_${baseline.rootCause}`, sign],
        [`loop_rcRecovered_${baseline.rootCause}`, sign * recovered],
      ]
    : [];
  return [
    ['loop_resurveyed', sign],
    ['loop_recovered', sign * recovered],
    ['loop_scoreGain', sign * (score - baseline.score)],
    ...byCause,
  ];
}

/** A share in percent to one decimal; null without a denominator. */
const share = (part: number, whole: number) => ratio(part, whole, 100, 1);

/**
 * The upper bound (minutes) of the bucket that holds the q-quantile of the durations counted: the median is the
 * bound under which at least half of them fall. Null without any, or when it lies past the last bucket.
 */
export function quantileBound(counters: Readonly<Record<string, number>>, kind: 'ack' | 'resolve', q: number) {
  const total =
    LOOP_BUCKETS.reduce((n, bound) => n + (counters[`loop_${kind}_le${bound}`] ?? 0), 0) +
    (counters[`loop_${kind}_over`] ?? 0);
  if (total === 0) return null;
  let seen = 0;
  for (const bound of LOOP_BUCKETS) {
    seen += counters[`loop_${kind}_le${bound}`] ?? 0;
    if (seen >= q * total) return bound;
  }
  return null;
}

/** Every counter of some rows, summed. */
export function sumCounters(rows: readonly AggregateRow[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const row of rows)
    for (const [name, value] of Object.entries(row.counters))
      if (LOOP_COUNTER.test(name)) sums[name] = (sums[name] ?? 0) + value;
  return sums;
}

/**
 * The closed-loop figures of summed counters. The shares divide the cases opened (a store's rows) or, on an owner's
 * rows, the cases that owner took; the share reached by the follow-up email is the store's alone.
 */
export function loopFigures(counters: Readonly<Record<string, number>>, basis: 'opened' | 'taken') {
  const n = (name: string) => counters[name] ?? 0;
  const cases = n(basis === 'opened' ? 'loop_opened' : 'loop_taken');
  const resurveyed = n('loop_resurveyed');
  return {
    cases,
    reached: basis === 'opened' ? share(n('loop_reached'), cases) : null,
    acknowledged: n('loop_acknowledged'),
    acknowledgedInTime: share(n('loop_ackInTime'), cases),
    timeToAcknowledge: {
      medianMinutes: quantileBound(counters, 'ack', 0.5),
      p90Minutes: quantileBound(counters, 'ack', 0.9),
    },
    resolved: share(n('loop_resolved'), cases),
    timeToResolve: {
      medianMinutes: quantileBound(counters, 'resolve', 0.5),
      p90Minutes: quantileBound(counters, 'resolve', 0.9),
    },
    escalated: share(n('loop_escalated'), cases),
    recovery: {
      resurveyed,
      recovered: share(n('loop_recovered'), resurveyed),
      meanScoreChange: ratio(n('loop_scoreGain'), resurveyed, 1, 2),
    },
  };
}

/** Per root cause of the cohort's resolved cases: how many, and of those asked again, the share recovered. */
export function rootCauseFigures(counters: Readonly<Record<string, number>>) {
  return Object.entries(counters)
    .flatMap(([name, resolved]) => {
      const id = /^loop_rootCause_(.+)$/.exec(name)?.[1];
      if (id === undefined || resolved === 0) return [];
      const resurveyed = counters[`loop_rcResurveyed_${id}`] ?? 0;
      return [
        {
          rootCause: id,
          resolved,
          resurveyed,
          recovered: share(counters[`loop_rcRecovered_${id}`] ?? 0, resurveyed),
        },
      ];
    })
    .sort((a, b) => b.resolved - a.resolved || a.rootCause.localeCompare(b.rootCause));
}
