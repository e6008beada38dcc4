import type { AwsClient } from '../shared/adapters/aws/client.ts';

/**
 * Counts what a function asks of AWS, by service and operation, through a middleware on each of closeloop's
 * clients: the requests sent (retries included, from the client's `$metadata.attempts`) and, for DynamoDB, the
 * capacity units DynamoDB reports when asked with `ReturnConsumedCapacity: 'TOTAL'`.
 */
type MeteredClient = Pick<AwsClient, 'use'>;

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const DYNAMODB_READ_PREFIXES = ['TransactGet', 'BatchGet', 'Get', 'Query', 'Scan'];

export class SdkMeter {
  readonly requests = new Map<string, number>();
  /** Capacity units (read + write) by `service operation`. */
  readonly capacity = new Map<string, number>();
  readCapacityUnits = 0;
  writeCapacityUnits = 0;

  attach(service: string, client: MeteredClient): void {
    client.use(async ({ operation, input }, next) => {
      if (service === 'DynamoDB') input.ReturnConsumedCapacity ??= 'TOTAL';
      const output = await next();
      const metadata = output.$metadata as { attempts?: number } | undefined;
      const key = `${service} ${operation}`;
      this.requests.set(key, (this.requests.get(key) ?? 0) + (metadata?.attempts ?? 1));
      if (service === 'DynamoDB') {
        const units = this.addCapacity(operation, output.ConsumedCapacity);
        this.capacity.set(key, (this.capacity.get(key) ?? 0) + units);
      }
      return output;
    });
  }

  private addCapacity(operation: string, consumed: unknown): number {
    const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Capacity[];
    const isRead = DYNAMODB_READ_PREFIXES.some((p) => operation.startsWith(p));
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
