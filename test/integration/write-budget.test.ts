import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapacityMeter } from '#local/capacity-meter.ts';
import { startFaultProxy } from '#local/fault-proxy.ts';
import { schedulePurchaseSurveys } from '#shared/use-cases/schedule-survey.ts';
import { at, DAY, pipeline, purchase, tablePerTest } from '../support/programs.ts';
import { credentials, localClients, region, unique } from '../support/runtime.ts';

/**
 * What the send path writes, counted as DynamoDB bills it: the use cases on DynamoDB Local behind a metering proxy
 * (the one the runtime puts in front of every function), each request's units split by the table and each index.
 * Counts of requests and units are deterministic; a change here is a change in what every survey costs.
 */
tablePerTest();

const meter = new CapacityMeter();
let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
let metered: DynamoDBDocumentClient;

beforeAll(async () => {
  proxy = await startFaultProxy('dynamodb', localClients().urls.dynamodb, meter);
  metered = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: proxy.url, region, credentials }), {
    marshallOptions: { removeUndefinedValues: true },
  });
});
afterAll(() => proxy.stop());

/** The requests that wrote, in order, each with its units by table and index. */
const writes = () =>
  meter.snapshot().requests.filter((request) => !['GetItem', 'Query', 'BatchGetItem'].includes(request.operation));

describe('the send path', () => {
  it('writes five times for a survey due in a week, each write for its guarantee', async () => {
    const p = pipeline(undefined, metered);
    meter.start();
    await schedulePurchaseSurveys(p.schedule, purchase(unique('cus')));
    expect(await p.sweepAt(at(7 * DAY))).toEqual(['survey:sent']);
    expect(writes()).toEqual([
      // Created once however often the purchase is delivered (a conditional put), listed for the customer's
      // erasure (gsi1) and waiting for its time in the due index (gsi2: keys only).
      { operation: 'PutItem', units: { table: 1, gsi1: 1, gsi2: 1 } },
      // Queued by the sweep: off the due index, so the next sweep does not queue it again.
      { operation: 'UpdateItem', units: { table: 1, gsi1: 1, gsi2: 1 } },
      // The send lease: two deliveries of the request, one email.
      { operation: 'UpdateItem', units: { table: 1, gsi1: 1 } },
      // The decision with the fatigue rules and the daily cap (the customer's contact ledger), in one transaction.
      { operation: 'TransactWriteItems', units: { table: 4, gsi1: 2 } },
      // SES's acceptance, the reminder's due time (gsi2) and the store's listing of sent surveys (gsi3), with the
      // store's day row counting it sent (gsi3 too: reports list day rows per store), in one transaction.
      { operation: 'TransactWriteItems', units: { table: 4, gsi1: 2, gsi2: 2, gsi3: 4 } },
    ]);
    // The due index holds keys only: the lease and the decision leave it alone. `Survey Sent` costs no write.
    expect(meter.snapshot().byTarget.gsi2?.writeUnits).toBe(4);
    expect(meter.snapshot().total.writeUnits).toBe(26);
  });
});
