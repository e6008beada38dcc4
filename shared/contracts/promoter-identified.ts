import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, externalId, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { answerOf, knownCustomer } from './loop-fields.ts';

/**
 * Put by closeloop once per survey whose answer made the customer a promoter (NPS 9–10, CSAT 5), for a loyalty
 * system to grant points: who (customer id and email), for what (store, order or ticket), and the key to grant
 * once by (`surveyId`). `thankYouSent` is false when the customer had an open case (no thank-you on top of the
 * apology) or the store sends none.
 */
export const PromoterIdentified = defineContract(DETAIL_TYPES.promoterIdentified, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    surveyId: z.string().check(z.minLength(1)),
    program: z.string().check(z.minLength(1)),
    storeId: externalId,
    customer: knownCustomer(),
    trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
    agentId: z.optional(externalId),
    ...answerOf(),
    referralUrl: z.optional(z.url()),
    thankYouSent: z.boolean(),
  }),
);

export type PromoterIdentifiedDetail = DetailOf<typeof PromoterIdentified>;
