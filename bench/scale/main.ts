/**
 * `npm run bench -- --scale`: the load model's Black-Friday replay (bench/scale/replay.ts), printed and written to
 * bench/results/scale-{date}.json. Options as `--name=value`: per-day (surveys on an ordinary day, default
 * 80,000), peak (the Black-Friday factor, 20), peak-hours (6), quota (SES emails a second, 14),
 * seconds-per-send (0.15), after-days (0.5), stores (20), answer-rate (0.2), delay-minutes (60), daily-cap (150,000: it binds
 * on the largest store), seed (1).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dueShards, sendRateShards } from '../../shared/topology/sizing.ts';
import { round } from '../stats.ts';
import { replay } from './replay.ts';
import { summarise } from './report.ts';
import { expectedArrivals } from './traffic.ts';

const flag = (name: string, fallback: number | null) => {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  if (given === undefined) return fallback;
  const value = Number(given.split('=')[1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number, not ${given.split('=')[1]}`);
  return value;
};

const perDay = flag('per-day', 80_000) as number;
const peak = flag('peak', 20) as number;
const options = {
  surveysPerDay: perDay,
  peakFactor: peak,
  peakHours: flag('peak-hours', 6) as number,
  afterDays: flag('after-days', 0.5) as number,
  stores: flag('stores', 20) as number,
  answerRate: flag('answer-rate', 0.2) as number,
  answerMeanHours: 6,
  seed: flag('seed', 1) as number,
  maxPerSecond: flag('quota', 14) as number,
  secondsPerSend: flag('seconds-per-send', 0.15) as number,
  // The configuration the replay proves is the one sized for this day's peak.
  peakSurveysPerSecond: Math.ceil((perDay / 86_400) * peak),
  dailyCap: flag('daily-cap', 150_000),
  delayMinutes: flag('delay-minutes', 60) as number,
  requestMs: flag('request-ms', 5) as number,
  hours: flag('hours', null) ?? undefined,
  progress: (line: string) => process.stderr.write(`[scale] ${line}\n`),
};
const expected = expectedArrivals(options);
options.progress(
  `replaying a Black-Friday day of ~${Math.round(expected.blackFriday)} surveys and ${options.afterDays} ordinary days (${Math.round(expected.total)} in all) at ${options.maxPerSecond} emails/s`,
);
const started = performance.now();
const run = await replay(options);
const summary = summarise(run, options);
const seconds = round((performance.now() - started) / 1000, 0);
const result = {
  date: new Date().toISOString(),
  options: { ...options, progress: undefined },
  sizing: {
    senders: summary.senders,
    dueShards: dueShards(run.config.scale),
    sendRateShards: sendRateShards(options.maxPerSecond),
  },
  replaySeconds: seconds,
  ...summary,
};
const dir = resolve(import.meta.dirname, '../results');
mkdirSync(dir, { recursive: true });
const file = resolve(dir, `scale-${result.date.slice(0, 10)}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

const line = (label: string, value: unknown) => console.log(`${label.padEnd(48)} ${value}`);
console.log(
  `\ncloseloop load model: a Black-Friday day at ${perDay.toLocaleString('en')} surveys/day × ${peak} for ${options.peakHours} h, replayed in ${seconds} s\n`,
);
line('surveys arrived / emails sent / answers', `${summary.arrived} / ${summary.emails} / ${summary.answered}`);
line(
  'schedulers · senders · due shards · rate shards',
  `${summary.schedulers} · ${result.sizing.senders} · ${result.sizing.dueShards} · ${result.sizing.sendRateShards}`,
);
line('store events waiting for a scheduler, at most', summary.backlog.eventsWaitingMax);
line(
  'SES peak second (quota) · throttled, retried · refused',
  `${summary.ses.peakPerSecond} (${summary.ses.quota}) · ${summary.ses.throttledAttempts} · ${summary.ses.refusedAfterRetries}`,
);
line('deepest send backlog (at hour)', `${summary.backlog.deepest} (${summary.backlog.deepestAtHour})`);
line(
  'backlog drained at hour (hours after the send peak)',
  `${summary.backlog.drainedAtHour} (${summary.backlog.hoursAfterPeak})`,
);
line(
  'wait past due: p50 · p95 · max (minutes)',
  `${summary.waitMinutes.p50} · ${summary.waitMinutes.p95} · ${summary.waitMinutes.max}`,
);
line('hottest key, write units in one second', `${summary.hottestUnitsPerSecond} (${summary.hotKeys[0]?.key})`);
line(
  'fatigue · throttle · daily-cap violations',
  `${summary.rules.fatigue} · ${summary.rules.throttle} · ${summary.rules.cap}`,
);
line('failures (retried by the queue)', summary.failures);
line(
  'cost of the run (USD) · per 1,000 emails',
  `${round(
    Object.values(summary.dollars).reduce((a, b) => a + b, 0),
    2,
  )} · ${summary.dollarsPer1000Emails}`,
);
console.log('\nhottest keys (write units / writes in their busiest second):');
for (const key of summary.hotKeys)
  console.log(`  ${key.key.padEnd(52)} ${key.unitsPerSecond} / ${key.writesPerSecond}`);
console.log('\nbacklog by hour (send queue · events waiting · sent · arrived):');
for (const hour of summary.backlog.hourly)
  console.log(
    `  ${String(hour.hour).padStart(3)}h ${String(hour.queued).padStart(9)} ${String(hour.eventsWaiting).padStart(9)} ${String(hour.sent).padStart(9)} ${String(hour.arrived).padStart(9)}`,
  );
console.log(`\nwritten to ${file}`);
