import { SCALES } from './answer.ts';
import type { Metric } from './survey.ts';

/**
 * Reports are computed from aggregate rows, never from responses: one row per day and store (or store × agent)
 * with counters. On the day of the answer: `responses`, `score_{n}`, `ces_responses`, `ces_{n}`; on the day the
 * survey was sent: `sent`, `answered` (of those sent that day, how many were answered).
 */
export interface AggregateRow {
  day: string;
  storeId: string;
  agentId?: string | undefined;
  agentName?: string | undefined;
  /** On an owner's row (the closed loop per member of staff): who. */
  owner?: string | undefined;
  counters: Readonly<Record<string, number>>;
}

export type ReportMetric = Extract<Metric, 'nps' | 'csat'>;

interface Rates {
  /** Surveys sent in the period. */
  sent: number;
  /** Of those, the share answered so far, in percent to one decimal; null when none was sent. */
  responseRate: number | null;
}
export interface CesSummary {
  responses: number;
  /** The mean agreement on the 1–7 scale, to two decimals; null without answers. */
  average: number | null;
}
export type NpsSummary = Rates & {
  metric: 'nps';
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** %promoters − %detractors, to one decimal; null without answers. */
  nps: number | null;
};
export type CsatSummary = Rates & {
  metric: 'csat';
  responses: number;
  /** Answers of 4 or 5. */
  satisfied: number;
  /** satisfied / responses × 100, to one decimal; null without answers. */
  csat: number | null;
  ces: CesSummary;
};
export type Summary = NpsSummary | CsatSummary;

/**
 * `numerator / denominator × scale`, rounded half away from zero to `decimals`, in integers so that a value
 * exactly on a half (12.25) never falls the wrong way through a binary fraction.
 */
export function ratio(numerator: number, denominator: number, scale: number, decimals: number): number | null {
  if (denominator === 0) return null;
  const units = 10 ** decimals;
  const scaled = Math.abs(numerator) * scale * units;
  const rounded = Math.floor((2 * scaled + denominator) / (2 * denominator));
  const value = rounded / units;
  return numerator < 0 ? -value : value;
}

/** All counters of some rows added up. */
export function totals(rows: readonly AggregateRow[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const row of rows)
    for (const [name, value] of Object.entries(row.counters)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}

const count = (sum: Record<string, number>, name: string) => sum[name] ?? 0;
const scoreCount = (sum: Record<string, number>, from: number, to: number) => {
  let n = 0;
  for (let score = from; score <= to; score++) n += count(sum, `score_${score}`);
  return n;
};

export function summarize(metric: ReportMetric, rows: readonly AggregateRow[]): Summary {
  const sum = totals(rows);
  const responses = count(sum, 'responses');
  const sent = count(sum, 'sent');
  const rates = { sent, responseRate: ratio(count(sum, 'answered'), sent, 100, 1) };
  if (metric === 'nps') {
    const promoters = scoreCount(sum, 9, 10);
    const detractors = scoreCount(sum, 0, 6);
    return {
      metric,
      responses,
      promoters,
      passives: scoreCount(sum, 7, 8),
      detractors,
      nps: ratio(promoters - detractors, responses, 100, 1),
      ...rates,
    };
  }
  const satisfied = scoreCount(sum, 4, 5);
  const cesResponses = count(sum, 'ces_responses');
  let cesTotal = 0;
  for (let score = SCALES.ces.min; score <= SCALES.ces.max; score++) cesTotal += score * count(sum, `ces_${score}`);
  return {
    metric,
    responses,
    satisfied,
    csat: ratio(satisfied, responses, 100, 1),
    ces: { responses: cesResponses, average: ratio(cesTotal, cesResponses, 1, 2) },
    ...rates,
  };
}

/** How many answers gave each score, every score of the scale listed (zeros included). */
export function distribution(metric: ReportMetric, rows: readonly AggregateRow[]) {
  const sum = totals(rows);
  const of = (scale: Metric, prefix: string) => {
    const { min, max } = SCALES[scale];
    return Array.from({ length: max - min + 1 }, (_, i) => ({
      score: min + i,
      count: count(sum, `${prefix}${min + i}`),
    }));
  };
  return { scores: of(metric, 'score_'), ...(metric === 'csat' ? { ces: of('ces', 'ces_') } : {}) };
}

export type Interval = 'day' | 'week';

/** The Monday (UTC) of a day's ISO week. */
export function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

/** The days from `from` to `to`, both included (UTC dates, `yyyy-mm-dd`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * A summary per day or per ISO week (labelled by its Monday) from `from` to `to`: every period listed, an empty
 * one with zero responses and a null score, so a chart shows the gap instead of hiding it.
 */
export function trend(
  metric: ReportMetric,
  rows: readonly AggregateRow[],
  period: { from: string; to: string },
  interval: Interval,
) {
  const bucketOf = (day: string) => (interval === 'day' ? day : weekOf(day));
  const buckets = new Map<string, AggregateRow[]>();
  for (const day of daysBetween(period.from, period.to)) buckets.set(bucketOf(day), []);
  for (const row of rows) buckets.get(bucketOf(row.day))?.push(row);
  return [...buckets].map(([start, bucketRows]) => ({ start, ...summarize(metric, bucketRows) }));
}

export type BreakdownRow = { storeId?: string; agentId?: string; agentName?: string } & Summary;

/** A summary per store or per agent, most responses first. */
export function breakdown(metric: ReportMetric, rows: readonly AggregateRow[], by: 'store' | 'agent'): BreakdownRow[] {
  const groups = new Map<string, AggregateRow[]>();
  for (const row of rows) {
    const key = by === 'store' ? row.storeId : (row.agentId ?? '');
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  return [...groups]
    .map(([id, groupRows]) => {
      const named = groupRows.findLast((row) => row.agentName !== undefined)?.agentName;
      const row: BreakdownRow = {
        ...(by === 'store' ? { storeId: id } : { agentId: id, ...(named ? { agentName: named } : {}) }),
        ...summarize(metric, groupRows),
      };
      return { id, row };
    })
    .sort((a, b) => b.row.responses - a.row.responses || a.id.localeCompare(b.id))
    .map(({ row }) => row);
}

/** The root causes of resolved cases (`rootCause_{id}` counters, on the day of resolving), most first. */
export function rootCauseCounts(rows: readonly AggregateRow[]): { id: string; cases: number }[] {
  return Object.entries(totals(rows))
    .flatMap(([name, cases]) => {
      const id = /^rootCause_(.+)$/.exec(name)?.[1];
      return id !== undefined && cases > 0 ? [{ id, cases }] : [];
    })
    .sort((a, b) => b.cases - a.cases || a.id.localeCompare(b.id));
}
