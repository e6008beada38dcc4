import * as z from 'zod';
import { customer, type DetailOf, defineContract, externalId, isoDateTime, schemaVersion } from './contract.ts';

/** Put by a business's store when an order is paid: the classic trigger of an NPS survey. */
export const PurchaseCompleted = defineContract(
  'Purchase Completed',
  1,
  z.object({
    schemaVersion: schemaVersion(1),
    orderId: externalId,
    storeId: externalId,
    customer,
    total: z.number().nonnegative().finite(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
    items: z
      .array(
        z.object({
          sku: externalId,
          name: z.string().trim().min(1).max(300).optional(),
          quantity: z.number().int().positive(),
          unitPrice: z.number().nonnegative().finite().optional(),
        }),
      )
      .max(500)
      .default([]),
    occurredAt: isoDateTime,
    survey: z.boolean().default(true).describe('false opts this event out of every survey program.'),
  }),
);

export type PurchaseCompletedDetail = DetailOf<typeof PurchaseCompleted>;
