import { parseProjection, ValidationError } from './expressions.ts';
import { HotKeys } from './hot-keys.ts';
import {
  type Change,
  ConditionFailed,
  type Expressions,
  MemoryTable,
  type QueryRequest,
  type TableShape,
} from './table.ts';
import { type Item, project, sizeOf, type Value } from './values.ts';

class AwsError extends Error {
  readonly body: Record<string, unknown>;
  constructor(type: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = type;
    this.body = extra;
  }
}

type Request = Record<string, unknown> & Expressions;
type WriteKind = 'put' | 'update' | 'delete';

/**
 * DynamoDB in one process, at its wire protocol: the operations closeloop's adapters, the local runtime and the
 * tests send, answered from memory with DynamoDB's conditional-write and transaction semantics (the same use-case
 * tests pass against it and against DynamoDB Local). Requests run one at a time, so every write is atomic as
 * DynamoDB's are. Each write's units land on `hotKeys` per partition key per second of `now()`.
 */
export class MemoryDynamoDb {
  private readonly tables = new Map<string, MemoryTable>();
  readonly hotKeys = new HotKeys();
  now: () => number = Date.now;
  requests = 0;
  /** Read units billed (strongly consistent reads twice an eventually consistent one's, per 4 KB). */
  readUnits = 0;
  /** When set, every write request lands here with its units by table and index, as DynamoDB would bill it. */
  billed: { operation: string; units: Record<string, number> }[] | undefined;

  /** One wire request (`X-Amz-Target`'s operation and its JSON body) to its JSON answer, or an AWS error. */
  handle(operation: string, request: Request): { status: number; body: Record<string, unknown> } {
    this.requests += 1;
    try {
      return { status: 200, body: this.run(operation, request) };
    } catch (error) {
      if (error instanceof ConditionFailed)
        return this.error(
          'ConditionalCheckFailedException',
          error.message,
          error.item && request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? { Item: error.item } : {},
        );
      if (error instanceof ValidationError) return this.error('ValidationException', error.message);
      if (error instanceof AwsError) return this.error(error.name, error.message, error.body);
      throw error;
    }
  }

  private error(type: string, message: string, extra: Record<string, unknown> = {}) {
    return { status: 400, body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, ...extra } };
  }

  private table(name: unknown): MemoryTable {
    const table = this.tables.get(String(name));
    if (!table) throw new AwsError('ResourceNotFoundException', 'Cannot do operations on a non-existent table');
    return table;
  }

  private run(operation: string, request: Request): Record<string, unknown> {
    switch (operation) {
      case 'CreateTable':
        return this.createTable(request);
      case 'DeleteTable':
        this.table(request.TableName);
        this.tables.delete(String(request.TableName));
        return { TableDescription: { TableName: request.TableName, TableStatus: 'DELETING' } };
      case 'DescribeTable': {
        const table = this.table(request.TableName);
        return { Table: { TableName: table.shape.name, TableStatus: 'ACTIVE', ItemCount: table.size } };
      }
      case 'ListTables':
        return { TableNames: [...this.tables.keys()].sort() };
      case 'UpdateTimeToLive':
        this.table(request.TableName);
        return { TimeToLiveSpecification: request.TimeToLiveSpecification };
      case 'GetItem': {
        const item = this.table(request.TableName).read(request.Key as Item);
        this.billRead(item ? sizeOf(item) : 0, request.ConsistentRead === true);
        return item ? { Item: this.projectItem(item, request) } : {};
      }
      case 'BatchGetItem':
        return this.batchGet(request);
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem':
        return this.write(operation, request);
      case 'BatchWriteItem':
        return this.batchWrite(request);
      case 'TransactWriteItems':
        return this.transact(request);
      case 'Query':
      case 'Scan':
        return this.read(operation, request);
      default:
        throw new AwsError('UnknownOperationException', `closeloop's in-process table does not model ${operation}`);
    }
  }

  private createTable(request: Request) {
    const name = String(request.TableName);
    if (this.tables.has(name)) throw new AwsError('ResourceInUseException', `Table already exists: ${name}`);
    const keysOf = (schema: { AttributeName: string; KeyType: string }[]) => ({
      hash: schema.find((k) => k.KeyType === 'HASH')?.AttributeName as string,
      range: schema.find((k) => k.KeyType === 'RANGE')?.AttributeName as string,
    });
    type IndexInput = {
      IndexName: string;
      KeySchema: [];
      Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] };
    };
    const shape: TableShape = {
      name,
      ...keysOf(request.KeySchema as []),
      indexes: ((request.GlobalSecondaryIndexes ?? []) as IndexInput[]).map((index) => ({
        name: index.IndexName,
        ...keysOf(index.KeySchema),
        projection:
          index.Projection?.ProjectionType === 'KEYS_ONLY'
            ? 'KEYS_ONLY'
            : index.Projection?.ProjectionType === 'INCLUDE'
              ? { include: index.Projection.NonKeyAttributes ?? [] }
              : 'ALL',
      })),
    };
    this.tables.set(name, new MemoryTable(shape));
    return { TableDescription: { TableName: name, TableStatus: 'ACTIVE' } };
  }

  private projectItem(item: Item, request: Request): Item {
    const expression = request.ProjectionExpression as string | undefined;
    // Stored items are never changed in place (a write stores a new one), and every answer is serialized (or
    // unmarshalled) before anyone sees it: no copy needed.
    if (!expression) return item;
    return project(item, parseProjection(expression, request.ExpressionAttributeNames).tree);
  }

  private batchGet(request: Request) {
    const responses: Record<string, Item[]> = {};
    const asked = request.RequestItems as Record<string, Request & { Keys: Item[] }>;
    const count = Object.values(asked).reduce((sum, r) => sum + r.Keys.length, 0);
    if (count > 100) throw new ValidationError('Too many items requested for the BatchGetItem call');
    for (const [name, spec] of Object.entries(asked)) {
      const table = this.table(name);
      responses[name] = spec.Keys.flatMap((key) => {
        const item = table.read(key);
        this.billRead(item ? sizeOf(item) : 0, spec.ConsistentRead === true);
        return item ? [this.projectItem(item, spec)] : [];
      });
    }
    return { Responses: responses, UnprocessedKeys: {} };
  }

  private write(operation: string, request: Request) {
    const kind = ({ PutItem: 'put', UpdateItem: 'update', DeleteItem: 'delete' } as const)[operation as 'PutItem'];
    const table = this.table(request.TableName);
    const change = table.plan(kind, request);
    table.commit(change, 1, this.now(), this.hotKeys, this.tally(operation));
    const returned = request.ReturnValues as string | undefined;
    if (returned === 'ALL_NEW' || returned === 'UPDATED_NEW') return change.next ? { Attributes: change.next } : {};
    if (returned === 'ALL_OLD' || returned === 'UPDATED_OLD') return change.old ? { Attributes: change.old } : {};
    return {};
  }

  private batchWrite(request: Request) {
    const asked = request.RequestItems as Record<
      string,
      { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]
    >;
    for (const [name, writes] of Object.entries(asked))
      for (const write of writes) {
        const table = this.table(name);
        const change = write.PutRequest
          ? table.plan('put', write.PutRequest)
          : table.plan('delete', write.DeleteRequest as Request);
        table.commit(change, 1, this.now(), this.hotKeys, this.tally('BatchWriteItem'));
      }
    return { UnprocessedItems: {} };
  }

  /** All or nothing: every condition checked against the state before any write, then every write applied. */
  private transact(request: Request) {
    const items = request.TransactItems as Record<string, Request>[];
    if (items.length > 100) throw new ValidationError('Member must have length less than or equal to 100');
    const planned: { table: MemoryTable; change?: Change }[] = [];
    const reasons: Record<string, unknown>[] = [];
    const ids = new Set<string>();
    let failed = false;
    for (const entry of items) {
      const [kind, spec] = Object.entries(entry)[0] as [string, Request];
      const table = this.table(spec.TableName);
      const key = (spec.Key ?? table.keyOf(spec.Item as Item)) as Item;
      const id = `${spec.TableName}/${table.idOf(key)}`;
      if (ids.has(id)) throw new ValidationError('Transaction request cannot include multiple operations on one item');
      ids.add(id);
      try {
        if (kind === 'ConditionCheck') {
          table.check(table.read(key), spec);
          planned.push({ table });
        } else {
          const writeKind = ({ Put: 'put', Update: 'update', Delete: 'delete' } as Record<string, WriteKind>)[kind];
          if (!writeKind) throw new ValidationError(`Unknown transaction item ${kind}`);
          planned.push({ table, change: table.plan(writeKind, spec) });
        }
        reasons.push({ Code: 'None' });
      } catch (error) {
        if (!(error instanceof ConditionFailed)) throw error;
        failed = true;
        const old = spec.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && error.item ? { Item: error.item } : {};
        reasons.push({ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...old });
      }
    }
    if (failed) {
      const codes = reasons.map((r) => r.Code).join(', ');
      throw new AwsError(
        'TransactionCanceledException',
        `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
        { CancellationReasons: reasons },
      );
    }
    // A transactional write costs twice a plain one, on the table and on every index it touches.
    const tally = this.tally('TransactWriteItems');
    for (const { table, change } of planned) if (change) table.commit(change, 2, this.now(), this.hotKeys, tally);
    return {};
  }

  private billRead(bytes: number, consistent: boolean) {
    this.readUnits += Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
  }

  private tally(operation: string): Record<string, number> | undefined {
    if (!this.billed) return undefined;
    const units: Record<string, number> = {};
    this.billed.push({ operation, units });
    return units;
  }

  private read(operation: string, request: Request) {
    const table = this.table(request.TableName);
    const result =
      operation === 'Query'
        ? table.query(request as unknown as QueryRequest)
        : table.scan(request as unknown as QueryRequest);
    this.billRead(result.bytes, request.ConsistentRead === true);
    const counting = request.Select === 'COUNT';
    return {
      ...(counting ? {} : { Items: result.items }),
      Count: result.items.length,
      ScannedCount: result.scanned,
      ...(result.last ? { LastEvaluatedKey: result.last } : {}),
    };
  }
}

export type { Value };
