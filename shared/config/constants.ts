/**
 * What the configuration's schema and the functions that read a validated configuration share, without the schema
 * library: a function's cold start reads the configuration synth validated and never builds the schema.
 */

export const DAY_MS = 86_400_000;

/** The events a program can be triggered by, and what each survey is about. */
export const TRIGGERS = {
  'Purchase Completed': { type: 'order', defaultDelayMs: 7 * DAY_MS, defaultThrottleMs: 90 * DAY_MS },
  'Ticket Closed': { type: 'ticket', defaultDelayMs: DAY_MS, defaultThrottleMs: 7 * DAY_MS },
} as const;
export type TriggerEvent = keyof typeof TRIGGERS;
