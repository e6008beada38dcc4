import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import '../contracts/zod-mini.ts';
import { type EventContract, readDetail } from '../contracts/contract.ts';
import { formatIssues } from '../contracts/issues.ts';
import { DomainError, InvalidInput } from '../domain/errors.ts';
import type { DeadLetters } from '../ports/dead-letters.ts';
import { countMetric } from './business-metrics.ts';
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

export interface EventMeta {
  eventId: string;
  source: string;
}

/** One contract a consumer takes and what it does with a valid detail. Build it with `on`, which keeps the types. */
export interface EventRoute {
  contract: EventContract<z.ZodMiniType>;
  handle: (detail: unknown, meta: EventMeta) => Promise<unknown>;
}

export function on<S extends z.ZodMiniType>(
  contract: EventContract<S>,
  handle: (detail: z.output<S>, meta: EventMeta) => Promise<unknown>,
): EventRoute {
  return { contract, handle: (detail, meta) => handle(detail as z.output<S>, meta) };
}

export interface EventConsumerOptions {
  /** The contracts this consumer takes, by detail-type; any other detail-type is bad input. */
  routes: readonly EventRoute[];
  deadLetters: DeadLetters;
  /** The queue's maxReceiveCount: on the last delivery a failure goes to the dead letters with its reason. */
  maxReceiveCount: number;
}

function parse(routes: readonly EventRoute[], body: string) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidInput('Message body is not JSON');
  }
  const envelope = eventBridgeEnvelope.safeParse(json);
  if (!envelope.success) throw new InvalidInput('Not an EventBridge event', formatIssues(envelope.error));
  const detailType = envelope.data['detail-type'];
  const route = routes.find((candidate) => candidate.contract.detailType === detailType);
  if (route === undefined) {
    const expected = routes.map((r) => `"${r.contract.detailType}"`).join(' or ');
    throw new InvalidInput(`Expected detail-type ${expected}, got "${detailType}"`);
  }
  const { result: detail, ignored } = readDetail(route.contract, envelope.data.detail);
  if (!detail.success) throw new InvalidInput(`Invalid ${detailType} detail`, formatIssues(detail.error, 'detail'));
  // Optional values the contract reads leniently: dropped, and said so (the field and why, never the value).
  if (ignored.length > 0) {
    logger.warn('Ignored optional values', { detailType, eventId: envelope.data.id, ignored });
    for (const { field } of ignored) countMetric('OptionalValuesIgnored', { reason: field });
  }
  return { route, detail: detail.data, eventId: envelope.data.id, source: envelope.data.source };
}

/** The detail-type a dead letter came as, when its body says: what an operator sorts dead letters by. */
function detailTypeOf(body: string): string {
  try {
    const type = (JSON.parse(body) as Record<string, unknown>)['detail-type'];
    return typeof type === 'string' ? type.slice(0, 256) : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * An SQS consumer of one or more EventBridge contracts with partial batch responses.
 * - Input that breaks the contract, and any permanent domain error, goes to the dead letters at once with its
 *   reason: retrying cannot fix it, and nothing has been written for it.
 * - Any other error is retried by the queue; on the last delivery it goes to the dead letters with its reason
 *   instead, so every dead letter says why it is there.
 */
export function sqsEventConsumer(options: EventConsumerOptions) {
  return sqsConsumer({
    ...options,
    process: async (body) => {
      const { route, detail, eventId, source } = parse(options.routes, body);
      await route.handle(detail, { eventId, source });
    },
    sourceOf: detailTypeOf,
  });
}

export interface MessageConsumerOptions<S extends z.ZodMiniType> {
  /** What the queue's messages are (closeloop's own, not EventBridge events); named in dead letters. */
  name: string;
  schema: S;
  handle: (message: z.output<S>, meta: { messageId: string }) => Promise<unknown>;
  deadLetters: DeadLetters;
  maxReceiveCount: number;
  /**
   * One record at a time instead of the whole batch at once. For consumers with a side effect no transaction can
   * cover (an email): a crash then repeats at most the one record in hand, not every record of the batch.
   */
  oneAtATime?: boolean;
}

/** An SQS consumer of closeloop's own JSON messages, with the same dead-letter rules as the event consumer. */
export function sqsMessageConsumer<S extends z.ZodMiniType>(options: MessageConsumerOptions<S>) {
  return sqsConsumer({
    ...options,
    process: async (body, record) => {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw new InvalidInput('Message body is not JSON');
      }
      const message = options.schema.safeParse(json);
      if (!message.success) throw new InvalidInput(`Invalid ${options.name}`, formatIssues(message.error));
      await options.handle(message.data, { messageId: record.messageId });
    },
    sourceOf: () => options.name,
  });
}

function sqsConsumer(options: {
  process: (body: string, record: SQSRecord) => Promise<void>;
  sourceOf: (body: string) => string;
  deadLetters: DeadLetters;
  maxReceiveCount: number;
  oneAtATime?: boolean | undefined;
}) {
  const processor = new BatchProcessor(EventType.SQS);

  const recordHandler = async (record: SQSRecord) => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    try {
      await options.process(record.body, record);
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
        source: options.sourceOf(record.body),
        receiveCount,
      });
    }
  };

  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, recordHandler, processor, {
      context,
      throwOnFullBatchFailure: false,
      processInParallel: options.oneAtATime !== true,
    });
}
