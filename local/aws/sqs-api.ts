import { type ApiService, AwsApiError } from './errors.ts';
import type { MessageAttributes, QueueStore } from './queue-store.ts';

export const ACCOUNT = '000000000000';

/**
 * The SQS JSON protocol over the local queue store: what handlers, tests and the redrive command use. Long because
 * it is a table of API operations, one entry each, read against AWS's reference entry by entry.
 */
export function sqsApi(store: QueueStore, baseUrl: () => string, region: string): ApiService {
  const queueUrl = (name: string) => `${baseUrl()}/${ACCOUNT}/${name}`;
  const arn = (name: string) => `arn:aws:sqs:${region}:${ACCOUNT}:${name}`;
  const nameOf = (input: Record<string, unknown>, field = 'QueueUrl') => {
    const value = input[field];
    const name = typeof value === 'string' ? value.split(/[/:]/).pop() : undefined;
    if (name === undefined || !store.has(name)) {
      throw new AwsApiError(
        'com.amazonaws.sqs#QueueDoesNotExist',
        `The specified queue does not exist: ${String(value)}`,
      );
    }
    return name;
  };
  const text = (input: Record<string, unknown>, field: string) => {
    const value = input[field];
    if (typeof value !== 'string')
      throw new AwsApiError('com.amazonaws.sqs#InvalidParameterValue', `${field} is required`);
    return value;
  };

  return {
    GetQueueUrl: (input) => ({ QueueUrl: queueUrl(nameOf(input, 'QueueName')) }),
    ListQueues: (input) => {
      const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
      return {
        QueueUrls: store
          .names()
          .filter((name) => name.startsWith(prefix))
          .map(queueUrl),
      };
    },
    SendMessage: (input) => {
      const name = nameOf(input);
      const body = text(input, 'MessageBody');
      if (Buffer.byteLength(body) > 262_144)
        throw new AwsApiError('com.amazonaws.sqs#InvalidParameterValue', 'Message too long');
      const delay = typeof input.DelaySeconds === 'number' ? input.DelaySeconds : 0;
      const { messageId, md5OfBody } = store.send(
        name,
        body,
        (input.MessageAttributes ?? {}) as MessageAttributes,
        delay,
      );
      return { MessageId: messageId, MD5OfMessageBody: md5OfBody };
    },
    SendMessageBatch: (input) => {
      const name = nameOf(input);
      const entries = Array.isArray(input.Entries) ? (input.Entries as Record<string, unknown>[]) : [];
      if (entries.length === 0 || entries.length > 10)
        throw new AwsApiError('com.amazonaws.sqs#TooManyEntriesInBatchRequest', 'A batch holds 1 to 10 entries');
      const total = entries.reduce((sum, entry) => sum + Buffer.byteLength(String(entry.MessageBody ?? '')), 0);
      if (total > 262_144)
        throw new AwsApiError('com.amazonaws.sqs#BatchRequestTooLong', 'The batch is longer than 256 KiB');
      return {
        Successful: entries.map((entry) => {
          const { messageId, md5OfBody } = store.send(
            name,
            text(entry, 'MessageBody'),
            (entry.MessageAttributes ?? {}) as MessageAttributes,
            typeof entry.DelaySeconds === 'number' ? entry.DelaySeconds : 0,
          );
          return { Id: entry.Id, MessageId: messageId, MD5OfMessageBody: md5OfBody };
        }),
        Failed: [],
      };
    },
    ReceiveMessage: (input) => {
      const name = nameOf(input);
      const max = Math.min(10, Math.max(1, Number(input.MaxNumberOfMessages ?? 1)));
      const visibility = typeof input.VisibilityTimeout === 'number' ? input.VisibilityTimeout * 1000 : undefined;
      const messages = store.receive(name, max, visibility);
      return {
        Messages: messages.map((m) => ({
          MessageId: m.messageId,
          ReceiptHandle: m.receiptHandle,
          MD5OfBody: m.md5OfBody,
          Body: m.body,
          Attributes: {
            ApproximateReceiveCount: String(m.receiveCount),
            SentTimestamp: String(m.sentTimestamp),
            ApproximateFirstReceiveTimestamp: String(m.firstReceiveTimestamp),
          },
          MessageAttributes: m.attributes,
        })),
      };
    },
    DeleteMessage: (input) => {
      const name = nameOf(input);
      if (!store.delete(name, text(input, 'ReceiptHandle'))) {
        throw new AwsApiError('com.amazonaws.sqs#ReceiptHandleIsInvalid', 'The receipt handle is not valid');
      }
      return {};
    },
    ChangeMessageVisibility: (input) => {
      const name = nameOf(input);
      store.changeVisibility(name, text(input, 'ReceiptHandle'), Number(input.VisibilityTimeout ?? 0) * 1000);
      return {};
    },
    GetQueueAttributes: (input) => {
      const name = nameOf(input);
      const counts = store.counts(name);
      const definition = store.definition(name);
      return {
        Attributes: {
          QueueArn: arn(name),
          ApproximateNumberOfMessages: String(counts.visible),
          ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
          VisibilityTimeout: String(definition?.visibilityTimeoutSeconds ?? 30),
          ...(definition?.redrive
            ? {
                RedrivePolicy: JSON.stringify({
                  deadLetterTargetArn: arn(definition.redrive.deadLetterQueue),
                  maxReceiveCount: definition.redrive.maxReceiveCount,
                }),
              }
            : {}),
        },
      };
    },
    PurgeQueue: (input) => {
      store.purge(nameOf(input));
      return {};
    },
    /** Redrive: moves a dead-letter queue's messages back to the queue that feeds it (or to DestinationArn). */
    StartMessageMoveTask: (input) => {
      const source = nameOf(input, 'SourceArn');
      const destination =
        typeof input.DestinationArn === 'string'
          ? nameOf(input, 'DestinationArn')
          : store.names().find((name) => store.definition(name)?.redrive?.deadLetterQueue === source);
      if (destination === undefined) {
        throw new AwsApiError(
          'com.amazonaws.sqs#InvalidParameterValue',
          `No queue uses ${source} as its dead-letter queue`,
        );
      }
      const moved = store.moveAll(source, destination);
      return { TaskHandle: `${source}:${destination}:${moved}` };
    },
  };
}
