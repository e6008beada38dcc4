import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, externalId, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';

/**
 * Put by the business when a customer asks to be forgotten (GDPR art. 17): closeloop removes or anonymizes
 * everything it holds about the customer; the aggregate counts stay as they were.
 */
export const CustomerErasureRequested = defineContract(DETAIL_TYPES.customerErasureRequested, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    customerId: externalId,
    requestedAt: isoDateTime,
  }),
);

export type CustomerErasureRequestedDetail = DetailOf<typeof CustomerErasureRequested>;
