import { PRICES } from '../prices.ts';
import { percentile, round } from '../stats.ts';
import { ruleViolations } from './checks.ts';
import type { replay } from './replay.ts';
import { PEAK_START_HOUR, type TrafficOptions } from './traffic.ts';

type Replay = Awaited<ReturnType<typeof replay>>;

/** The key's kind, without its ids: `table:AGG#store-0#purchase-nps` → `table:AGG#{store}#{program}`. */
export function keyKind(key: string): string {
  return key
    .replace(/store-\d+/g, '{store}')
    .replace(/purchase-nps/g, '{program}')
    .replace(/SURVEY#[^#]+$/, 'SURVEY#{id}')
    .replace(/CUSTOMER#c\d+/, 'CUSTOMER#{customer}')
    .replace(/RESPONSES#\d{4}-\d{2}/, 'RESPONSES#{month}');
}

/**
 * What the replay showed: the backlog over the day and how long it took to drain, the hottest keys against the
 * partition limit, SES's peak second, the rules checked from what was sent, and what the run cost at list prices.
 */
export function summarise(
  run: Replay,
  options: TrafficOptions & { maxPerSecond: number; secondsPerSend: number; delayMinutes: number },
) {
  // The peak of sending ends when the last of the peak's purchases fall due.
  const peakEndMs = run.start + (PEAK_START_HOUR + options.peakHours) * 3_600_000 + options.delayMinutes * 60_000;
  const minuteOfSending = options.maxPerSecond * 60;
  const deepest = run.samples.reduce(
    (a, b) => (b.queueDepth > a.queueDepth ? b : a),
    run.samples[0] ?? { atMs: 0, queueDepth: 0, eventsWaiting: 0, sent: 0, arrived: 0 },
  );
  // Behind means more queued than a minute of sending; drained, the first minute after the deepest that is not.
  const behind = deepest.queueDepth > minuteOfSending;
  const drained = behind
    ? run.samples.find((s) => s.atMs > deepest.atMs && s.queueDepth <= minuteOfSending)
    : undefined;
  const hourly = run.samples
    .filter((s) => (s.atMs - run.start) % 3_600_000 === 0)
    .map((s) => ({
      hour: round((s.atMs - run.start) / 3_600_000, 0),
      queued: s.queueDepth,
      eventsWaiting: s.eventsWaiting,
      sent: s.sent,
      arrived: s.arrived,
    }));
  const hot = run.table.hotKeys
    .top(12)
    .map((k) => ({ key: keyKind(k.key), unitsPerSecond: k.units, writesPerSecond: k.writes }));
  const rules = ruleViolations(run.ses.sent, run.config);
  const writeUnits = [...run.table.hotKeys.totals.values()].reduce((a, b) => a + b, 0);
  const emails = run.ses.sent.length;
  const sendRequests = emails;
  const dollars = {
    ses: emails * PRICES.sesPerEmail,
    dynamoDbWrites: writeUnits * PRICES.dynamoDbPerWriteRequestUnit,
    dynamoDbReads: run.table.readUnits * PRICES.dynamoDbPerReadRequestUnit,
    // The store's event and the send request pass a queue each: sent, received, deleted.
    sqs: (run.arrived + sendRequests) * 3 * PRICES.sqsPerRequest,
    // Each send at secondsPerSend on 512 MB, each arrival and answer ~50 ms on 512 MB; a request per 10 messages.
    lambda:
      (sendRequests * options.secondsPerSend + (run.arrived + run.answered) * 0.05) *
        0.5 *
        PRICES.lambdaArmPerGbSecond +
      ((run.arrived + sendRequests) / 10 + run.answered) * PRICES.lambdaPerRequest,
    eventBridge: (run.arrived + emails + run.answered) * PRICES.eventBridgePerEvent,
  };
  const total = Object.values(dollars).reduce((a, b) => a + b, 0);
  return {
    arrived: run.arrived,
    emails,
    answered: run.answered,
    senders: run.senders,
    schedulers: run.schedulers,
    outcomes: Object.fromEntries([...run.outcomes].sort()),
    skipReasons: Object.fromEntries([...run.bus.skips].sort()),
    backlog: {
      deepest: deepest.queueDepth,
      behind,
      deepestAtHour: round((deepest.atMs - run.start) / 3_600_000, 2),
      drainedAtHour: drained ? round((drained.atMs - run.start) / 3_600_000, 2) : null,
      hoursAfterPeak: drained ? round((drained.atMs - peakEndMs) / 3_600_000, 2) : null,
      hourly,
      /** Store events waiting for a scheduler, at most (the event queue's backlog). */
      eventsWaitingMax: run.samples.reduce((max, s) => Math.max(max, s.eventsWaiting), 0),
    },
    waitMinutes: {
      p50: round(percentile(run.waits, 50) / 60_000, 1),
      p95: round(percentile(run.waits, 95) / 60_000, 1),
      max: round(run.waits.reduce((a, b) => Math.max(a, b), 0) / 60_000, 1),
    },
    ses: {
      peakPerSecond: run.ses.peakPerSecond,
      quota: options.maxPerSecond,
      throttledAttempts: run.ses.throttled,
      refusedAfterRetries: run.ses.refused,
    },
    hotKeys: hot,
    hottestUnitsPerSecond: hot[0]?.unitsPerSecond ?? 0,
    rules,
    writeUnits: Object.fromEntries(run.table.hotKeys.totals),
    readUnits: run.table.readUnits,
    tableRequests: run.table.requests,
    failures: run.failures.length,
    firstFailures: run.failures.slice(0, 3),
    dollars: Object.fromEntries(Object.entries(dollars).map(([k, v]) => [k, round(v, 2)])),
    dollarsPer1000Emails: round((total / Math.max(1, emails)) * 1000, 4),
  };
}
