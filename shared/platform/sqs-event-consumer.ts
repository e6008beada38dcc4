import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import type { EventContract } from '../contracts/contract.ts';
import { formatIssues } from '../contracts/issues.ts';
import { DomainError, InvalidInput } from '../domain/errors.ts';
import type { DeadLetters } from '../ports/dead-letters.ts';
import { logger } from './observability.ts';

/** The envelope EventBridge gives every event it delivers to a target. */
const eventBridgeEnvelope = z.object({
  version: z.string(),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
});

export interface EventConsumerOptions<S extends z.ZodType> {
  contract: EventContract<S>;
  handle: (detail: z.output<S>, meta: { eventId: string; source: string }) => Promise<unknown>;
  deadLetters: DeadLetters;
  /** The queue's maxReceiveCount: on the last delivery a failure goes to the dead letters with its reason. */
  maxReceiveCount: number;
}

function parse<S extends z.ZodType>(contract: EventContract<S>, body: string) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidInput('Message body is not JSON');
  }
  const envelope = eventBridgeEnvelope.safeParse(json);
  if (!envelope.success) throw new InvalidInput('Not an EventBridge event', formatIssues(envelope.error));
  if (envelope.data['detail-type'] !== contract.detailType) {
    throw new InvalidInput(`Expected detail-type "${contract.detailType}", got "${envelope.data['detail-type']}"`);
  }
  const detail = contract.detail.safeParse(envelope.data.detail);
  if (!detail.success)
    throw new InvalidInput(`Invalid ${contract.detailType} detail`, formatIssues(detail.error, 'detail'));
  return { detail: detail.data, eventId: envelope.data.id, source: envelope.data.source };
}

/**
 * An SQS consumer of one EventBridge contract with partial batch responses.
 * - Input that breaks the contract, and any permanent domain error, goes to the dead letters at once with its
 *   reason: retrying cannot fix it, and nothing has been written for it.
 * - Any other error is retried by the queue; on the last delivery it goes to the dead letters with its reason
 *   instead, so every dead letter says why it is there.
 */
export function sqsEventConsumer<S extends z.ZodType>(options: EventConsumerOptions<S>) {
  const processor = new BatchProcessor(EventType.SQS);

  const recordHandler = async (record: SQSRecord) => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    try {
      const { detail, eventId, source } = parse(options.contract, record.body);
      await options.handle(detail, { eventId, source });
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      const permanent = err instanceof DomainError && err.permanent;
      const lastDelivery = receiveCount >= options.maxReceiveCount;
      if (!permanent && !lastDelivery) {
        logger.warn('Retrying message', { messageId: record.messageId, receiveCount, error: err });
        throw err;
      }
      logger.error('Dead-lettering message', {
        messageId: record.messageId,
        receiveCount,
        reason: err.message,
        error: err,
      });
      await options.deadLetters.put({
        body: record.body,
        reason: err.message,
        errorName: err.name,
        source: options.contract.detailType,
        receiveCount,
      });
    }
  };

  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
}
