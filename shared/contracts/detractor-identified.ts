import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, externalId, isoDateTime, personName, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { answerOf, knownCustomer } from './loop-fields.ts';

/**
 * Put by closeloop once per survey whose answer made the customer a detractor (NPS 0–6, CSAT 1–2, CES 1–3),
 * when its follow-up case opens; a later change of the same answer notes the case and puts nothing. Consumers
 * key on `surveyId`. `summary` is the alert as plain text; `chatText` the same in Slack's message format, every
 * written part escaped so it can carry no mention or link but the case's (what the chat webhook posts); `caseUrl`
 * opens the case to acknowledge or resolve it (a signed link: treat it as a credential).
 */
export const DetractorIdentified = defineContract(DETAIL_TYPES.detractorIdentified, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    surveyId: z.string().check(z.minLength(1)),
    caseId: z.string().check(z.minLength(1)),
    program: z.string().check(z.minLength(1)),
    storeId: externalId,
    customer: knownCustomer(),
    trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
    agent: z.optional(z.object({ id: externalId, name: z.optional(personName) })),
    ...answerOf(),
    dueAt: isoDateTime,
    summary: z.string().check(z.maxLength(4000)),
    chatText: z.string().check(z.maxLength(4000)),
    caseUrl: z.url(),
  }),
);

export type DetractorIdentifiedDetail = DetailOf<typeof DetractorIdentified>;
