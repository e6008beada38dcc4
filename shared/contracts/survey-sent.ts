import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, isoDateTime, locale, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { surveyRef } from './event-refs.ts';

/**
 * Put by closeloop once per survey email SES accepted. Consumers deduplicate on `surveyId`: a crash between
 * the put and its bookkeeping can repeat the event, never drop it.
 */
export const SurveySent = defineContract(DETAIL_TYPES.surveySent, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    ...surveyRef(),
    locale,
    messageId: z.string().check(z.minLength(1)),
    sentAt: isoDateTime,
    expiresAt: isoDateTime,
  }),
);

export type SurveySentDetail = DetailOf<typeof SurveySent>;
