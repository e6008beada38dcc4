import * as z from 'zod';
import { type DetailOf, defineContract, externalId, isoDateTime, locale, schemaVersion } from './contract.ts';

/**
 * Put by closeloop once per survey email SES accepted. Consumers deduplicate on `surveyId`: a crash between
 * the put and its bookkeeping can repeat the event, never drop it.
 */
export const SurveySent = defineContract(
  'Survey Sent',
  1,
  z.object({
    schemaVersion: schemaVersion(1),
    surveyId: z.string().min(1),
    program: z.string().min(1),
    metric: z.enum(['nps', 'csat', 'ces']),
    storeId: externalId,
    customerId: externalId,
    trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
    locale,
    messageId: z.string().min(1),
    sentAt: isoDateTime,
    expiresAt: isoDateTime,
  }),
);

export type SurveySentDetail = DetailOf<typeof SurveySent>;
