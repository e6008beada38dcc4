import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { SdkMeter } from '../../bench/sdk-meter.ts';

/** A DynamoDB that answers every request with the capacity it is told to, and records what it was asked. */
function cannedDynamoDb(consumed: unknown) {
  const asked: Record<string, unknown>[] = [];
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: {
      handle: async (request: { body?: string | Uint8Array }) => {
        const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        asked.push(JSON.parse(body || '{}') as Record<string, unknown>);
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: new TextEncoder().encode(JSON.stringify({ ConsumedCapacity: consumed })),
          },
        };
      },
    },
  });
  return { client: DynamoDBDocumentClient.from(client), asked };
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
