import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueStore, ReceivedMessage } from './aws/queue-store.ts';
import { ACCOUNT } from './aws/sqs-api.ts';
import type { LocalFunction } from './functions/host.ts';

export interface MappingOptions {
  queue: string;
  fn: LocalFunction;
  batchSize: number;
  maxConcurrency: number;
  region: string;
  /** First retry delay; each later one doubles, capped by the queue's visibility timeout. */
  retryBaseMs: number;
  visibilityTimeoutSeconds: number;
  log: (line: string) => void;
}

/** The record Lambda's SQS event source mapping gives a function for one message. */
export function sqsRecord(
  message: Pick<
    ReceivedMessage,
    'messageId' | 'receiptHandle' | 'body' | 'receiveCount' | 'sentTimestamp' | 'firstReceiveTimestamp' | 'md5OfBody'
  >,
  queue: string,
  region: string,
) {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentTimestamp),
      SenderId: ACCOUNT,
      ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
    },
    messageAttributes: {},
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${region}:${ACCOUNT}:${queue}`,
    awsRegion: region,
  };
}

/**
 * Lambda's SQS event source mapping, locally: up to `maxConcurrency` pollers take batches, invoke the function,
 * delete what succeeded (honouring `batchItemFailures`) and leave the rest to come back after a backoff. A thrown
 * error fails the whole batch. Redrive to the dead-letter queue is the queue store's, as in SQS.
 */
export function startEventSourceMapping(store: QueueStore, options: MappingOptions): { stop(): Promise<void> } {
  let running = true;
  const sleepers = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of sleepers) wake();
  };
  const unsubscribe = store.onSend(options.queue, wakeAll);

  const backoffMs = (receiveCount: number) =>
    Math.min(options.visibilityTimeoutSeconds * 1000, options.retryBaseMs * 2 ** Math.max(0, receiveCount - 1));

  const poll = async () => {
    while (running) {
      const messages = store.receive(options.queue, options.batchSize);
      if (messages.length === 0) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            sleepers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, 250);
          sleepers.add(wake);
        });
        continue;
      }
      const event: SQSEvent = { Records: messages.map((m) => sqsRecord(m, options.queue, options.region)) } as SQSEvent;
      let failed: Set<string>;
      try {
        const response = (await options.fn.invoke(event)) as SQSBatchResponse | undefined;
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        options.log(`${options.fn.name} failed a batch of ${messages.length}: ${(error as Error).message}`);
        failed = new Set(messages.map((m) => m.messageId));
      }
      for (const message of messages) {
        if (failed.has(message.messageId))
          store.changeVisibility(options.queue, message.receiptHandle, backoffMs(message.receiveCount));
        else store.delete(options.queue, message.receiptHandle);
      }
    }
  };

  const pollers = Array.from({ length: options.maxConcurrency }, () => poll());
  return {
    async stop() {
      running = false;
      wakeAll();
      unsubscribe();
      await Promise.allSettled(pollers);
    },
  };
}
