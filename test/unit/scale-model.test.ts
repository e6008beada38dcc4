import { describe, expect, it } from 'vitest';
import { replay } from '../../bench/scale/replay.ts';
import { summarise } from '../../bench/scale/report.ts';

/**
 * The load model end to end, small: a Black-Friday hour at twice what SES allows must queue, drain at the quota,
 * never pass it, and keep every rule. Virtual time: the same run on any machine, whatever its load.
 */
describe('the load model', () => {
  it('queues a peak above the SES quota, drains it at the quota, and keeps every rule and key budget', async () => {
    const options = {
      surveysPerDay: 8000,
      peakFactor: 20,
      peakHours: 1,
      afterDays: 0,
      hours: 18,
      stores: 5,
      answerRate: 0.2,
      answerMeanHours: 2,
      seed: 7,
      maxPerSecond: 1,
      secondsPerSend: 0.15,
      peakSurveysPerSecond: 2,
      dailyCap: 2000,
      delayMinutes: 30,
      requestMs: 5,
      progress: () => undefined,
    };
    const run = await replay(options);
    const summary = summarise(run, options);

    // Every arrival was scheduled, and every survey that became due was decided: sent or skipped with a reason.
    expect(run.failures).toEqual([]);
    const scheduled = Object.entries(summary.outcomes).filter(([k]) => k.startsWith('scheduled:'));
    expect(scheduled.reduce((sum, [, n]) => sum + n, 0)).toBe(summary.arrived);
    expect(summary.outcomes['send:sent']).toBe(summary.emails);
    expect(summary.skipReasons['daily-cap']).toBeGreaterThan(0);
    // The peak (1.85 a second for an hour) outran 1 email a second: a backlog, drained, never above the quota.
    expect(summary.backlog.behind).toBe(true);
    expect(summary.backlog.drainedAtHour).toBeGreaterThan(summary.backlog.deepestAtHour);
    expect(summary.ses.peakPerSecond).toBe(1);
    expect(summary.ses.refusedAfterRetries).toBe(0);
    // Only where a slot's second ends between the limiter and SES (DynamoDB's 5 ms) does SES refuse, and retries.
    expect(summary.ses.throttledAttempts).toBeLessThan(summary.emails / 100);
    // The rules, checked from what SES sent.
    expect(summary.rules).toMatchObject({ fatigue: 0, throttle: 0, cap: 0 });
    expect(summary.rules.busiestStoreDay).toBeLessThanOrEqual(2000);
    expect(summary.hottestUnitsPerSecond).toBeLessThanOrEqual(500);
    expect(summary.answered).toBeGreaterThan(0);
  }, 120_000);
});
