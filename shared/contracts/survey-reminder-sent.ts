import * as z from 'zod';
import { type DetailOf, defineContract, externalId, isoDateTime, locale, schemaVersion } from './contract.ts';

/** Put by closeloop once per reminder email SES accepted (at most one per survey). */
export const SurveyReminderSent = defineContract(
  'Survey Reminder Sent',
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
  }),
);

export type SurveyReminderSentDetail = DetailOf<typeof SurveyReminderSent>;
