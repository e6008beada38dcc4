import type { Purchase, PurchaseLedger, Retention } from '../../ports/purchase-ledger.ts';
import {
  BatchGetCommand,
  ConditionalCheckFailedException,
  type DocumentClient,
  UpdateCommand,
} from '../aws/dynamodb.ts';
import { keys } from './table-design.ts';

/** At most this many purchases per customer (the newest): the item stays far under DynamoDB's 400 KB. */
export const MAX_LEDGER_PURCHASES = 2000;
const BATCH = 100;
/** Orders removed in one write: an update expression holds at most 4 KB. */
const REMOVALS_PER_WRITE = 100;
/** Each purchase is an attribute of its own, `o#{orderId}`; before, all sat in one map, `orders`, still read. */
const ORDER = 'o#';
const LEGACY = 'orders';

const encode = (p: Purchase) => `${p.occurredAt}|${p.storeId}|${p.total}|${p.currency}`;
function decode(orderId: string, entry: string): Purchase | undefined {
  const [occurredAt, storeId, total, currency] = entry.split('|');
  if (!occurredAt || !storeId || !currency || total === undefined) return undefined;
  return { orderId, occurredAt, storeId, total: Number(total), currency };
}

/** Where each order of the item is held (`o#…`, or the map of items written before) and its entry. */
interface Held {
  orderId: string;
  entry: string;
  paths: { name: string; inLegacyMap: boolean }[];
}

function heldOrders(item: Record<string, unknown>): Held[] {
  const byOrder = new Map<string, Held>();
  const hold = (orderId: string, entry: unknown, name: string, inLegacyMap: boolean) => {
    if (typeof entry !== 'string') return;
    const held = byOrder.get(orderId) ?? { orderId, entry, paths: [] };
    held.paths.push({ name, inLegacyMap });
    byOrder.set(orderId, held);
  };
  for (const [orderId, entry] of Object.entries((item[LEGACY] as Record<string, unknown> | undefined) ?? {}))
    hold(orderId, entry, orderId, true);
  for (const [name, entry] of Object.entries(item))
    if (name.startsWith(ORDER)) hold(name.slice(ORDER.length), entry, name, false);
  return [...byOrder.values()];
}

const occurredAtOf = (held: Held) => held.entry.split('|')[0] ?? '';

/**
 * One item per customer (`CUSTOMER#{id}` / `PURCHASES`), each purchase an attribute `o#{orderId}` holding
 * "occurredAt|storeId|total|currency". Recording is one update that adds the order if absent and returns the item:
 * two purchases at once both land (each writes its own attribute) and a redelivered one lands once, without a read
 * first. What the returned item holds past the retention or past the newest `maxPurchases` is then removed, and the
 * item's TTL (its newest purchase plus the retention) raised if an older purchase came last: a second write only
 * then. Whoever writes last sees every purchase before it, so the trim and the TTL settle whatever the order.
 */
export class DynamoDbPurchaseLedger implements PurchaseLedger {
  private readonly db: DocumentClient;
  private readonly tableName: string;
  private readonly maxPurchases: number;

  constructor(db: DocumentClient, tableName: string, options: { maxPurchases?: number } = {}) {
    this.db = db;
    this.tableName = tableName;
    this.maxPurchases = options.maxPurchases ?? MAX_LEDGER_PURCHASES;
  }

  async record(customerId: string, purchase: Purchase, retention: Retention | undefined): Promise<void> {
    const ttlOf = (occurredAt: string) =>
      retention === undefined ? undefined : Math.floor((Date.parse(occurredAt) + retention.keepMs) / 1000);
    const ttl = ttlOf(purchase.occurredAt);
    const { Attributes: item = {} } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.purchases(customerId),
        UpdateExpression: `SET #type = :type, #order = if_not_exists(#order, :entry)${ttl === undefined ? ' REMOVE #ttl' : ', #ttl = :ttl'}`,
        ExpressionAttributeNames: { '#type': 'type', '#order': `${ORDER}${purchase.orderId}`, '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':type': 'PurchaseLedger',
          ':entry': encode(purchase),
          ...(ttl === undefined ? {} : { ':ttl': ttl }),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const held = heldOrders(item).sort((a, b) => occurredAtOf(b).localeCompare(occurredAtOf(a)));
    const kept = held
      .filter((h) => retention === undefined || occurredAtOf(h) > retention.keptAfter)
      .slice(0, this.maxPurchases);
    const keptSet = new Set(kept);
    const dropped = held.filter((h) => !keptSet.has(h));
    const newest = kept[0] ? ttlOf(occurredAtOf(kept[0])) : undefined;
    const raise = newest !== undefined && ttl !== undefined && newest > ttl ? newest : undefined;
    if (dropped.length === 0 && raise === undefined) return;
    await this.settle(customerId, dropped, raise);
  }

  /**
   * Removes the dropped orders and raises the TTL, only on the ledger as it stands (an erasure since is not undone).
   * An expression holds at most 4 KB, so the removals go `REMOVALS_PER_WRITE` at a time, the TTL with the first.
   */
  private async settle(customerId: string, dropped: Held[], raiseTo: number | undefined): Promise<void> {
    const paths = dropped.flatMap((held) => held.paths);
    await this.trim(customerId, paths.slice(0, REMOVALS_PER_WRITE), raiseTo);
    for (let from = REMOVALS_PER_WRITE; from < paths.length; from += REMOVALS_PER_WRITE)
      await this.trim(customerId, paths.slice(from, from + REMOVALS_PER_WRITE), undefined);
  }

  /** One write of removals and the TTL; a TTL already higher (a newer purchase's) stays, the removals are written. */
  private async trim(customerId: string, paths: Held['paths'], raiseTo: number | undefined): Promise<void> {
    const names: Record<string, string> = {};
    const removals = paths.map((path, i) => {
      names[`#d${i}`] = path.name;
      return path.inLegacyMap ? `#legacy.#d${i}` : `#d${i}`;
    });
    if (paths.some((path) => path.inLegacyMap)) names['#legacy'] = LEGACY;
    const update = (raise: number | undefined) =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.purchases(customerId),
          UpdateExpression: [
            ...(raise === undefined ? [] : ['SET #ttl = :ttl']),
            ...(removals.length === 0 ? [] : [`REMOVE ${removals.join(', ')}`]),
          ].join(' '),
          ConditionExpression:
            raise === undefined
              ? 'attribute_exists(pk)'
              : 'attribute_exists(pk) AND (attribute_not_exists(#ttl) OR #ttl < :ttl)',
          ExpressionAttributeNames: raise === undefined ? names : { ...names, '#ttl': 'ttl' },
          ExpressionAttributeValues: raise === undefined ? undefined : { ':ttl': raise },
        }),
      );
    if (raiseTo === undefined && removals.length === 0) return;
    try {
      await update(raiseTo);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Erased, or a TTL already past this one: the removals alone, on the ledger if it is still there.
      if (raiseTo === undefined || removals.length === 0) return;
      await update(undefined).catch((again: unknown) => {
        if (!(again instanceof ConditionalCheckFailedException)) throw again;
      });
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
          const purchases = heldOrders(item)
            .map((held) => decode(held.orderId, held.entry))
            .filter((p): p is Purchase => p !== undefined && (keptAfter === undefined || p.occurredAt > keptAfter));
          found.set(customerId, purchases);
        }
        request = page.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }
}
