import type { Purchase } from '../domain/loyalty.ts';

export type { Purchase } from '../domain/loyalty.ts';

/** What the retention keeps: purchases made after `keptAfter`, each kept `keepMs` after it was made. */
export interface Retention {
  keptAfter: string;
  keepMs: number;
}

/**
 * Every customer's purchases, from the `Purchase Completed` events closeloop receives: what the loyalty report
 * reads. Kept no longer than `retention.surveys` (older purchases are dropped when the next one is recorded, and
 * never read), erased with the customer.
 */
export interface PurchaseLedger {
  /** Records a purchase once, however often its event is delivered; purchases made before `keptAfter` go. */
  record(customerId: string, purchase: Purchase, retention: Retention | undefined): Promise<void>;
  /** The purchases of these customers, by customer id (made before `keptAfter` left out). */
  ofCustomers(customerIds: readonly string[], keptAfter: string | undefined): Promise<Map<string, Purchase[]>>;
}
