import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, beforeEach } from 'vitest';
import { createTable } from '#local/dynamodb.ts';
import type { MemoryDynamoDb } from '#local/table-model/database.ts';
import { directDocumentClient } from '#local/table-model/direct-client.ts';
import { memoryDocumentClient } from '#local/table-model/sdk-handler.ts';
import type { DocumentClient } from '#shared/adapters/aws/dynamodb.ts';
import { DynamoDbSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { DynamoDbSurveyRepository } from '#shared/adapters/dynamodb/survey-repository.ts';
import { parseConfig } from '#shared/config/load.ts';
import type { CloseloopConfig } from '#shared/config/schema.ts';
import { PurchaseCompleted } from '#shared/contracts/purchase-completed.ts';
import type { SendRequest } from '#shared/contracts/send-request.ts';
import { TicketClosed } from '#shared/contracts/ticket-closed.ts';
import type { SendQueue } from '#shared/ports/send-queue.ts';
import type { SendRateLimiter } from '#shared/ports/send-rate.ts';
import { tableLayout } from '#shared/topology/sizing.ts';
import { sendSurvey } from '#shared/use-cases/send-survey.ts';
import { sweepDue } from '#shared/use-cases/sweep-due.ts';
import { FixedKeys, ManualClock, RecordingMailer, RecordingPublisher } from './fakes.ts';
import { closeloopDocumentClient, credentials, localClients, region, unique } from './runtime.ts';

/**
 * A closeloop's program rules on DynamoDB Local, use case by use case: the setup the program tests share.
 */
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const T0 = '2026-11-23T10:00:00.000Z';
export const at = (ms: number) => new Date(Date.parse(T0) + ms);
/** The queue message a send request arrives in: one per request, as the sweep and the scheduler send them. */
export const messageOf = (request: { surveyId: string; step: string; asOf: string }) =>
  `${request.surveyId}-${request.step}-${request.asOf}`;

let client: DynamoDBClient;
export let db: DocumentClient;
/** The load model's table, when the tests run on it. */
export let memory: MemoryDynamoDb | undefined;
export let tableName = '';

/**
 * The table the use cases run on: DynamoDB Local (the integration project), or the load model's in-process table
 * (`CLOSELOOP_TABLE_MODEL`: `sdk` through the SDK's own serialization, `direct` through the model's document
 * client). The same tests pass on each: that is the model's proof of equivalence.
 */
export const TABLE_MODEL = process.env.CLOSELOOP_TABLE_MODEL as 'sdk' | 'direct' | undefined;

/** Each test its own table: a sweep sees only the surveys (and reminders) of the test that runs it. */
export function tablePerTest() {
  beforeAll(() => {
    if (TABLE_MODEL) {
      const model = memoryDocumentClient();
      memory = model.db;
      client = model.client;
      db = TABLE_MODEL === 'direct' ? directDocumentClient(model.db) : model.doc;
      return;
    }
    const { urls } = localClients();
    client = new DynamoDBClient({ endpoint: urls.dynamodb, region, credentials });
    db = closeloopDocumentClient(urls.dynamodb);
  });
  beforeEach(async () => {
    tableName = unique('programs');
    await createTable(client, tableName);
  });
}

export const store = { brandName: 'Acme', sender: { email: 'feedback@acme.example' } };

class CapturingQueue implements SendQueue {
  readonly requests: SendRequest[] = [];
  async enqueue(requests: readonly SendRequest[]) {
    this.requests.push(...requests);
  }
}

/** A closeloop with the configuration's programs, its own clock, a recording mailer and bus (on `client`'s table). */
export function pipeline(
  config: CloseloopConfig = parseConfig({ stores: { '*': store } }, 'test'),
  client: DocumentClient = db,
) {
  const clock = new ManualClock(T0);
  const surveys = new DynamoDbSurveyRepository(client, tableName, tableLayout(config));
  const suppressions = new DynamoDbSuppressionList(client, tableName);
  const mailer = new RecordingMailer();
  const events = new RecordingPublisher();
  const sendQueue = new CapturingQueue();
  const schedule = { surveys, events, sendQueue, clock, config };
  const send = {
    surveys,
    suppressions,
    mailer,
    events,
    rateLimiter: { acquire: async () => undefined } as SendRateLimiter,
    keys: new FixedKeys(),
    clock,
    config,
    publicBaseUrl: 'https://feedback.acme.example',
    sendLeaseSeconds: 120,
  };
  /** Runs the sweep for `asOf` (the clock moves there too), then the sender over everything queued. */
  const sweepAt = async (asOf: Date) => {
    clock.advance(asOf.getTime() - clock.now().getTime());
    await sweepDue({ surveys, sendQueue }, asOf);
    return drain();
  };
  const drain = async () => {
    const outcomes: string[] = [];
    for (let request = sendQueue.requests.shift(); request; request = sendQueue.requests.shift())
      outcomes.push(`${request.step}:${await sendSurvey(send, request, messageOf(request))}`);
    return outcomes;
  };
  const skipped = () =>
    events.published
      .filter((e) => e.detailType === 'Survey Skipped')
      .map((e) => (e.detail as { reason: string }).reason);
  return { clock, surveys, suppressions, mailer, events, sendQueue, schedule, send, sweepAt, drain, skipped };
}

export const purchase = (customerId: string, overrides: Record<string, unknown> = {}) =>
  PurchaseCompleted.detail.parse({
    orderId: unique('ord'),
    storeId: 'store-1',
    customer: { id: customerId, email: `${customerId}@example.com`, name: 'Ana' },
    total: 10,
    currency: 'EUR',
    occurredAt: T0,
    ...overrides,
  });

export const ticket = (customerId: string, overrides: Record<string, unknown> = {}) =>
  TicketClosed.detail.parse({
    ticketId: unique('T'),
    storeId: 'store-1',
    customer: { id: customerId, email: `${customerId}@example.com` },
    agent: { id: 'agent-7' },
    channel: 'chat',
    openedAt: '2026-11-23T08:00:00.000Z',
    closedAt: T0,
    ...overrides,
  });
