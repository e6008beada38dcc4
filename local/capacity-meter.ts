/**
 * What DynamoDB bills, counted at the network boundary for every function the runtime hosts: each request is sent
 * on asking for `ReturnConsumedCapacity: INDEXES`, and the units DynamoDB Local reports come back split by the
 * table and each index — an index that projects every attribute is written again with each change of its items,
 * one that projects keys only when its keys change. The functions are the deployed bundles, unaware; they may
 * read the extra field in an answer, which changes nothing they do.
 *
 * A transaction is billed by the table model instead (`local/table-model`, on the items as they were just before
 * it, read through the same connection): DynamoDB Local sums a transaction's items as a set, so two items that cost
 * the same count once (a survey and a contact ledger, 2 units each, came back as 2 where DynamoDB bills 4).
 */

import { tableDesign } from '../shared/topology/table.ts';
import { createTableRequest } from './dynamodb.ts';
import { MemoryDynamoDb } from './table-model/database.ts';

/** Operations that read; every other operation DynamoDB bills writes for. */
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

interface Units {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

interface Consumed extends Units {
  TableName?: string;
  Table?: Units;
  GlobalSecondaryIndexes?: Record<string, Units>;
  LocalSecondaryIndexes?: Record<string, Units>;
}

export interface CapacityCount {
  requests: number;
  readUnits: number;
  writeUnits: number;
}

/** One request as billed: its operation and the units by table and index. */
export interface MeteredRequest {
  operation: string;
  units: Record<string, number>;
}

export interface CapacitySnapshot {
  /** The last requests (up to 1,000), oldest first. */
  requests: MeteredRequest[];
  /** By operation (`PutItem`, `TransactWriteItems`, …), failed requests included (a cancelled transaction bills). */
  byOperation: Record<string, CapacityCount>;
  /** By where the units went: `table` or the index's name. */
  byTarget: Record<string, Omit<CapacityCount, 'requests'>>;
  total: CapacityCount;
}

const zero = (): CapacityCount => ({ requests: 0, readUnits: 0, writeUnits: 0 });

export class CapacityMeter {
  private on = false;
  private byOperation = new Map<string, CapacityCount>();
  private byTarget = new Map<string, Omit<CapacityCount, 'requests'>>();
  private requests: MeteredRequest[] = [];

  get metering(): boolean {
    return this.on;
  }

  /** Starts counting afresh. */
  start(): void {
    this.on = true;
    this.byOperation.clear();
    this.byTarget.clear();
    this.requests = [];
  }

  stop(): void {
    this.on = false;
  }

  /** The request's body, asking for the units by table and index (whatever the function asked for). */
  askForUnits(body: Buffer): Buffer {
    try {
      const request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      request.ReturnConsumedCapacity = 'INDEXES';
      return Buffer.from(JSON.stringify(request));
    } catch {
      return body; // not JSON: DynamoDB answers it with its own error
    }
  }

  /**
   * The request that reads what a transaction (`body`) writes, as it is before it: a `BatchGetItem` of their keys,
   * strongly consistent. Undefined for anything else.
   */
  readBefore(operation: string, body: Buffer): Buffer | undefined {
    if (operation !== 'TransactWriteItems') return undefined;
    const request = parse(body) as { TransactItems?: Record<string, Wire>[] } | undefined;
    const byTable: Record<string, { Keys: Wire[]; ConsistentRead: true }> = {};
    for (const entry of request?.TransactItems ?? []) {
      const [kind, spec] = Object.entries(entry)[0] ?? [];
      if (kind === undefined || kind === 'ConditionCheck' || spec === undefined) continue;
      const item = (spec.Key ?? spec.Item) as Wire | undefined;
      if (item === undefined) return undefined;
      const key = { pk: item[tableDesign.partitionKey], sk: item[tableDesign.sortKey] };
      const table = String(spec.TableName);
      byTable[table] = byTable[table] ?? { Keys: [], ConsistentRead: true };
      byTable[table].Keys.push(key);
    }
    return Object.keys(byTable).length === 0 ? undefined : Buffer.from(JSON.stringify({ RequestItems: byTable }));
  }

  /**
   * The units a transaction that committed bills, by table and index: run on the table model, which holds the items
   * it writes as `before` (the answer to `readBefore`'s request) found them.
   */
  billTransaction(body: Buffer, before: Buffer): Record<string, number> | undefined {
    const request = parse(body) as Wire | undefined;
    const read = parse(before) as { Responses?: Record<string, Wire[]> } | undefined;
    if (request === undefined || read?.Responses === undefined) return undefined;
    const model = new MemoryDynamoDb();
    const tables = new Set(
      (request.TransactItems as Record<string, Wire>[]).map((entry) => String(Object.values(entry)[0]?.TableName)),
    );
    for (const table of tables) {
      model.handle('CreateTable', createTableRequest(table));
      for (const item of read.Responses[table] ?? []) model.handle('PutItem', { TableName: table, Item: item });
    }
    model.billed = [];
    const { ReturnConsumedCapacity: _asked, ...transaction } = request;
    const { status } = model.handle('TransactWriteItems', transaction);
    return status === 200 ? model.billed[0]?.units : undefined;
  }

  /**
   * Counts one answer of `operation`; `billed`, when given, are its units by table and index (a transaction's, from
   * the table model), in place of what DynamoDB Local reported.
   */
  count(operation: string, answer: Buffer, billed?: Record<string, number>): void {
    const isRead = READS.has(operation);
    const counted = this.byOperation.get(operation) ?? zero();
    counted.requests++;
    this.byOperation.set(operation, counted);
    const request: MeteredRequest = { operation, units: {} };
    this.requests.push(request);
    if (this.requests.length > 1000) this.requests.shift();
    const add = (target: string, units: Units | undefined) => {
      if (units === undefined) return;
      const read = units.ReadCapacityUnits ?? (isRead ? (units.CapacityUnits ?? 0) : 0);
      const write = units.WriteCapacityUnits ?? (isRead ? 0 : (units.CapacityUnits ?? 0));
      const sum = this.byTarget.get(target) ?? { readUnits: 0, writeUnits: 0 };
      sum.readUnits += read;
      sum.writeUnits += write;
      this.byTarget.set(target, sum);
      if (read + write > 0) request.units[target] = (request.units[target] ?? 0) + read + write;
      counted.readUnits += read;
      counted.writeUnits += write;
    };
    if (billed !== undefined) {
      for (const [target, units] of Object.entries(billed)) add(target, { WriteCapacityUnits: units });
      return;
    }
    let consumed: Consumed[] = [];
    try {
      const parsed = JSON.parse(answer.toString('utf8')) as { ConsumedCapacity?: Consumed | Consumed[] };
      consumed = [parsed.ConsumedCapacity ?? []].flat();
    } catch {
      return;
    }
    for (const entry of consumed) {
      const indexes = Object.entries({ ...entry.GlobalSecondaryIndexes, ...entry.LocalSecondaryIndexes });
      // The table's own part, or (when DynamoDB names no part) what the indexes leave of the whole.
      const ofIndexes = indexes.reduce((sum, [, units]) => sum + (units.CapacityUnits ?? 0), 0);
      add('table', entry.Table ?? { CapacityUnits: (entry.CapacityUnits ?? 0) - ofIndexes });
      for (const [name, units] of indexes) add(name, units);
    }
  }

  snapshot(): CapacitySnapshot {
    const total = zero();
    for (const counted of this.byOperation.values()) {
      total.requests += counted.requests;
      total.readUnits += counted.readUnits;
      total.writeUnits += counted.writeUnits;
    }
    return {
      requests: [...this.requests],
      byOperation: Object.fromEntries(this.byOperation),
      byTarget: Object.fromEntries(this.byTarget),
      total,
    };
  }
}

type Wire = Record<string, unknown>;

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
