import { describe, expect, it } from 'vitest';
import { DynamoDbPurchaseLedger } from '#shared/adapters/dynamodb/purchase-ledger.ts';
import { surveyIdFor } from '#shared/domain/survey.ts';
import { purchaseCompleted } from '#shared/use-cases/record-purchase.ts';
import { db, pipeline, purchase, tableName, tablePerTest } from '../support/programs.ts';
import { unique } from '../support/runtime.ts';

/**
 * A Purchase Completed makes two writes that do not wait for each other: the purchase's surveys and the customer's
 * purchase ledger. On DynamoDB Local and the table models, each test in a table of its own.
 */
tablePerTest();

describe('a completed purchase: its surveys and the ledger', () => {
  it('schedules the survey and records the purchase at once; a failed write fails the event, whose redelivery lands both once', async () => {
    // Prepare: a ledger whose write waits to be let go and then fails; a survey store whose creation waits
    const p = pipeline();
    const ledger = new DynamoDbPurchaseLedger(db, tableName);
    const ledgerGate = gate();
    const stalledLedger = {
      record: async () => {
        await ledgerGate.opened;
        throw new Error('the ledger is unreachable');
      },
      ofCustomers: ledger.ofCustomers.bind(ledger),
    };
    const surveysGate = gate();
    const stalledSurveys = Object.assign(Object.create(p.surveys) as typeof p.surveys, {
      createIfAbsent: async (...args: Parameters<typeof p.surveys.createIfAbsent>) => {
        await surveysGate.opened;
        return p.surveys.createIfAbsent(...args);
      },
    });
    const failing = purchase(unique('cus'));
    const surveyId = surveyIdFor('purchase-nps', failing.storeId, { type: 'order', id: failing.orderId });
    const other = purchase(unique('cus'));
    const ordersOf = async (detail: typeof other) =>
      ((await ledger.ofCustomers([detail.customer.id], undefined)).get(detail.customer.id) ?? []).map((o) => o.orderId);

    // Act: each event with one of its two writes held; then the failed one delivered again
    const first = purchaseCompleted({ ...p.schedule, purchases: stalledLedger }, failing);
    first.catch(() => undefined);
    const surveyWhileLedgerHeld = await eventuallyTrue(async () => (await p.surveys.get(surveyId)) !== undefined);
    const second = purchaseCompleted({ ...p.schedule, surveys: stalledSurveys, purchases: ledger }, other);
    const purchaseWhileSurveyHeld = await eventuallyTrue(async () => (await ordersOf(other)).length === 1);
    ledgerGate.open();
    surveysGate.open();
    await expect(first).rejects.toThrow('the ledger is unreachable');
    expect(await second).toEqual({ 'purchase-nps': 'scheduled' });
    const again = await purchaseCompleted({ ...p.schedule, purchases: ledger }, failing);

    // A scheduling that fails at once still waits for the ledger's write before the event fails.
    const ledgerHeldAgain = gate();
    let settled = false;
    const third = purchaseCompleted(
      {
        ...p.schedule,
        surveys: Object.assign(Object.create(p.surveys) as typeof p.surveys, {
          createIfAbsent: async () => {
            throw new Error('the table is unreachable');
          },
        }),
        purchases: { ...stalledLedger, record: () => ledgerHeldAgain.opened },
      },
      purchase(unique('cus')),
    ).finally(() => {
      settled = true;
    });
    third.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const settledBeforeLedger = settled;
    ledgerHeldAgain.open();
    await expect(third).rejects.toThrow('the table is unreachable');

    // Assess: neither write waited for the other; the event failed once both had finished; the redelivery found
    // the survey it made (its id is the trigger's) and recorded the purchase, once
    expect(surveyWhileLedgerHeld).toBe(true);
    expect(purchaseWhileSurveyHeld).toBe(true);
    expect(settledBeforeLedger).toBe(false);
    expect(again).toEqual({ 'purchase-nps': 'scheduled' });
    expect(await ordersOf(failing)).toEqual([failing.orderId]);
  });
});

/** A promise kept waiting until `open()`. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Polls `check` until it holds (true) or two seconds pass (false). */
async function eventuallyTrue(check: () => Promise<boolean>): Promise<boolean> {
  for (const deadline = Date.now() + 2000; Date.now() < deadline; ) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}
