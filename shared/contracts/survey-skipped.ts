import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { surveyRef } from './event-refs.ts';

export const SKIP_REASONS = [
  'opted-out',
  'not-sampled',
  'unsubscribed',
  'bounced',
  'complained',
  'program-throttle',
  'fatigue',
  'daily-cap',
  'order-refunded',
  'ticket-reopened',
] as const;

/**
 * Put by closeloop once per survey it decided not to send, with the reason: the event opted out, sampling, the
 * customer's suppression, a fatigue rule, the daily cap, or a cancellation. Consumers deduplicate on `surveyId`.
 */
export const SurveySkipped = defineContract(DETAIL_TYPES.surveySkipped, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    ...surveyRef(),
    reason: z.enum(SKIP_REASONS),
    skippedAt: isoDateTime,
  }),
);

export type SurveySkippedDetail = DetailOf<typeof SurveySkipped>;
