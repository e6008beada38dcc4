/**
 * Counts what a function asks of AWS, by service and operation, through a middleware on each SDK client: the
 * requests sent (retries included, from the SDK's own `$metadata.attempts`) and, for DynamoDB, the capacity
 * units DynamoDB reports when asked with `ReturnConsumedCapacity: 'TOTAL'`.
 */
interface MeteredClient {
  middlewareStack: { add(middleware: unknown, options: unknown): void };
}
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;
type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const DYNAMODB_READS = new Set(['GetCommand', 'GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand']);
const DYNAMODB_READ_PREFIXES = ['TransactGet', 'BatchGet', 'Get', 'Query', 'Scan'];

export class SdkMeter {
  readonly requests = new Map<string, number>();
  /** Capacity units (read + write) by `service operation`. */
  readonly capacity = new Map<string, number>();
  readCapacityUnits = 0;
  writeCapacityUnits = 0;

  attach(service: string, client: MeteredClient): void {
    const middleware: Middleware = (next, context) => async (args) => {
      if (service === 'DynamoDB') args.input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const metadata = result.output.$metadata as { attempts?: number } | undefined;
      const key = `${service} ${operation}`;
      this.requests.set(key, (this.requests.get(key) ?? 0) + (metadata?.attempts ?? 1));
      if (service === 'DynamoDB') {
        const units = this.addCapacity(context.commandName ?? '', result.output.ConsumedCapacity);
        this.capacity.set(key, (this.capacity.get(key) ?? 0) + units);
      }
      return result;
    };
    client.middlewareStack.add(middleware, { step: 'initialize', name: 'benchSdkMeter', priority: 'high' });
  }

  private addCapacity(command: string, consumed: unknown): number {
    const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Capacity[];
    const isRead = DYNAMODB_READS.has(command) || DYNAMODB_READ_PREFIXES.some((p) => command.startsWith(p));
    let units = 0;
    for (const entry of entries) {
      const reads = entry.ReadCapacityUnits ?? (isRead ? (entry.CapacityUnits ?? 0) : 0);
      const writes = entry.WriteCapacityUnits ?? (isRead ? 0 : (entry.CapacityUnits ?? 0));
      this.readCapacityUnits += reads;
      this.writeCapacityUnits += writes;
      units += reads + writes;
    }
    return units;
  }

  snapshot() {
    return {
      requests: new Map(this.requests),
      capacity: new Map(this.capacity),
      readCapacityUnits: this.readCapacityUnits,
      writeCapacityUnits: this.writeCapacityUnits,
    };
  }
}
