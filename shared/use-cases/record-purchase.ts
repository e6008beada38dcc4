import type { CloseloopConfig } from '../config/schema.ts';
import type { PurchaseCompletedDetail } from '../contracts/purchase-completed.ts';
import type { Clock } from '../ports/clock.ts';
import type { PurchaseLedger } from '../ports/purchase-ledger.ts';
import { type ScheduleOutcome, type ScheduleSurveyDeps, schedulePurchaseSurveys } from './schedule-survey.ts';

type RecordPurchaseDeps = { purchases: PurchaseLedger; clock: Clock; config: Pick<CloseloopConfig, 'retention'> };

/**
 * A purchase into the customer's ledger, for the loyalty report: whatever its `survey` flag, once however often it
 * is delivered, and kept as long as surveys are (`retention.surveys`).
 */
export async function recordPurchase(deps: RecordPurchaseDeps, purchase: PurchaseCompletedDetail): Promise<void> {
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

/**
 * A completed purchase: its surveys scheduled and the purchase into the ledger, at once — two items written apart,
 * each idempotent, so the event's time in the scheduler is one round of writes, not two. Both finish before it
 * returns; then the scheduling's failure (its reason is what a dead letter should say) or else the ledger's is
 * thrown, and the event is delivered again: what landed lands again as nothing.
 */
export async function purchaseCompleted(
  deps: ScheduleSurveyDeps & RecordPurchaseDeps,
  purchase: PurchaseCompletedDetail,
): Promise<Record<string, ScheduleOutcome>> {
  const [scheduled, recorded] = await Promise.allSettled([
    schedulePurchaseSurveys(deps, purchase),
    recordPurchase(deps, purchase),
  ]);
  if (scheduled.status === 'rejected') throw scheduled.reason;
  if (recorded.status === 'rejected') throw recorded.reason;
  return scheduled.value;
}
