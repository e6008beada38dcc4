import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MemoryDynamoDb } from './database.ts';

/**
 * The SDK's HTTP handler, answered in process: a DynamoDB client built on it sends the very requests it would send
 * to AWS (signed, serialized, with the adapters' expressions) and reads the very responses and errors
 * (`ConditionalCheckFailedException`, `TransactionCanceledException` with its reasons) it would read from AWS.
 */
export function memoryHandler(db: MemoryDynamoDb) {
  const encoder = new TextEncoder();
  return {
    metadata: { handlerProtocol: 'in-process' },
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
      const operation = target.split('.')[1] ?? '';
      const body =
        typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
      const answer = db.handle(operation, JSON.parse(body || '{}'));
      return {
        response: {
          statusCode: answer.status,
          reason: answer.status === 200 ? 'OK' : 'Bad Request',
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: encoder.encode(JSON.stringify(answer.body)),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

/** A document client on an in-process table: what the adapters get, with nothing listening on a port. */
export function memoryDocumentClient(db = new MemoryDynamoDb()) {
  const client = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: 'http://in-process.dynamodb',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: memoryHandler(db),
    maxAttempts: 1,
  });
  return { db, client, doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
}
