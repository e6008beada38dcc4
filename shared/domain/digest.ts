import { type AggregateRow, type ReportMetric, ratio, type Summary, summarize } from './reports.ts';

const DAY_MS = 86_400_000;
/** The UTC day of a moment, `yyyy-mm-dd`. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The ISO week of a moment (weeks start on Monday, UTC): its label (`2026-W48`) and its first and last days. */
export function isoWeekOf(at: Date) {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
  // The week belongs to the year of its Thursday.
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return {
    label: `${year}-W${String(week).padStart(2, '0')}`,
    from: isoDay(monday),
    to: isoDay(monday + 6 * DAY_MS),
    startMs: monday,
  };
}

/**
 * The week a digest run at `asOf` reports: the ISO week before the current one, once the current week is
 * `hourUtc` hours old (Monday 07:00 by default); before that, none (last week's digest is not due yet).
 */
export function digestWeek(asOf: Date, hourUtc: number) {
  const current = isoWeekOf(asOf);
  if (asOf.getTime() < current.startMs + hourUtc * 3_600_000) return undefined;
  return isoWeekOf(new Date(current.startMs - DAY_MS));
}

/** The four weeks before a week: the digest's comparison. */
export function previousFourWeeks(week: { from: string }) {
  const start = Date.parse(`${week.from}T00:00:00Z`);
  return { from: isoDay(start - 28 * DAY_MS), to: isoDay(start - DAY_MS) };
}

/** The score of a summary: NPS, or CSAT %; null without answers. */
export const scoreOf = (summary: Summary) => (summary.metric === 'nps' ? summary.nps : summary.csat);

/** The two periods a drop is judged on at `asOf`: the 7 whole days before today, and the 28 before those. */
export function dropPeriods(asOf: Date) {
  const today = Date.parse(`${isoDay(asOf.getTime())}T00:00:00Z`);
  return {
    recent: { from: isoDay(today - 7 * DAY_MS), to: isoDay(today - DAY_MS) },
    baseline: { from: isoDay(today - 35 * DAY_MS), to: isoDay(today - 8 * DAY_MS) },
  };
}

/**
 * Whether the score fell: the recent period's score at least `points` below the baseline's, each with at least
 * `minResponses` answers. The figures when it did, undefined otherwise.
 */
export function scoreDrop(
  metric: ReportMetric,
  rows: readonly AggregateRow[],
  periods: ReturnType<typeof dropPeriods>,
  rule: { points: number; minResponses: number },
) {
  const within = (period: { from: string; to: string }) =>
    rows.filter((r) => r.day >= period.from && r.day <= period.to);
  const recent = summarize(metric, within(periods.recent));
  const baseline = summarize(metric, within(periods.baseline));
  const [now, before] = [scoreOf(recent), scoreOf(baseline)];
  if (now === null || before === null) return undefined;
  if (recent.responses < rule.minResponses || baseline.responses < rule.minResponses) return undefined;
  const drop = ratio(Math.round((before - now) * 10), 10, 1, 1) ?? 0;
  if (drop < rule.points) return undefined;
  return {
    recent: { ...periods.recent, responses: recent.responses, score: now },
    baseline: { ...periods.baseline, responses: baseline.responses, score: before },
    drop,
  };
}
