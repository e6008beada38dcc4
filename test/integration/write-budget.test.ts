import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapacityMeter } from '#local/capacity-meter.ts';
import { startFaultProxy } from '#local/fault-proxy.ts';
import type { DocumentClient } from '#shared/adapters/aws/dynamodb.ts';
import { DynamoDbSendRateLimiter } from '#shared/adapters/dynamodb/send-rate-limiter.ts';
import { parseConfig } from '#shared/config/load.ts';
import type { CloseloopConfig } from '#shared/config/schema.ts';
import { schedulePurchaseSurveys } from '#shared/use-cases/schedule-survey.ts';
import { at, DAY, db, memory, pipeline, purchase, store, tableName, tablePerTest } from '../support/programs.ts';
import { closeloopDocumentClient, localClients, unique } from '../support/runtime.ts';

/**
 * What the send path writes, counted as DynamoDB bills it: the use cases on DynamoDB Local behind a metering proxy
 * (the one the runtime puts in front of every function), each request's units split by the table and each index.
 * Counts of requests and units are deterministic; a change here is a change in what every survey costs.
 */
tablePerTest();

const meter = new CapacityMeter();
let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
let metered: DocumentClient;

// On the load model (see programs.ts) the model bills its own writes: the same figures prove its capacity model.
beforeAll(async () => {
  if (memory) {
    metered = db;
    return;
  }
  proxy = await startFaultProxy('dynamodb', localClients().urls.dynamodb, meter);
  metered = closeloopDocumentClient(proxy.url);
});
afterAll(() => proxy?.stop());

const startMetering = () => {
  if (memory) memory.billed = [];
  else meter.start();
};

/** The requests that wrote, in order, each with its units by table and index. */
const writes = () =>
  memory
    ? (memory.billed ?? [])
    : meter.snapshot().requests.filter((request) => !['GetItem', 'Query', 'BatchGetItem'].includes(request.operation));
const writeUnits = () => writes().reduce((sum, w) => sum + Object.values(w.units).reduce((a, b) => a + b, 0), 0);

/** A pipeline on the metered client, its sender taking SES rate slots from the table as deployed senders do. */
function meteredPipeline(config?: CloseloopConfig) {
  const p = pipeline(config, metered);
  p.send.rateLimiter = new DynamoDbSendRateLimiter(metered, tableName, 100, p.clock);
  return p;
}

describe('the send path', () => {
  it('writes four times for a survey due at once, each write for its guarantee', async () => {
    const p = meteredPipeline(
      parseConfig(
        {
          stores: { '*': store },
          programs: { 'purchase-nps': { trigger: 'Purchase Completed', survey: 'nps', delay: '0s' } },
        },
        'test',
      ),
    );
    startMetering();
    expect(await schedulePurchaseSurveys(p.schedule, purchase(unique('cus')))).toEqual({ 'purchase-nps': 'queued' });
    expect(await p.drain()).toEqual(['survey:sent']);
    expect(writes()).toEqual([
      // Created once however often the purchase is delivered (a conditional put), already queued (never in the due
      // index), listed for the customer's erasure (gsi4: keys only, so no later change of the survey writes it again).
      { operation: 'PutItem', units: { table: 1, gsi4: 1 } },
      // The send lease and the one decision with the fatigue rules and the daily cap (the customer's contact
      // ledger), with the store's day row counting it sent, in one transaction: two deliveries of the request, one
      // email, one contact and one count; the day's first count lists the row for the reports across stores (gsi6:
      // keys only).
      { operation: 'TransactWriteItems', units: { table: 6, gsi6: 2 } },
      // A slot in the SES send rate: the account's rate holds across every sender, and is countable afterwards.
      { operation: 'UpdateItem', units: { table: 1 } },
      // SES's acceptance, the reminder's due time (gsi2) and the store's listing of sent surveys (gsi5: keys only, so
      // the delivery report and the answer do not write it again), in one plain write.
      { operation: 'UpdateItem', units: { table: 1, gsi2: 1, gsi5: 1 } },
    ]);
    // `Survey Sent` costs no write.
    expect(writeUnits()).toBe(14);

    // The day's next survey counts on the same row: the listing, keys only, is not written again.
    startMetering();
    expect(await schedulePurchaseSurveys(p.schedule, purchase(unique('cus')))).toEqual({ 'purchase-nps': 'queued' });
    expect(await p.drain()).toEqual(['survey:sent']);
    expect(writes()[1]).toEqual({ operation: 'TransactWriteItems', units: { table: 6 } });
    expect(writeUnits()).toBe(12);
  });

  it('writes once more for a survey that waits: the sweep takes it off the due index', async () => {
    const p = meteredPipeline();
    startMetering();
    await schedulePurchaseSurveys(p.schedule, purchase(unique('cus')));
    expect(await p.sweepAt(at(7 * DAY))).toEqual(['survey:sent']);
    expect(writes().map((request) => [request.operation, request.units])).toEqual([
      ['PutItem', { table: 1, gsi2: 1, gsi4: 1 }],
      // Queued by the sweep: off the due index, so the next sweep does not queue it again.
      ['UpdateItem', { table: 1, gsi2: 1 }],
      // The decision takes the lease, and the due entry (already gone) costs the keys-only index nothing.
      ['TransactWriteItems', { table: 6, gsi6: 2 }],
      ['UpdateItem', { table: 1 }],
      ['UpdateItem', { table: 1, gsi2: 1, gsi5: 1 }],
    ]);
  });
});
