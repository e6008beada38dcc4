/**
 * The load model's traffic: a Black-Friday day — a base rate with a peak `peakFactor` times it for `peakHours`
 * (from 14:00 UTC) — then ordinary days, over stores of very different sizes (the largest takes 40 %), from a pool
 * of customers small enough that some buy twice (the fatigue rules then have work to do). Seeded: the same options
 * replay the same day.
 */
export interface TrafficOptions {
  surveysPerDay: number;
  peakFactor: number;
  peakHours: number;
  /** Days of ordinary traffic after the Black-Friday day, for the backlog to drain and answers to come in. */
  afterDays: number;
  stores: number;
  /** The share of purchases answered, and the mean hours before an answer (exponential, cut at 7 days). */
  answerRate: number;
  answerMeanHours: number;
  seed: number;
}

export const PEAK_START_HOUR = 14;

/** A small, fast, seeded generator (mulberry32): the replay is the same run every time. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Purchases a second at `secondOfRun` (0 = midnight of the Black-Friday day). */
export function arrivalRate(options: TrafficOptions, secondOfRun: number): number {
  const base = options.surveysPerDay / 86_400;
  const hour = secondOfRun / 3600;
  const peak = hour >= PEAK_START_HOUR && hour < PEAK_START_HOUR + options.peakHours;
  return peak ? base * options.peakFactor : base;
}

/** The surveys the Black-Friday day brings, and the whole run. */
export function expectedArrivals(options: TrafficOptions) {
  const base = options.surveysPerDay;
  const blackFriday = base + (base * (options.peakFactor - 1) * options.peakHours) / 24;
  return { blackFriday, total: blackFriday + base * options.afterDays };
}

/** Store shares: the largest 40 %, the rest split in halves down the list (the last takes what remains). */
export function storeShares(stores: number): number[] {
  const shares = [0.4];
  let left = 0.6;
  for (let i = 1; i < stores; i++) {
    const share = i === stores - 1 ? left : left / 2;
    shares.push(share);
    left -= share;
  }
  return shares;
}

export function pickStore(shares: readonly number[], u: number): number {
  let cumulative = 0;
  for (const [i, share] of shares.entries()) {
    cumulative += share;
    if (u < cumulative) return i;
  }
  return shares.length - 1;
}

/** Hours until an answer: exponential with the configured mean, cut at the 7 days an answer may still change. */
export function answerDelayMs(options: TrafficOptions, u: number): number {
  const hours = Math.min(-Math.log(1 - u) * options.answerMeanHours, 7 * 24);
  return Math.round(hours * 3_600_000);
}
