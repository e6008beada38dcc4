import {
  type AnyCommand,
  type DocumentClient,
  dynamoError,
  requestToWire,
  responseFromWire,
} from '../../shared/adapters/aws/dynamodb.ts';
import { jsonError } from '../../shared/adapters/aws/service-call.ts';
import type { MemoryDynamoDb } from './database.ts';

type Json = Record<string, unknown>;

/**
 * A document client that hands the adapters' commands straight to the in-process table, marshalled as the
 * DocumentClient marshals them but without the SDK's HTTP serialization and signing (half a millisecond a request):
 * what the load model needs to replay millions of requests in minutes. The wire client (`memoryDocumentClient` in `sdk-handler.ts`) is
 * the faithful path; both answer from the same table, and the model's tests run the use cases through both.
 */
export function directDocumentClient(db: MemoryDynamoDb): DocumentClient {
  const send = async (command: AnyCommand) => {
    const answer = db.handle(command.operation, requestToWire(command.input as Json));
    if (answer.status !== 200) throw dynamoError(jsonError(answer.status, answer.body));
    return responseFromWire(answer.body as Json, { httpStatusCode: 200, attempts: 1 });
  };
  return { send, use() {} } as unknown as DocumentClient;
}
