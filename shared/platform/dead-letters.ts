import { SqsDeadLetters } from '../adapters/sqs-dead-letters.ts';
import { sqsClient } from './clients.ts';

/**
 * Where a queue consumer's failures end, from its invocation variables: its dead-letter queue, and the delivery
 * after which a failure goes there with its reason instead of back to the queue.
 */
export function deadLettering(env: { DEAD_LETTER_QUEUE_URL: string; MAX_RECEIVE_COUNT: number }) {
  return {
    deadLetters: new SqsDeadLetters(sqsClient(), env.DEAD_LETTER_QUEUE_URL),
    maxReceiveCount: env.MAX_RECEIVE_COUNT,
  };
}
