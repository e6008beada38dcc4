import { randomUUID } from 'node:crypto';
import { ACCOUNT } from '../local/aws/sqs-api.ts';
import type { CapacitySnapshot } from '../local/capacity-meter.ts';
import { sqsRecord } from '../local/event-source-mapping.ts';
import type { AwsClient } from '../shared/adapters/aws/client.ts';
import { round } from './stats.ts';

/** The answers of the benchmark's surveys, a class at a time: the score each class answers with. */
export const CLASSES = { passive: 8, promoter: 10, detractor: 3 } as const;
export type AnswerClass = keyof typeof CLASSES;

/**
 * The mix the cost per 1,000 answered surveys is priced at: a typical NPS program's (half promoters, three in ten
 * passives, one in five detractors). Each class's own figures stand beside it.
 */
export const MIX: Record<AnswerClass, number> = { promoter: 0.5, passive: 0.3, detractor: 0.2 };

/** An EventBridge event as a queue consumer receives it: the envelope in an SQS record. */
export function queued(source: string, detailType: string, detail: unknown, queue: string) {
  const envelope = {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: ACCOUNT,
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail,
  };
  return queueEvent(JSON.stringify(envelope), queue);
}

/** A message's body as a queue consumer receives it: one SQS record, delivered for the first time. */
export function queueEvent(body: string, queue: string) {
  const now = Date.now();
  const message = {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body,
    receiveCount: 1,
    sentTimestamp: now,
    firstReceiveTimestamp: now,
    md5OfBody: '',
  };
  return { Records: [sqsRecord(message, queue, 'us-east-1')] };
}

/** What SES puts on the bus once the recipient's server took the email. */
export function delivered(email: { messageId: string; to: string; surveyId: string; storeId: string }) {
  return {
    eventType: 'Delivery',
    mail: {
      messageId: email.messageId,
      timestamp: new Date().toISOString(),
      destination: [email.to],
      tags: { surveyId: [email.surveyId], program: ['purchase-nps'], storeId: [email.storeId] },
    },
    delivery: { recipients: [email.to], timestamp: new Date().toISOString(), smtpResponse: '250 OK' },
  };
}

type EventBridgeClientLike = Pick<AwsClient, 'use'>;

/**
 * The functions' events, taken at the client instead of the bus: the benchmark hands each to the consumer it
 * measures, and the runtime's own consumers never see them (they would do the same work unmetered).
 */
export function captureEvents(client: EventBridgeClientLike) {
  const captured: { detailType: string; detail: unknown }[] = [];
  // Added after the meter, so inside it: the meter still counts each PutEvents.
  client.use(async ({ input }) => {
    const entries = (input.Entries ?? []) as { DetailType?: string; Detail?: string }[];
    for (const entry of entries)
      captured.push({ detailType: entry.DetailType ?? '', detail: JSON.parse(entry.Detail ?? '{}') });
    return {
      FailedEntryCount: 0,
      Entries: entries.map(() => ({ EventId: randomUUID() })),
      $metadata: { httpStatusCode: 200, attempts: 1 },
    };
  });
  return {
    /** The events put since the last call, which are then forgotten. */
    take(): { detailType: string; detail: unknown }[] {
      return captured.splice(0);
    },
  };
}

const READS = ['GetItem', 'Query', 'BatchGetItem', 'Scan', 'TransactGetItems'];

/** Each class's DynamoDB units and write requests per survey, and its write units by table and index. */
export function summariseClasses(
  perClass: Partial<Record<AnswerClass | 'unanswered', { surveys: number; capacity: CapacitySnapshot }>>,
) {
  return Object.entries(perClass).map(([answer, { surveys, capacity: c }]) => ({
    class: answer,
    surveys,
    writeUnitsPerSurvey: round(c.total.writeUnits / surveys, 2),
    readUnitsPerSurvey: round(c.total.readUnits / surveys, 2),
    writeRequestsPerSurvey: round(
      Object.entries(c.byOperation)
        .filter(([operation]) => !READS.includes(operation))
        .reduce((sum, [, count]) => sum + count.requests, 0) / surveys,
      2,
    ),
    writeUnitsByTarget: Object.fromEntries(
      Object.entries(c.byTarget).map(([target, units]) => [target, round(units.writeUnits / surveys, 2)]),
    ),
  }));
}
