import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import type { SourcesConfig } from '../../config/schema.ts';
import { InvalidInput } from '../../domain/errors.ts';
import { DETAIL_TYPES } from '../detail-types.ts';
import { formatIssues } from '../issues.ts';
import { OrderRefunded } from '../order-refunded.ts';
import { PurchaseCompleted } from '../purchase-completed.ts';
import { builtOnFirstUse } from '../zod-mini.ts';
import { fullName, lowerCaseKeys, type Mapped } from './mapping.ts';

/** The `detail-type` of every event Shopify delivers to an Amazon EventBridge partner event source. */
export const SHOPIFY_DETAIL_TYPE = DETAIL_TYPES.shopifyWebhook;

/** The detail Shopify puts on the partner bus: the webhook's headers and its JSON body. */
export const shopifyDetail = builtOnFirstUse(() =>
  z.object({
    metadata: z.record(z.string(), z.unknown()),
    payload: z.record(z.string(), z.unknown()),
  }),
);

/**
 * Shopify's ids are 64-bit integers in JSON numbers; above 2^53 JavaScript rounds them, but the same id always
 * rounds the same way, so an order and its refund still meet. Where the GraphQL id (`gid://shopify/Customer/…`) is
 * there, it gives the exact digits.
 */
const id = () =>
  z.pipe(z.union([z.number().check(z.nonnegative()), z.string().check(z.regex(/^[0-9]{1,20}$/))]), z.transform(String));
const exactId = (gid: unknown) => (typeof gid === 'string' ? /\/([0-9]{1,20})$/.exec(gid)?.[1] : undefined);
const time = () => z.iso.datetime({ offset: true });

/** The order and the refund as closeloop reads them: built on the first webhook of each. */
const order = builtOnFirstUse(() =>
  z.object({
    id: id(),
    email: z.nullish(z.string()),
    contact_email: z.nullish(z.string()),
    total_price: z.string().check(z.regex(/^[0-9]+(\.[0-9]+)?$/, 'a decimal amount such as "42.50"')),
    currency: z.string(),
    customer_locale: z.nullish(z.string()),
    customer: z.nullish(
      z.object({
        id: z.nullish(id()),
        admin_graphql_api_id: z.optional(z.unknown()),
        email: z.nullish(z.string()),
        first_name: z.optional(z.unknown()),
        last_name: z.optional(z.unknown()),
      }),
    ),
    billing_address: z.nullish(z.object({ first_name: z.optional(z.unknown()), last_name: z.optional(z.unknown()) })),
    line_items: z._default(z.array(z.record(z.string(), z.unknown())), []),
    fulfillments: z._default(z.array(z.object({ created_at: z.nullish(time()) })), []),
    processed_at: z.nullish(time()),
    created_at: z.nullish(time()),
    updated_at: z.nullish(time()),
    cancelled_at: z.nullish(time()),
  }),
);

/** A cancelled order: only its id and when it was cancelled are read. */
const cancelledOrder = builtOnFirstUse(() => z.pick(order(), { id: true, cancelled_at: true, updated_at: true }));

const refund = builtOnFirstUse(() =>
  z.object({ order_id: id(), created_at: z.nullish(time()), processed_at: z.nullish(time()) }),
);

function read<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInput(`Shopify ${what} not readable`, formatIssues(result.error, 'payload'));
  return result.data;
}

/** A guest checkout has no customer id: the address stands for one (hashed, so the id holds no address). */
const guestId = (email: string) =>
  `shopify-guest-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 24)}`;

function purchase(payload: unknown, storeId: string, topic: string): Record<string, unknown> {
  const o = read(order(), payload, 'order');
  const email = o.email || o.contact_email || o.customer?.email;
  if (!email) throw new InvalidInput('The Shopify order has no email: nobody to survey');
  const fulfilledAt = o.fulfillments
    .map((f) => f.created_at)
    .filter((at): at is string => typeof at === 'string')
    .sort()
    .pop();
  const occurredAt =
    topic === 'orders/fulfilled'
      ? (fulfilledAt ?? o.updated_at ?? o.processed_at ?? o.created_at)
      : (o.processed_at ?? o.created_at);
  if (!occurredAt) throw new InvalidInput('The Shopify order carries no time (processed_at, created_at)');
  return {
    orderId: o.id,
    storeId,
    customer: {
      id: exactId(o.customer?.admin_graphql_api_id) ?? o.customer?.id ?? guestId(email),
      email,
      name:
        fullName(o.customer?.first_name, o.customer?.last_name) ??
        fullName(o.billing_address?.first_name, o.billing_address?.last_name),
      locale: o.customer_locale ?? undefined,
    },
    total: Number(o.total_price),
    currency: o.currency,
    // Read leniently by the contract: a line without a usable sku or quantity is dropped, not the order.
    items: o.line_items.map((line) => ({
      sku: typeof line.sku === 'string' && line.sku !== '' ? line.sku : `variant-${String(line.variant_id ?? line.id)}`,
      name: line.title ?? line.name,
      quantity: line.quantity,
      unitPrice: typeof line.price === 'string' ? Number(line.price) : undefined,
    })),
    occurredAt,
  };
}

/**
 * One Shopify webhook (as the partner event source delivers it) → closeloop's contract: the configured purchase
 * topic → `Purchase Completed`; `refunds/create` and `orders/cancelled` → `Order Refunded`; other topics are
 * ignored. Throws InvalidInput, with the reason, for a delivery it cannot map (an unmapped shop, no email…).
 */
export function mapShopify(detail: unknown, shopify: NonNullable<SourcesConfig['shopify']>): Mapped {
  const { metadata, payload } = read(shopifyDetail(), detail, 'event');
  const headers = lowerCaseKeys(metadata);
  const topic = headers['x-shopify-topic'] ?? '';
  const shop = (headers['x-shopify-shop-domain'] ?? '').toLowerCase();
  const storeId = shopify.shops[shop];
  if (storeId === undefined)
    throw new InvalidInput(`Shop "${shop.slice(0, 100)}" is not mapped to a store (sources.shopify.shops)`);

  if (topic === shopify.purchaseTopic) {
    const detail = purchase(payload, storeId, topic);
    return { kind: 'event', detailType: PurchaseCompleted.detailType, detail, what: `order ${detail.orderId}` };
  }
  if (topic === 'refunds/create') {
    const r = read(refund(), payload, 'refund');
    const refundedAt = r.created_at ?? r.processed_at;
    if (!refundedAt) throw new InvalidInput('The Shopify refund carries no time (created_at)');
    return {
      kind: 'event',
      detailType: OrderRefunded.detailType,
      detail: { orderId: r.order_id, storeId, refundedAt },
      what: `refund of order ${r.order_id}`,
    };
  }
  if (topic === 'orders/cancelled') {
    const o = read(cancelledOrder(), payload, 'order');
    const refundedAt = o.cancelled_at ?? o.updated_at;
    if (!refundedAt) throw new InvalidInput('The cancelled Shopify order carries no time (cancelled_at)');
    return {
      kind: 'event',
      detailType: OrderRefunded.detailType,
      detail: { orderId: o.id, storeId, refundedAt },
      what: `cancellation of order ${o.id}`,
    };
  }
  return { kind: 'ignored', reason: `topic ${topic.slice(0, 100) || '(none)'} is not one closeloop reads` };
}
