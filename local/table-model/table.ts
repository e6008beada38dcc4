import {
  type Condition,
  type Operand,
  type Path,
  parseCondition,
  parseProjection,
  parseUpdate,
  ValidationError,
} from './expressions.ts';
import type { HotKeys } from './hot-keys.ts';
import { type Bounds, SortedKeys } from './sorted-keys.ts';
import { applyUpdate, holds, type Item, project, sameItem, sizeOf, type Value } from './values.ts';

export interface IndexShape {
  name: string;
  hash: string;
  range: string;
  projection: 'ALL' | 'KEYS_ONLY' | { include: string[] };
}

export interface TableShape {
  name: string;
  hash: string;
  range: string;
  indexes: IndexShape[];
}

export class ConditionFailed extends Error {
  override name = 'ConditionalCheckFailedException';
  readonly item: Item | undefined;
  constructor(item: Item | undefined) {
    super('The conditional request failed');
    this.item = item;
  }
}

/** The expressions and placeholders of one request, as DynamoDB's API names them. */
export interface Expressions {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, Value>;
}

const scalar = (value: Value | undefined) =>
  value === undefined
    ? undefined
    : 'S' in value
      ? value.S
      : 'N' in value
        ? value.N
        : 'B' in value
          ? value.B
          : undefined;

/** A write as it lands: the item before and after, for the index maintenance and the bill. */
export interface Change {
  id: string;
  key: Item;
  old: Item | undefined;
  next: Item | undefined;
}

/**
 * One table in memory with DynamoDB's semantics for what closeloop uses: items by key, conditional puts, updates
 * and deletes, sparse global secondary indexes with their projections, queries in sort-key order with limits and
 * pages, and the write units each write costs the table and each index.
 */
export class MemoryTable {
  readonly shape: TableShape;
  private readonly items = new Map<string, Item>();
  private readonly partitions = new Map<string, Map<string, SortedKeys>>();

  constructor(shape: TableShape) {
    this.shape = shape;
    for (const target of ['', ...shape.indexes.map((i) => i.name)]) this.partitions.set(target, new Map());
  }

  get size() {
    return this.items.size;
  }

  idOf(key: Item): string {
    const hash = scalar(key[this.shape.hash]);
    const range = scalar(key[this.shape.range]);
    if (hash === undefined || range === undefined || Object.keys(key).length !== 2)
      throw new ValidationError('The provided key element does not match the schema');
    return `${hash}\u0000${range}`;
  }

  keyOf(item: Item): Item {
    return { [this.shape.hash]: item[this.shape.hash] as Value, [this.shape.range]: item[this.shape.range] as Value };
  }

  read(key: Item): Item | undefined {
    return this.items.get(this.idOf(key));
  }

  /** Checks a request's condition against the item as it stands; throws ConditionFailed when it does not hold. */
  check(current: Item | undefined, request: Expressions) {
    if (!request.ConditionExpression) return;
    const { tree } = parseCondition(request.ConditionExpression, request.ExpressionAttributeNames);
    if (!holds({ item: current ?? {}, values: request.ExpressionAttributeValues ?? {} }, tree))
      throw new ConditionFailed(current);
  }

  /** The item a put, update or delete would leave (after its condition held), without writing it. */
  plan(
    kind: 'put' | 'update' | 'delete',
    request: Expressions & { Key?: Item; Item?: Item; UpdateExpression?: string },
  ): Change {
    const key = request.Key ?? this.keyOf(request.Item ?? {});
    const id = this.idOf(key);
    const old = this.items.get(id);
    this.check(old, request);
    if (kind === 'delete') return { id, key, old, next: undefined };
    if (kind === 'put') return { id, key, old, next: request.Item as Item };
    const { tree } = parseUpdate(request.UpdateExpression ?? '', request.ExpressionAttributeNames);
    const next = applyUpdate(old, key, tree, request.ExpressionAttributeValues ?? {});
    for (const keyName of [this.shape.hash, this.shape.range])
      if (JSON.stringify(next[keyName]) !== JSON.stringify(key[keyName]))
        throw new ValidationError(`Cannot update attribute ${keyName}. This attribute is part of the key`);
    return { id, key, old, next };
  }

  /**
   * Writes a planned change. Its write units (times `units`: 2 in a transaction) go onto `meter` per partition key
   * and second, and onto `tally` per table and index.
   */
  commit(change: Change, units: number, atMs: number, meter?: HotKeys, tally?: Record<string, number>) {
    const { id, old, next } = change;
    const oldSize = old ? sizeOf(old) : 0;
    const nextSize = next ? sizeOf(next) : 0;
    // An index that projects everything holds the item itself: its size is known already.
    const sized = (item: Item) => (item === old ? oldSize : item === next ? nextSize : sizeOf(item));
    if (next) {
      if (nextSize > 400 * 1024) throw new ValidationError('Item size has exceeded the maximum allowed size');
      this.items.set(id, next);
    } else this.items.delete(id);
    const bill = (target: string, hash: string | undefined, bytes: number) => {
      if (hash === undefined) return;
      const cost = units * Math.max(1, Math.ceil(bytes / 1024));
      meter?.record(`${target}:${hash}`, cost, atMs);
      if (tally) tally[target] = (tally[target] ?? 0) + cost;
    };
    const tableHash = scalar(change.key[this.shape.hash]);
    bill('table', tableHash, Math.max(oldSize, nextSize));
    this.reindex('', this.shape.hash, this.shape.range, id, old, next);
    for (const index of this.shape.indexes) {
      const was = this.entryOf(index, old);
      const is = this.entryOf(index, next);
      this.reindex(index.name, index.hash, index.range, id, old, next);
      if (was && is && was.hash === is.hash && was.sort === is.sort) {
        const before = this.projected(index, old as Item);
        const after = this.projected(index, next as Item);
        if (!sameItem(before, after)) bill(index.name, is.hash, Math.max(sized(before), sized(after)));
        continue;
      }
      if (was) bill(index.name, was.hash, sized(this.projected(index, old as Item)));
      if (is) bill(index.name, is.hash, sized(this.projected(index, next as Item)));
    }
  }

  private entryOf(index: { hash: string; range: string }, item: Item | undefined) {
    const hash = scalar(item?.[index.hash]);
    const sort = scalar(item?.[index.range]);
    return hash === undefined || sort === undefined ? undefined : { hash, sort };
  }

  private reindex(target: string, hash: string, range: string, id: string, old?: Item, next?: Item) {
    const partitions = this.partitions.get(target) as Map<string, SortedKeys>;
    const was = this.entryOf({ hash, range }, old);
    const is = this.entryOf({ hash, range }, next);
    if (was && (!is || was.hash !== is.hash || was.sort !== is.sort)) {
      const keys = partitions.get(was.hash);
      keys?.remove({ sort: was.sort, id });
      if (keys?.size === 0) partitions.delete(was.hash);
    }
    if (is) {
      const keys = partitions.get(is.hash) ?? new SortedKeys();
      partitions.set(is.hash, keys);
      keys.insert({ sort: is.sort, id });
    }
  }

  projected(index: IndexShape, item: Item): Item {
    if (index.projection === 'ALL') return item;
    const kept = [this.shape.hash, this.shape.range, index.hash, index.range];
    if (index.projection !== 'KEYS_ONLY') kept.push(...index.projection.include);
    return Object.fromEntries(
      kept.filter((name) => item[name] !== undefined).map((name) => [name, item[name] as Value]),
    );
  }

  /** Query: one partition of the table or an index, in sort order, from a start key, up to a limit or 1 MB. */
  query(request: QueryRequest): { items: Item[]; scanned: number; bytes: number; last?: Item } {
    const index = request.IndexName ? this.shape.indexes.find((i) => i.name === request.IndexName) : undefined;
    if (request.IndexName && !index) throw new ValidationError('The table does not have the specified index');
    const hashName = index?.hash ?? this.shape.hash;
    const names = request.ExpressionAttributeNames;
    const values = request.ExpressionAttributeValues ?? {};
    const keyCondition = parseCondition(request.KeyConditionExpression, names).tree;
    const hash = scalar(hashValueOf(keyCondition, hashName, values));
    if (hash === undefined) throw new ValidationError('Query condition missed key schema element');
    const partition = this.partitions.get(index?.name ?? '')?.get(hash);
    // Only the run of sort keys the condition selects: a query costs its page, not its partition.
    let keys = partition?.within(sortBounds(keyCondition, index?.range ?? this.shape.range, values)) ?? [];
    if (request.ScanIndexForward === false) keys = [...keys].reverse();
    if (request.ExclusiveStartKey) {
      const startId = this.idOf(this.keyOf(request.ExclusiveStartKey));
      keys = keys.slice(keys.findIndex((entry) => entry.id === startId) + 1);
    }
    return this.page(keys, keyCondition, request, index);
  }

  /** Scan: every item (or every item of an index), in no promised order, with the same limits as a query. */
  scan(request: Omit<QueryRequest, 'KeyConditionExpression'>) {
    const index = request.IndexName ? this.shape.indexes.find((i) => i.name === request.IndexName) : undefined;
    const all = [...(this.partitions.get(index?.name ?? '')?.values() ?? [])].flatMap((keys) => keys.within({}));
    let start = 0;
    if (request.ExclusiveStartKey) {
      const startId = this.idOf(this.keyOf(request.ExclusiveStartKey));
      start = all.findIndex((entry) => entry.id === startId) + 1;
    }
    return this.page(all.slice(start), undefined, request, index);
  }

  private page(
    entries: { id: string }[],
    keyCondition: Condition | undefined,
    request: Omit<QueryRequest, 'KeyConditionExpression'>,
    index?: IndexShape,
  ) {
    const values = request.ExpressionAttributeValues ?? {};
    const filter = request.FilterExpression
      ? parseCondition(request.FilterExpression, request.ExpressionAttributeNames).tree
      : undefined;
    const projection = request.ProjectionExpression
      ? parseProjection(request.ProjectionExpression, request.ExpressionAttributeNames).tree
      : undefined;
    const items: Item[] = [];
    let scanned = 0;
    let bytes = 0;
    let last: Item | undefined;
    for (const entry of entries) {
      const stored = this.items.get(entry.id) as Item;
      const item = index ? this.projected(index, stored) : stored;
      if (keyCondition && !holds({ item, values }, keyCondition)) {
        // A key condition selects one contiguous run of sort keys: past it, nothing more can match.
        if (scanned > 0) break;
        continue;
      }
      scanned += 1;
      bytes += sizeOf(item);
      if (!filter || holds({ item, values }, filter)) items.push(projection ? project(item, projection) : item);
      if (scanned === request.Limit || bytes >= 1024 * 1024) {
        last = {
          ...this.keyOf(stored),
          ...(index ? ({ [index.hash]: stored[index.hash], [index.range]: stored[index.range] } as Item) : {}),
        };
        break;
      }
    }
    return { items, scanned, bytes, last };
  }
}

export interface QueryRequest {
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, Value>;
  ExclusiveStartKey?: Item;
  Limit?: number;
  ScanIndexForward?: boolean;
  Select?: string;
}

/** The sort key's range in a key condition (string keys; anything else is read whole and filtered). */
function sortBounds(condition: Condition, rangeName: string, values: Record<string, Value>): Bounds {
  const isRange = (o: Operand) => o.kind === 'path' && o.path.length === 1 && o.path[0] === rangeName;
  const text = (o: Operand) => {
    const value = o.kind === 'value' ? values[o.name] : undefined;
    return value && 'S' in value ? value.S : undefined;
  };
  if (condition.kind === 'and')
    return { ...sortBounds(condition.left, rangeName, values), ...sortBounds(condition.right, rangeName, values) };
  if (condition.kind === 'between' && isRange(condition.operand)) {
    const [from, to] = [text(condition.low), text(condition.high)];
    return from === undefined || to === undefined ? {} : { from, fromInclusive: true, to, toInclusive: true };
  }
  if (condition.kind === 'begins_with' && isRange(condition.operand)) {
    const prefix = text(condition.argument);
    return prefix === undefined ? {} : { from: prefix, fromInclusive: true, to: `${prefix}\uffff`, toInclusive: true };
  }
  if (condition.kind !== 'compare') return {};
  const flipped = isRange(condition.right);
  if (!flipped && !isRange(condition.left)) return {};
  const bound = text(flipped ? condition.left : condition.right);
  if (bound === undefined) return {};
  const mirror = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>' } as const;
  const op = flipped ? mirror[condition.op] : condition.op;
  if (op === '=') return { from: bound, fromInclusive: true, to: bound, toInclusive: true };
  if (op === '<' || op === '<=') return { to: bound, toInclusive: op === '<=' };
  if (op === '>' || op === '>=') return { from: bound, fromInclusive: op === '>=' };
  return {};
}

/** The partition key's value from a key condition: `hash = :v`, alone or ANDed with the sort key's condition. */
function hashValueOf(condition: Condition, hashName: string, values: Record<string, Value>): Value | undefined {
  if (condition.kind === 'and')
    return hashValueOf(condition.left, hashName, values) ?? hashValueOf(condition.right, hashName, values);
  if (condition.kind !== 'compare' || condition.op !== '=') return undefined;
  const { left, right } = condition;
  const isHash = (o: typeof left) => o.kind === 'path' && o.path.length === 1 && o.path[0] === hashName;
  const boundValue = (o: typeof left) => (o.kind === 'value' ? values[o.name] : undefined);
  return isHash(left) ? boundValue(right) : isHash(right) ? boundValue(left) : undefined;
}

export type { Path };
