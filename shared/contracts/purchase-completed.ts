import * as z from 'zod/mini';
import { type DetailOf, defineContract, externalId, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { customer, lenient, lenientList } from './inbound-fields.ts';
import { described } from './zod-mini.ts';

/** One line of the order: only sku and quantity are needed; a bad name or price is dropped, not the line. */
const item = () =>
  z.object({
    sku: externalId,
    name: lenient(
      'items[].name',
      z.string().check(z.minLength(1), z.maxLength(300), z.regex(/\S/, 'must have a visible character'), z.trim()),
      'The product name, 1 to 300 characters.',
    ),
    quantity: z.int().check(z.positive(), z.maximum(1_000_000)),
    unitPrice: lenient(
      'items[].unitPrice',
      z.number().check(z.nonnegative()),
      'The price of one unit, in the order currency.',
    ),
  });

/** Put by a business's store when an order is paid: the classic trigger of an NPS survey. */
export const PurchaseCompleted = defineContract(DETAIL_TYPES.purchaseCompleted, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    orderId: externalId,
    storeId: externalId,
    customer: customer(),
    total: z.number().check(z.nonnegative()),
    currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')),
    items: lenientList('items', item(), 500, 'The lines of the order: sku and a positive whole quantity.'),
    occurredAt: isoDateTime,
    survey: described(z._default(z.boolean(), true), 'false opts this event out of every survey program.'),
  }),
);

export type PurchaseCompletedDetail = DetailOf<typeof PurchaseCompleted>;
