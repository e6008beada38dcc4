import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DocumentClient } from '../../shared/adapters/aws/dynamodb.ts';
import type { Transport } from '../../shared/adapters/aws/service-call.ts';
import { MemoryDynamoDb } from './database.ts';

const encoder = new TextEncoder();

/** The table's answer to a DynamoDB JSON request, named by its `X-Amz-Target` (`DynamoDB_20120810.PutItem`). */
function answer(db: MemoryDynamoDb, target: string, body: string) {
  return db.handle(target.split('.')[1] ?? '', JSON.parse(body || '{}'));
}

/**
 * The SDK's HTTP handler, answered in process: the SDK's own DynamoDB client on it creates tables in the model as
 * it creates them in DynamoDB Local (`createTable`).
 */
export function memoryHandler(db: MemoryDynamoDb) {
  return {
    metadata: { handlerProtocol: 'in-process' },
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
      const body =
        typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
      const answered = answer(db, target, body);
      return {
        response: {
          statusCode: answered.status,
          reason: answered.status === 200 ? 'OK' : 'Bad Request',
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: encoder.encode(JSON.stringify(answered.body)),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

/** closeloop's transport, answered in process: the signed request's JSON goes to the table, its answer comes back. */
export function memoryTransport(db: MemoryDynamoDb): Transport {
  return async (call) => {
    const answered = answer(db, call.headers['x-amz-target'] ?? '', call.body);
    return {
      status: answered.status,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: Buffer.from(JSON.stringify(answered.body)),
    };
  };
}

/**
 * A document client on an in-process table: what the adapters get, with nothing listening on a port. `doc` is the
 * functions' own client, which sends the very requests it would send to AWS (signed, serialized, with the adapters'
 * expressions) and reads the very responses and errors (`ConditionalCheckFailedException`,
 * `TransactionCanceledException` with its reasons) it would read from AWS; `client` is the SDK's, for tables.
 */
export function memoryDocumentClient(db = new MemoryDynamoDb()) {
  const client = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: 'http://in-process.dynamodb',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: memoryHandler(db),
    maxAttempts: 1,
  });
  const env = {
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_DYNAMODB: 'http://in-process.dynamodb',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
  const doc = new DocumentClient({ maxAttempts: 1, context: { env, transport: memoryTransport(db) } });
  return { db, client, doc };
}
