import type { CloseloopConfig } from '../config/schema.ts';
import type { PurchaseCompletedDetail } from '../contracts/purchase-completed.ts';
import type { Clock } from '../ports/clock.ts';
import type { PurchaseLedger } from '../ports/purchase-ledger.ts';

/**
 * A purchase into the customer's ledger, for the loyalty report: whatever its `survey` flag, once however often it
 * is delivered, and kept as long as surveys are (`retention.surveys`).
 */
export async function recordPurchase(
  deps: { purchases: PurchaseLedger; clock: Clock; config: Pick<CloseloopConfig, 'retention'> },
  purchase: PurchaseCompletedDetail,
): Promise<void> {
  const keepMs = deps.config.retention.surveys;
  const retention =
    keepMs === false ? undefined : { keepMs, keptAfter: new Date(deps.clock.now().getTime() - keepMs).toISOString() };
  await deps.purchases.record(
    purchase.customer.id,
    {
      orderId: purchase.orderId,
      storeId: purchase.storeId,
      occurredAt: purchase.occurredAt,
      total: purchase.total,
      currency: purchase.currency,
    },
    retention,
  );
}
