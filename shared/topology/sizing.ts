import type { CloseloopConfig } from '../config/schema.ts';
import { SEND_QUEUE_CONSUMER, type Wiring } from './kinds.ts';
import { MIN_DUE_SHARDS } from './table.ts';

export { MIN_DUE_SHARDS };

/**
 * What the configuration's expected volume sizes, in one place: the senders' concurrency from the SES quota, and
 * the partitions of every key that takes writes in proportion to volume. `docs/scale.md` has the arithmetic.
 */

/** The most write units a second closeloop plans for on one partition key: half of DynamoDB's 1,000. */
export const KEY_WRITE_BUDGET = 500;

/**
 * Write units a sent survey puts on its store's day row at a 20 % answer rate: the sent count in the send's
 * transaction (2) and the answer's counts in the answer's (2 × 0.2). The program's listing of day rows (gsi6,
 * keys only) takes one write a store and day, not one a survey.
 */
const DAY_ROW_UNITS_PER_SEND = 2.4;

/**
 * The send rate above which a store's day row passes a partition's 1,000 write units a second, if one store sends
 * them all: about 416 emails a second. Those counters are not sharded; synth warns.
 */
export const DAY_ROW_SEND_CEILING = Math.floor(1000 / DAY_ROW_UNITS_PER_SEND);

/** Lambda's bounds for an SQS event source mapping's maximum concurrency. */
const MAPPING_CONCURRENCY = { min: 2, max: 1000 };

/** Senders beyond the bare arithmetic, so that the SES quota, not the number of senders, is what binds. */
const SENDER_HEADROOM = 1.25;

/**
 * Write units on the due-time index per survey a second, when a peak's arrivals, their sends and their reminders
 * overlap: listed when scheduled (1), taken off when queued (1), its reminder listed in the send's transaction
 * (2) and taken off when queued (1).
 */
export const DUE_WRITES_PER_SURVEY = 5;

/** Senders that keep `maxPerSecond` busy when each takes `secondsPerSend` an email, within Lambda's bounds. */
export function sendConcurrency(sending: CloseloopConfig['sending']): number {
  const needed = Math.ceil(sending.maxPerSecond * sending.secondsPerSend * SENDER_HEADROOM);
  return Math.min(MAPPING_CONCURRENCY.max, Math.max(MAPPING_CONCURRENCY.min, needed));
}

/** The send rate's counter, split so that no counter item takes more than the key budget at the full rate. */
export function sendRateShards(maxPerSecond: number): number {
  return Math.max(1, Math.ceil(maxPerSecond / KEY_WRITE_BUDGET));
}

/** Due-index partitions for the expected peak of surveys a second. Raise it freely; lower it only when drained. */
export function dueShards(scale: CloseloopConfig['scale']): number {
  return Math.max(MIN_DUE_SHARDS, Math.ceil((scale.peakSurveysPerSecond * DUE_WRITES_PER_SURVEY) / KEY_WRITE_BUDGET));
}

/**
 * The most one sweep (once a minute) hands to the send queue: at least a minute of sending at the SES quota with
 * headroom, so that delayed surveys never wait on the sweep while the senders idle.
 */
export function sweepLimit(config: Pick<CloseloopConfig, 'sending' | 'scale'>): number {
  const perMinute = Math.max(config.sending.maxPerSecond, config.scale.peakSurveysPerSecond) * 60 * SENDER_HEADROOM;
  return Math.max(5000, Math.ceil(perMinute));
}

/** The most due-index writes a second a sweep makes: each shard within the key budget. */
export function sweepWritesPerSecond(config: Pick<CloseloopConfig, 'scale'>): number {
  return dueShards(config.scale) * KEY_WRITE_BUDGET;
}

/** The table's layout for this configuration, as every adapter that lists or sweeps due emails must agree on it. */
export function tableLayout(config: Pick<CloseloopConfig, 'scale'>): { dueShards: number } {
  return { dueShards: dueShards(config.scale) };
}

/**
 * Seconds a consumer spends on one message that sends no email: a store event (the survey's conditional put, the
 * purchase ledger, the program rules' reads, the send queue's message) or SES's delivery report (one or two writes).
 */
export const SECONDS_PER_EVENT = 0.05;

/** Answers per email sent, generously (answer rates run 5–40 %); each answer's loop may send email itself. */
const ANSWERS_PER_EMAIL = 0.3;

/** The consumer of the stores' events. */
export const SCHEDULE_CONSUMER = 'ScheduleSurvey';

type Sizing = Pick<CloseloopConfig, 'sending' | 'scale'>;

/**
 * What each consumer must keep up with, in messages a second, and the seconds each takes: its concurrency is
 * enough for that with headroom (never fewer than wired, within Lambda's bounds). SES's delivery reports come one
 * per email; the loop follows the answers; the schedulers follow the peak. The senders follow the SES quota.
 */
const DEMAND: Record<string, (config: Sizing) => { perSecond: number; seconds: number }> = {
  [SCHEDULE_CONSUMER]: ({ scale }) => ({ perSecond: scale.peakSurveysPerSecond, seconds: SECONDS_PER_EVENT }),
  DeliveryFeedback: ({ sending }) => ({ perSecond: sending.maxPerSecond, seconds: SECONDS_PER_EVENT }),
  CloseLoop: ({ sending }) => ({
    perSecond: sending.maxPerSecond * ANSWERS_PER_EMAIL,
    seconds: sending.secondsPerSend,
  }),
};

/** A consumer's concurrency under this configuration. */
export function consumerConcurrency(id: string, wired: number, config: Sizing): number {
  // The senders are sized from the quota alone: below Lambda's minimum only the limiter could hold them.
  if (id === SEND_QUEUE_CONSUMER) return sendConcurrency(config.sending);
  const demand = DEMAND[id]?.(config);
  if (!demand) return wired;
  const needed = Math.ceil(demand.perSecond * demand.seconds * SENDER_HEADROOM);
  return Math.min(MAPPING_CONCURRENCY.max, Math.max(wired, needed));
}

/** The wiring as this configuration deploys it: every consumer that volume reaches, sized for it. */
export function sizedWiring(wiring: Wiring, config: Sizing): Wiring {
  return {
    ...wiring,
    consumers: wiring.consumers.map((consumer) => ({
      ...consumer,
      queue: {
        ...consumer.queue,
        maxConcurrency: consumerConcurrency(consumer.id, consumer.queue.maxConcurrency, config),
      },
    })),
  };
}
