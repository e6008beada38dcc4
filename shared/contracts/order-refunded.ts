import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, externalId, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';

/** Put by a business's store when an order is refunded: its survey, if not sent yet, is cancelled. */
export const OrderRefunded = defineContract(DETAIL_TYPES.orderRefunded, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    orderId: externalId,
    storeId: externalId,
    refundedAt: isoDateTime,
  }),
);

export type OrderRefundedDetail = DetailOf<typeof OrderRefunded>;
