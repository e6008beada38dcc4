import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, isoDateTime, locale, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { surveyRef } from './event-refs.ts';

/** Put by closeloop once per reminder email SES accepted (at most one per survey). */
export const SurveyReminderSent = defineContract(DETAIL_TYPES.surveyReminderSent, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    ...surveyRef(),
    locale,
    messageId: z.string().check(z.minLength(1)),
    sentAt: isoDateTime,
  }),
);

export type SurveyReminderSentDetail = DetailOf<typeof SurveyReminderSent>;
