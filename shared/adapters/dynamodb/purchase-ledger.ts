import type { Purchase, PurchaseLedger, Retention } from '../../ports/purchase-ledger.ts';
import {
  BatchGetCommand,
  ConditionalCheckFailedException,
  type DocumentClient,
  GetCommand,
  PutCommand,
} from '../aws/dynamodb.ts';
import { keys } from './table-design.ts';

/** At most this many purchases per customer (the newest): the item stays far under DynamoDB's 400 KB. */
export const MAX_LEDGER_PURCHASES = 2000;
const ATTEMPTS = 5;
const BATCH = 100;

const encode = (p: Purchase) => `${p.occurredAt}|${p.storeId}|${p.total}|${p.currency}`;
function decode(orderId: string, entry: string): Purchase | undefined {
  const [occurredAt, storeId, total, currency] = entry.split('|');
  if (!occurredAt || !storeId || !currency || total === undefined) return undefined;
  return { orderId, occurredAt, storeId, total: Number(total), currency };
}

/**
 * One item per customer (`CUSTOMER#{id}` / `PURCHASES`): `orders`, order id → "occurredAt|storeId|total|currency",
 * written by read, change and conditional put, so that two purchases at once both land and a redelivered one lands
 * once. Writing drops what is past the retention; the item's TTL is its newest purchase plus the retention.
 */
export class DynamoDbPurchaseLedger implements PurchaseLedger {
  private readonly db: DocumentClient;
  private readonly tableName: string;

  constructor(db: DocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async record(customerId: string, purchase: Purchase, retention: Retention | undefined): Promise<void> {
    const key = keys.purchases(customerId);
    for (let attempt = 1; ; attempt++) {
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      const orders = { ...((Item?.orders as Record<string, string> | undefined) ?? {}) };
      if (orders[purchase.orderId] !== undefined) return;
      orders[purchase.orderId] = encode(purchase);
      const kept = Object.entries(orders)
        .filter(([, entry]) => retention === undefined || (entry.split('|')[0] ?? '') > retention.keptAfter)
        .sort(([, a], [, b]) => b.localeCompare(a))
        .slice(0, MAX_LEDGER_PURCHASES);
      const newest = kept[0]?.[1].split('|')[0] ?? purchase.occurredAt;
      const version = typeof Item?.version === 'number' ? Item.version : 0;
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...key,
              type: 'PurchaseLedger',
              orders: Object.fromEntries(kept),
              version: version + 1,
              ...(retention === undefined ? {} : { ttl: Math.floor((Date.parse(newest) + retention.keepMs) / 1000) }),
            },
            ConditionExpression: Item === undefined ? 'attribute_not_exists(pk)' : 'version = :version',
            ExpressionAttributeValues: Item === undefined ? undefined : { ':version': version },
          }),
        );
        return;
      } catch (error) {
        // Another purchase of the customer landed between the read and the write: read again.
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  async ofCustomers(customerIds: readonly string[], keptAfter: string | undefined): Promise<Map<string, Purchase[]>> {
    const found = new Map<string, Purchase[]>();
    const unique = [...new Set(customerIds)];
    const byKey = new Map(unique.map((id) => [keys.purchases(id).pk, id]));
    for (let start = 0; start < unique.length; start += BATCH) {
      let request: Record<string, { Keys: Record<string, string>[]; ProjectionExpression?: string }> | undefined = {
        [this.tableName]: { Keys: unique.slice(start, start + BATCH).map((id) => keys.purchases(id)) },
      };
      while (request !== undefined && Object.keys(request).length > 0) {
        const page = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of page.Responses?.[this.tableName] ?? []) {
          const customerId = byKey.get(String(item.pk));
          if (customerId === undefined) continue;
          const purchases = Object.entries((item.orders as Record<string, string> | undefined) ?? {})
            .map(([orderId, entry]) => decode(orderId, entry))
            .filter((p): p is Purchase => p !== undefined && (keptAfter === undefined || p.occurredAt > keptAfter));
          found.set(customerId, purchases);
        }
        request = page.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }
}
