import { describe, expect, it } from 'vitest';
import {
  DeleteCommand,
  type DocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '#shared/adapters/aws/dynamodb.ts';
import { DynamoDbPurchaseLedger } from '#shared/adapters/dynamodb/purchase-ledger.ts';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import type { Purchase, Retention } from '#shared/ports/purchase-ledger.ts';
import { DAY, db, tableName, tablePerTest } from '../support/programs.ts';
import { unique } from '../support/runtime.ts';

/**
 * A customer's purchase ledger: one update per purchase, no read first. On DynamoDB Local and the table models,
 * each test in a table of its own.
 */
tablePerTest();

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const KEEP = 30 * DAY;
const retention: Retention = { keepMs: KEEP, keptAfter: new Date(NOW - KEEP).toISOString() };
const bought = (orderId: string, daysAgo: number): Purchase => ({
  orderId,
  occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
  storeId: 'store-berlin',
  total: 42.5,
  currency: 'EUR',
});
const ttlOf = (purchase: Purchase) => Math.floor((Date.parse(purchase.occurredAt) + KEEP) / 1000);
const itemOf = async (customerId: string) =>
  (await db.send(new GetCommand({ TableName: tableName, Key: keys.purchases(customerId), ConsistentRead: true }))).Item;

async function ordersOf(ledger: DynamoDbPurchaseLedger, customerId: string, keptAfter?: string) {
  const purchases = (await ledger.ofCustomers([customerId], keptAfter)).get(customerId) ?? [];
  return purchases.map((p) => p.orderId).sort();
}

describe('the purchase ledger', () => {
  it('records purchases that arrive at once, each once however often it is delivered', async () => {
    // Prepare: twelve purchases of one customer
    const ledger = new DynamoDbPurchaseLedger(db, tableName);
    const customerId = unique('cus');
    const purchases = Array.from({ length: 12 }, (_, n) => bought(`order-${String(n).padStart(2, '0')}`, n));

    // Act: each delivered twice, all at once; then the first again, changed (a store's redelivery is the same order)
    await Promise.all([...purchases, ...purchases].map((p) => ledger.record(customerId, p, retention)));
    await ledger.record(customerId, { ...bought('order-00', 0), total: 99 }, retention);

    // Assess: every order once, as first recorded; the TTL is the newest purchase's plus the retention
    expect(await ordersOf(ledger, customerId)).toEqual(purchases.map((p) => p.orderId).sort());
    const [first] =
      (await ledger.ofCustomers([customerId], undefined)).get(customerId)?.filter((p) => p.orderId === 'order-00') ??
      [];
    expect(first?.total).toBe(42.5);
    expect((await itemOf(customerId))?.ttl).toBe(ttlOf(purchases[0] as Purchase));
  });

  it('keeps the newest purchases within the retention, and its TTL at the newest when an older one comes last', async () => {
    // Prepare: a ledger of at most three purchases
    const ledger = new DynamoDbPurchaseLedger(db, tableName, { maxPurchases: 3 });
    const customerId = unique('cus');

    // Act: five purchases, newest first (the older ones arrive last), one past the retention, then one at once
    // with a fourth: the ledger trims past its size from any writer's view
    for (const [orderId, daysAgo] of [
      ['a', 1],
      ['b', 5],
      ['c', 40],
      ['d', 10],
      ['e', 20],
    ] as const)
      await ledger.record(customerId, bought(orderId, daysAgo), retention);
    const afterFive = await ordersOf(ledger, customerId);
    const ttlAfterFive = (await itemOf(customerId))?.ttl;
    await Promise.all([
      ledger.record(customerId, bought('f', 2), retention),
      ledger.record(customerId, bought('g', 3), retention),
    ]);

    // Assess: the newest three within the retention; the TTL is the newest's (a), not the last written's
    expect(afterFive).toEqual(['a', 'b', 'd']);
    expect(ttlAfterFive).toBe(ttlOf(bought('a', 1)));
    expect(await ordersOf(ledger, customerId)).toEqual(['a', 'f', 'g']);
    const item = await itemOf(customerId);
    expect(Object.keys(item ?? {}).filter((name) => name.startsWith('o#'))).toHaveLength(3);
  });

  it('keeps no TTL without a retention, and takes off the one a retention set before', async () => {
    const ledger = new DynamoDbPurchaseLedger(db, tableName);
    const customerId = unique('cus');
    await ledger.record(customerId, bought('a', 400), retention);
    const withRetention = await itemOf(customerId);
    await ledger.record(customerId, bought('b', 500), undefined);

    // The purchase past the old retention went when it was recorded; the next, kept forever, takes the TTL off
    expect(withRetention).toBeDefined();
    expect(Object.keys(withRetention ?? {}).filter((name) => name.startsWith('o#'))).toEqual([]);
    expect(await ordersOf(ledger, customerId)).toEqual(['b']);
    expect((await itemOf(customerId))?.ttl).toBeUndefined();
  });

  it('drops hundreds of purchases at once when a customer comes back after the retention', async () => {
    // Prepare: 600 purchases kept forever (no retention), 60 more in the earlier layout's map; a table that keeps
    // every update expression the ledger writes
    const expressions: string[] = [];
    const watched: DocumentClient = Object.assign(Object.create(db) as DocumentClient, {
      send: (command: Parameters<DocumentClient['send']>[0]) => {
        if (command instanceof UpdateCommand) expressions.push(String(command.input.UpdateExpression));
        return db.send(command as never);
      },
    });
    const ledger = new DynamoDbPurchaseLedger(watched, tableName);
    const customerId = unique('cus');
    const old = Array.from({ length: 600 }, (_, n) => bought(`old-${n}`, 100 + n));
    for (let from = 0; from < old.length; from += 25)
      await Promise.all(old.slice(from, from + 25).map((p) => ledger.record(customerId, p, undefined)));
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.purchases(customerId),
        UpdateExpression: 'SET orders = :orders',
        ExpressionAttributeValues: {
          ':orders': Object.fromEntries(
            Array.from({ length: 60 }, (_, n) => [`map-${n}`, `${bought('x', 200 + n).occurredAt}|store-berlin|1|EUR`]),
          ),
        },
      }),
    );
    const before = await ordersOf(ledger, customerId);
    expressions.length = 0;

    // Act: a purchase today under a 30-day retention: every earlier one is past it (more than one write can remove)
    await ledger.record(customerId, bought('today', 0), retention);

    // Assess: only today's purchase is left, in either layout, and the TTL is its own; each write's expression
    // within DynamoDB's 4 KB (DynamoDB Local does not hold it to that)
    expect(before).toHaveLength(660);
    expect(expressions.length).toBeGreaterThan(2);
    expect(Math.max(...expressions.map((expression) => Buffer.byteLength(expression)))).toBeLessThanOrEqual(4096);
    expect(await ordersOf(ledger, customerId)).toEqual(['today']);
    const item = await itemOf(customerId);
    expect(Object.keys(item ?? {}).filter((name) => name.startsWith('o#'))).toEqual(['o#today']);
    expect(item?.orders).toEqual({});
    expect(item?.ttl).toBe(ttlOf(bought('today', 0)));
  });

  it('reads and trims a ledger written before purchases were attributes of their own', async () => {
    // Prepare: the earlier layout, one map `orders` and a version, with a purchase that is delivered again later
    const ledger = new DynamoDbPurchaseLedger(db, tableName, { maxPurchases: 3 });
    const customerId = unique('cus');
    const entry = (p: Purchase) => `${p.occurredAt}|${p.storeId}|${p.total}|${p.currency}`;
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.purchases(customerId),
          type: 'PurchaseLedger',
          orders: { old1: entry(bought('old1', 8)), old2: entry(bought('old2', 9)), old3: entry(bought('old3', 50)) },
          version: 3,
        },
      }),
    );

    // Act: the old order delivered again, then two new purchases
    await ledger.record(customerId, bought('old1', 8), retention);
    const redelivered = await ordersOf(ledger, customerId, retention.keptAfter);
    await ledger.record(customerId, bought('new1', 1), retention);
    await ledger.record(customerId, bought('new2', 2), retention);

    // Assess: read from both layouts, each order once; trimmed in both (old3 past the retention, old2 past the size)
    expect(redelivered).toEqual(['old1', 'old2']);
    expect(await ordersOf(ledger, customerId)).toEqual(['new1', 'new2', 'old1']);
    expect(Object.keys((await itemOf(customerId))?.orders ?? {})).toEqual(['old1']);
  });

  it('does not bring back a ledger erased between its two writes', async () => {
    // Prepare: a ledger past its size, and a table that erases it the moment a purchase's update has returned
    const customerId = unique('cus');
    const plain = new DynamoDbPurchaseLedger(db, tableName, { maxPurchases: 1 });
    await plain.record(customerId, bought('a', 1), retention);
    let erased = false;
    const erasing: DocumentClient = Object.assign(Object.create(db) as DocumentClient, {
      send: async (command: Parameters<DocumentClient['send']>[0]) => {
        const answer = await db.send(command as never);
        if (command instanceof UpdateCommand && !erased) {
          erased = true;
          await db.send(new DeleteCommand({ TableName: tableName, Key: keys.purchases(customerId) }));
        }
        return answer;
      },
    });
    const ledger = new DynamoDbPurchaseLedger(erasing, tableName, { maxPurchases: 1 });

    // Act: a purchase that trims the older one, and whose TTL would be raised: both after the erasure
    await ledger.record(customerId, bought('b', 2), retention);

    // Assess: the trim found no ledger and wrote none
    expect(erased).toBe(true);
    expect(await itemOf(customerId)).toBeUndefined();
  });
});
