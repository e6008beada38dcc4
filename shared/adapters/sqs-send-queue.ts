import type { SendRequest } from '../contracts/send-request.ts';
import type { SendQueue } from '../ports/send-queue.ts';
import type { SqsApi } from './aws/services.ts';

export class SqsSendQueue implements SendQueue {
  private readonly sqs: SqsApi;
  private readonly queueUrl: string;

  constructor(sqs: SqsApi, queueUrl: string) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /** In batches of ten (SQS's most), sent in parallel; any refusal fails the whole call, so the caller retries. */
  async enqueue(requests: readonly SendRequest[]): Promise<void> {
    const batches = [];
    for (let start = 0; start < requests.length; start += 10) batches.push(requests.slice(start, start + 10));
    await Promise.all(batches.map((batch) => this.send(batch)));
  }

  private async send(batch: readonly SendRequest[]): Promise<void> {
    const result = await this.sqs.sendMessageBatch({
      QueueUrl: this.queueUrl,
      Entries: batch.map((request, i) => ({ Id: String(i), MessageBody: JSON.stringify(request) })),
    });
    if (result.Failed && result.Failed.length > 0)
      throw new Error(
        `The send queue refused ${result.Failed.length} of ${batch.length}: ${result.Failed[0]?.Message}`,
      );
  }
}
