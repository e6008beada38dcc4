import type { AttributeValue, CancellationReason } from '@aws-sdk/client-dynamodb';
import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { AwsClient } from './client.ts';
import { AwsError, type AwsService, callAws } from './service-call.ts';

export type { QueryCommandInput };

/** The operations the adapters use, with the document-level input and output of each. */
interface Operations {
  GetItem: [GetCommandInput, GetCommandOutput];
  PutItem: [PutCommandInput, PutCommandOutput];
  UpdateItem: [UpdateCommandInput, UpdateCommandOutput];
  DeleteItem: [DeleteCommandInput, DeleteCommandOutput];
  Query: [QueryCommandInput, QueryCommandOutput];
  Scan: [ScanCommandInput, ScanCommandOutput];
  BatchGetItem: [BatchGetCommandInput, BatchGetCommandOutput];
  TransactWriteItems: [TransactWriteCommandInput, TransactWriteCommandOutput];
}
export type Operation = keyof Operations;

/** A request to the table, named as the SDK's document client names it, so an adapter reads the same. */
abstract class Command<Op extends Operation> {
  abstract readonly operation: Op;
  readonly input: Operations[Op][0];
  constructor(input: Operations[Op][0]) {
    this.input = input;
  }
}
export class GetCommand extends Command<'GetItem'> {
  readonly operation = 'GetItem';
}
export class PutCommand extends Command<'PutItem'> {
  readonly operation = 'PutItem';
}
export class UpdateCommand extends Command<'UpdateItem'> {
  readonly operation = 'UpdateItem';
}
export class DeleteCommand extends Command<'DeleteItem'> {
  readonly operation = 'DeleteItem';
}
export class QueryCommand extends Command<'Query'> {
  readonly operation = 'Query';
}
export class ScanCommand extends Command<'Scan'> {
  readonly operation = 'Scan';
}
export class BatchGetCommand extends Command<'BatchGetItem'> {
  readonly operation = 'BatchGetItem';
}
export class TransactWriteCommand extends Command<'TransactWriteItems'> {
  readonly operation = 'TransactWriteItems';
}
export type AnyCommand = { [Op in Operation]: Command<Op> }[Operation];

/** The table's conditional write failed: the item's state is not what the write expected. */
export class ConditionalCheckFailedException extends Error {
  override readonly name = 'ConditionalCheckFailedException';
  /** The item as it stood, with `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'` (wire form). */
  readonly Item: Record<string, AttributeValue> | undefined;
  readonly $metadata: AwsError['$metadata'];
  constructor(message: string, metadata: AwsError['$metadata'], item?: Record<string, AttributeValue>) {
    super(message);
    this.$metadata = metadata;
    this.Item = item;
  }
}

/** A transaction was refused; `CancellationReasons` says why, item by item, in the order of `TransactItems`. */
export class TransactionCanceledException extends Error {
  override readonly name = 'TransactionCanceledException';
  readonly CancellationReasons: CancellationReason[] | undefined;
  readonly $metadata: AwsError['$metadata'];
  constructor(message: string, metadata: AwsError['$metadata'], reasons?: CancellationReason[]) {
    super(message);
    this.$metadata = metadata;
    this.CancellationReasons = reasons;
  }
}

type Json = Record<string, unknown>;

const toWire = (value: unknown) => marshall(value as Json, { removeUndefinedValues: true });
const fromWire = (value: unknown) => unmarshall(value as Record<string, AttributeValue>);

/** The document-level members of a request that carry attribute values, put on the wire as the SDK's client does. */
export function requestToWire(input: Json): Json {
  const wire: Json = { ...input };
  for (const member of ['Item', 'Key', 'ExpressionAttributeValues', 'ExclusiveStartKey'])
    if (input[member] !== undefined) wire[member] = toWire(input[member]);
  if (Array.isArray(input.TransactItems))
    wire.TransactItems = input.TransactItems.map((entry: Json) =>
      Object.fromEntries(Object.entries(entry).map(([kind, spec]) => [kind, requestToWire(spec as Json)])),
    );
  if (input.RequestItems)
    wire.RequestItems = Object.fromEntries(
      Object.entries(input.RequestItems as Record<string, Json>).map(([table, spec]) => [
        table,
        { ...spec, Keys: (spec.Keys as unknown[]).map(toWire) },
      ]),
    );
  return wire;
}

/** The answer with its attribute values read back into documents. */
export function responseFromWire(body: Json, metadata: Json): Json {
  const output: Json = { ...body, $metadata: metadata };
  for (const member of ['Item', 'Attributes', 'LastEvaluatedKey'])
    if (body[member]) output[member] = fromWire(body[member]);
  if (Array.isArray(body.Items)) output.Items = body.Items.map(fromWire);
  if (body.Responses)
    output.Responses = Object.fromEntries(
      Object.entries(body.Responses as Record<string, unknown[]>).map(([table, items]) => [table, items.map(fromWire)]),
    );
  if (body.UnprocessedKeys)
    output.UnprocessedKeys = Object.fromEntries(
      Object.entries(body.UnprocessedKeys as Record<string, Json>).map(([table, spec]) => [
        table,
        { ...spec, Keys: (spec.Keys as unknown[]).map(fromWire) },
      ]),
    );
  return output;
}

/** DynamoDB's own error for an answer: the two the adapters decide on, as classes; any other as the service named it. */
export function dynamoError(error: AwsError): Error {
  if (error.name === 'ConditionalCheckFailedException')
    return new ConditionalCheckFailedException(error.message, error.$metadata, error.body.Item as never);
  if (error.name === 'TransactionCanceledException')
    return new TransactionCanceledException(error.message, error.$metadata, error.body.CancellationReasons as never);
  return error;
}

export const DYNAMODB: AwsService = { signingName: 'dynamodb', endpointId: 'DYNAMODB', hostPrefix: 'dynamodb' };

/**
 * The table as the adapters use it: documents in, documents out, DynamoDB's JSON protocol on the wire (marshalled
 * with the SDK's own `util-dynamodb`, undefined members left out), retried as the SDK's standard mode retries.
 * Built on Signature Version 4 and `node:https` rather than the SDK's client: ~300 KB less in every bundle and the
 * cold start that goes with them (`npm run bench`).
 */
export class DocumentClient extends AwsClient {
  send<Op extends Operation>(command: Command<Op>): Promise<Operations[Op][1]> {
    return this.through(command.operation, command.input, () => this.request(command));
  }

  private async request<Op extends Operation>(command: Command<Op>): Promise<Operations[Op][1]> {
    const body = JSON.stringify(requestToWire(command.input as Json));
    const headers = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${command.operation}`,
    };
    const request = { operation: command.operation, method: 'POST', path: '/', headers, body };
    try {
      const answer = await callAws(DYNAMODB, request, { maxAttempts: this.maxAttempts }, this.context);
      const requestId = answer.headers['x-amzn-requestid'];
      const metadata = { httpStatusCode: answer.status, requestId, attempts: answer.attempts };
      return responseFromWire(JSON.parse(answer.body.toString('utf8') || '{}'), metadata) as Operations[Op][1];
    } catch (error) {
      throw error instanceof AwsError ? dynamoError(error) : error;
    }
  }
}
