import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SendRequest } from '../contracts/send-request.ts';
import type { SendQueue } from '../ports/send-queue.ts';

export class SqsSendQueue implements SendQueue {
  private readonly sqs: SQSClient;
  private readonly queueUrl: string;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  async enqueue(requests: readonly SendRequest[]): Promise<void> {
    for (let start = 0; start < requests.length; start += 10) {
      const batch = requests.slice(start, start + 10);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((request, i) => ({ Id: String(i), MessageBody: JSON.stringify(request) })),
        }),
      );
      if (result.Failed && result.Failed.length > 0)
        throw new Error(
          `The send queue refused ${result.Failed.length} of ${batch.length}: ${result.Failed[0]?.Message}`,
        );
    }
  }
}
