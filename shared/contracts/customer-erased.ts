import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, externalId, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';

/** Put by closeloop once it has erased a customer: what it held is gone or anonymized. */
export const CustomerErased = defineContract(DETAIL_TYPES.customerErased, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    customerId: externalId,
    /** Surveys erased by this request (a repeated request erases none). */
    surveys: z.int().check(z.minimum(0)),
    erasedAt: isoDateTime,
  }),
);

export type CustomerErasedDetail = DetailOf<typeof CustomerErased>;
