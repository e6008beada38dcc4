import {
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { MemoryDynamoDb } from './database.ts';

type Json = Record<string, unknown>;

const toWire = (value: unknown) =>
  marshall(value as Json, { removeUndefinedValues: true, convertClassInstanceToMap: true });
const fromWire = (value: unknown) => unmarshall(value as Parameters<typeof unmarshall>[0]);

/** The document-level members of a request that carry attribute values, and how to put each on the wire. */
function requestToWire(input: Json): Json {
  const wire: Json = { ...input };
  for (const member of ['Item', 'Key', 'ExpressionAttributeValues', 'ExclusiveStartKey'])
    if (input[member] !== undefined) wire[member] = toWire(input[member]);
  if (Array.isArray(input.TransactItems))
    wire.TransactItems = input.TransactItems.map((entry: Json) =>
      Object.fromEntries(Object.entries(entry).map(([kind, spec]) => [kind, requestToWire(spec as Json)])),
    );
  if (input.RequestItems)
    wire.RequestItems = Object.fromEntries(
      Object.entries(input.RequestItems as Record<string, unknown>).map(([table, spec]) => [
        table,
        Array.isArray(spec)
          ? spec.map((write: Json) => ({
              ...(write.PutRequest ? { PutRequest: { Item: toWire((write.PutRequest as Json).Item) } } : {}),
              ...(write.DeleteRequest ? { DeleteRequest: { Key: toWire((write.DeleteRequest as Json).Key) } } : {}),
            }))
          : { ...(spec as Json), Keys: ((spec as Json).Keys as unknown[]).map(toWire) },
      ]),
    );
  return wire;
}

function responseFromWire(body: Json): Json {
  const output: Json = { ...body, $metadata: { httpStatusCode: 200 } };
  for (const member of ['Item', 'Attributes', 'LastEvaluatedKey'])
    if (body[member]) output[member] = fromWire(body[member]);
  if (Array.isArray(body.Items)) output.Items = body.Items.map(fromWire);
  if (body.Responses)
    output.Responses = Object.fromEntries(
      Object.entries(body.Responses as Record<string, unknown[]>).map(([table, items]) => [table, items.map(fromWire)]),
    );
  return output;
}

/** The AWS error the SDK would have thrown for this error body: the same classes the adapters catch. */
function errorOf(body: Json): Error {
  const name = String(body.__type).split('#')[1] as string;
  const options = { message: String(body.message), $metadata: { httpStatusCode: 400 } };
  if (name === 'ConditionalCheckFailedException')
    return new ConditionalCheckFailedException({ ...options, ...(body.Item ? { Item: body.Item as never } : {}) });
  if (name === 'TransactionCanceledException')
    return new TransactionCanceledException({ ...options, CancellationReasons: body.CancellationReasons as never });
  return new DynamoDBServiceException({ ...options, name, $fault: 'client' });
}

const OPERATIONS: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactWriteCommand: 'TransactWriteItems',
};

/**
 * A document client that hands the adapters' commands straight to the in-process table, marshalled as the
 * DocumentClient marshals them but without the SDK's HTTP serialization and signing (half a millisecond a request):
 * what the load model needs to replay millions of requests in minutes. The SDK-level handler (`sdk-handler.ts`) is
 * the faithful path; both answer from the same table, and the model's tests run the use cases through both.
 */
export function directDocumentClient(db: MemoryDynamoDb): DynamoDBDocumentClient {
  const send = async (command: { constructor: { name: string }; input: Json }) => {
    const operation = OPERATIONS[command.constructor.name];
    if (!operation) throw new Error(`The in-process document client does not model ${command.constructor.name}`);
    const answer = db.handle(operation, requestToWire(command.input));
    if (answer.status !== 200) throw errorOf(answer.body);
    return responseFromWire(answer.body);
  };
  return { send, destroy() {} } as unknown as DynamoDBDocumentClient;
}
