import { describe, expect, it } from 'vitest';
import { DocumentClient, PutCommand, TransactWriteCommand } from '#shared/adapters/aws/dynamodb.ts';
import { SdkMeter } from '../../bench/sdk-meter.ts';

/** A DynamoDB that answers every request with the capacity it is told to, and records what it was asked. */
function cannedDynamoDb(consumed: unknown) {
  const asked: Record<string, unknown>[] = [];
  const env = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  const client = new DocumentClient({
    context: {
      env,
      transport: async (call) => {
        asked.push(JSON.parse(call.body || '{}') as Record<string, unknown>);
        return { status: 200, headers: {}, body: Buffer.from(JSON.stringify({ ConsumedCapacity: consumed })) };
      },
    },
  });
  return { client, asked };
}

describe('the benchmark SDK meter', () => {
  it('asks DynamoDB for consumed capacity and counts requests and write units by operation', async () => {
    // Prepare
    const { client, asked } = cannedDynamoDb({ TableName: 'closeloop', CapacityUnits: 2 });
    const meter = new SdkMeter();
    meter.attach('DynamoDB', client);

    // Act
    await client.send(new PutCommand({ TableName: 'closeloop', Item: { pk: 'a', sk: 'b' } }));
    await client.send(new PutCommand({ TableName: 'closeloop', Item: { pk: 'c', sk: 'd' } }));

    // Assess
    expect(asked.every((body) => body.ReturnConsumedCapacity === 'TOTAL')).toBe(true);
    expect(meter.requests.get('DynamoDB PutItem')).toBe(2);
    expect(meter.writeCapacityUnits).toBe(4);
    expect(meter.readCapacityUnits).toBe(0);
  });

  it('sums the per-table capacity a transaction reports', async () => {
    // Prepare
    const { client } = cannedDynamoDb([
      { TableName: 'closeloop', CapacityUnits: 4, WriteCapacityUnits: 4 },
      { TableName: 'other', CapacityUnits: 2, WriteCapacityUnits: 2 },
    ]);
    const meter = new SdkMeter();
    meter.attach('DynamoDB', client);

    // Act
    await client.send(
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'closeloop', Item: { pk: 'a', sk: 'b' } } }] }),
    );

    // Assess
    expect(meter.requests.get('DynamoDB TransactWriteItems')).toBe(1);
    expect(meter.writeCapacityUnits).toBe(6);
    expect(meter.capacity.get('DynamoDB TransactWriteItems')).toBe(6);
  });
});
