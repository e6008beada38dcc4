import type { DeadLetter, DeadLetters } from '../ports/dead-letters.ts';
import type { SqsApi } from './aws/services.ts';

/** Puts a message that retries cannot fix on the function's dead-letter queue, its reason in message attributes. */
export class SqsDeadLetters implements DeadLetters {
  private readonly sqs: SqsApi;
  private readonly queueUrl: string;

  constructor(sqs: SqsApi, queueUrl: string) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  async put(letter: DeadLetter): Promise<void> {
    const text = (value: string) => ({ DataType: 'String', StringValue: value.slice(0, 1000) || '-' });
    await this.sqs.sendMessage({
      QueueUrl: this.queueUrl,
      MessageBody: letter.body,
      MessageAttributes: {
        reason: text(letter.reason),
        errorName: text(letter.errorName),
        source: text(letter.source),
        receiveCount: { DataType: 'Number', StringValue: String(letter.receiveCount) },
      },
    });
  }
}
