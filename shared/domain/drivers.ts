import { classify, SCALES } from './answer.ts';
import { type AggregateRow, daysBetween, type Interval, type ReportMetric, ratio, totals, weekOf } from './reports.ts';

/**
 * What drives the score: per theme of comments (`theme_{id}_{score}` counters) or per reason picked
 * (`reason_{id}_{score}`), how many answers name it, their share of all answers, their NPS (or CSAT), and its
 * difference from the answers that do not name it ("impact": negative when the theme pulls the score down).
 */
export type DriverKind = 'theme' | 'reason';

export interface DriverRow {
  id: string;
  responses: number;
  /** Of all answers in scope, the share that name it, in percent to one decimal. */
  share: number | null;
  /** The NPS (or CSAT %) of the answers that name it; null without any. */
  score: number | null;
  /** Its score minus that of the answers that do not name it, to one decimal; null when either side is empty. */
  impact: number | null;
  classes: { detractor: number; passive: number; promoter: number };
}

type Histogram = Map<number, number>;

const scoresOf = (metric: ReportMetric) => {
  const { min, max } = SCALES[metric];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
};

/** The metric's value as a fraction: NPS (promoters − detractors) / n, CSAT satisfied (4–5) / n. */
function fraction(metric: ReportMetric, histogram: Histogram): { top: number; n: number } {
  let top = 0;
  let n = 0;
  for (const [score, count] of histogram) {
    n += count;
    if (metric === 'nps') top += score >= 9 ? count : score <= 6 ? -count : 0;
    else top += score >= 4 ? count : 0;
  }
  return { top, n };
}

/** The histograms of each id named in the counters, by score. */
function histograms(kind: DriverKind, sum: Record<string, number>): Map<string, Histogram> {
  const pattern = new RegExp(`^${kind}_(.+)_(\\d+)$`);
  const byId = new Map<string, Histogram>();
  for (const [name, count] of Object.entries(sum)) {
    const match = pattern.exec(name);
    if (match === null || count === 0) continue;
    const [, id = '', score = ''] = match;
    const histogram = byId.get(id) ?? new Map<number, number>();
    histogram.set(Number(score), (histogram.get(Number(score)) ?? 0) + count);
    byId.set(id, histogram);
  }
  return byId;
}

/** One row per theme (or reason) named in the rows, most answers first. */
export function drivers(metric: ReportMetric, kind: DriverKind, rows: readonly AggregateRow[]): DriverRow[] {
  const sum = totals(rows);
  const all: Histogram = new Map(scoresOf(metric).map((score) => [score, sum[`score_${score}`] ?? 0]));
  const everyone = fraction(metric, all);
  return [...histograms(kind, sum)]
    .map(([id, histogram]) => {
      const named = fraction(metric, histogram);
      const rest = { top: everyone.top - named.top, n: everyone.n - named.n };
      const classes = { detractor: 0, passive: 0, promoter: 0 };
      for (const [score, count] of histogram) classes[classify(metric, score)] += count;
      return {
        id,
        responses: named.n,
        share: ratio(named.n, everyone.n, 100, 1),
        score: ratio(named.top, named.n, 100, 1),
        // named.top / named.n − rest.top / rest.n, over one denominator, rounded once.
        impact:
          named.n === 0 || rest.n === 0
            ? null
            : ratio(named.top * rest.n - rest.top * named.n, named.n * rest.n, 100, 1),
        classes,
      };
    })
    .sort((a, b) => b.responses - a.responses || a.id.localeCompare(b.id));
}

/** Per theme (or reason), its answers and score per day or ISO week, every period listed. */
export function driverTrend(
  metric: ReportMetric,
  kind: DriverKind,
  rows: readonly AggregateRow[],
  period: { from: string; to: string },
  interval: Interval,
): Map<string, { start: string; responses: number; score: number | null }[]> {
  const bucketOf = (day: string) => (interval === 'day' ? day : weekOf(day));
  const starts = [...new Set(daysBetween(period.from, period.to).map(bucketOf))];
  const perBucket = new Map(starts.map((start) => [start, [] as AggregateRow[]]));
  for (const row of rows) perBucket.get(bucketOf(row.day))?.push(row);
  const trends = new Map<string, { start: string; responses: number; score: number | null }[]>();
  for (const id of histograms(kind, totals(rows)).keys())
    trends.set(
      id,
      starts.map((start) => {
        const histogram = histograms(kind, totals(perBucket.get(start) ?? [])).get(id) ?? new Map();
        const { top, n } = fraction(metric, histogram);
        return { start, responses: n, score: ratio(top, n, 100, 1) };
      }),
    );
  return trends;
}
