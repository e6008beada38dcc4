import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTable } from '#local/dynamodb.ts';
import { DynamoDbSendRateLimiter } from '#shared/adapters/dynamodb/send-rate-limiter.ts';
import { DynamoDbSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { DynamoDbSurveyRepository } from '#shared/adapters/dynamodb/survey-repository.ts';
import { parseConfig } from '#shared/config/load.ts';
import type { CloseloopConfig } from '#shared/config/schema.ts';
import { PurchaseCompleted } from '#shared/contracts/purchase-completed.ts';
import type { SendRequest } from '#shared/contracts/send-request.ts';
import { TicketClosed } from '#shared/contracts/ticket-closed.ts';
import { surveyIdFor } from '#shared/domain/survey.ts';
import type { SendQueue } from '#shared/ports/send-queue.ts';
import {
  cancelOrderSurveys,
  cancelTicketSurveys,
  schedulePurchaseSurveys,
  scheduleTicketSurveys,
} from '#shared/use-cases/schedule-survey.ts';
import { sendSurvey } from '#shared/use-cases/send-survey.ts';
import { sweepDue } from '#shared/use-cases/sweep-due.ts';
import { FixedKeys, ManualClock, RecordingMailer, RecordingPublisher } from '../support/fakes.ts';
import { credentials, localClients, region, unique } from '../support/runtime.ts';

/**
 * The program rules, use case by use case, on DynamoDB Local (their conditional writes and transactions are the
 * point), each test in a table of its own, so its sweeps see only its surveys. Time is a manual clock and the time
 * each sweep stands for: nothing here waits.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = '2026-11-23T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms);
/** The queue message a send request arrives in: one per request, as the sweep and the scheduler send them. */
const messageOf = (request: { surveyId: string; step: string; asOf: string }) =>
  `${request.surveyId}-${request.step}-${request.asOf}`;

let client: DynamoDBClient;
let db: DynamoDBDocumentClient;
let tableName = '';

beforeAll(() => {
  const { urls } = localClients();
  client = new DynamoDBClient({ endpoint: urls.dynamodb, region, credentials });
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
});

// Each test its own table: a sweep sees only the surveys (and reminders) of the test that runs it.
beforeEach(async () => {
  tableName = unique('programs');
  await createTable(client, tableName);
});

const store = { brandName: 'Acme', sender: { email: 'feedback@acme.example' } };

class CapturingQueue implements SendQueue {
  readonly requests: SendRequest[] = [];
  async enqueue(requests: readonly SendRequest[]) {
    this.requests.push(...requests);
  }
}

/** A closeloop with the configuration's programs, its own clock, a recording mailer and bus. */
function pipeline(config: CloseloopConfig = parseConfig({ stores: { '*': store } }, 'test')) {
  const clock = new ManualClock(T0);
  const surveys = new DynamoDbSurveyRepository(db, tableName);
  const suppressions = new DynamoDbSuppressionList(db, tableName);
  const mailer = new RecordingMailer();
  const events = new RecordingPublisher();
  const sendQueue = new CapturingQueue();
  const schedule = { surveys, events, sendQueue, clock, config };
  const send = {
    surveys,
    suppressions,
    mailer,
    events,
    rateLimiter: { acquire: async () => undefined },
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

const purchase = (customerId: string, overrides: Record<string, unknown> = {}) =>
  PurchaseCompleted.detail.parse({
    orderId: unique('ord'),
    storeId: 'store-1',
    customer: { id: customerId, email: `${customerId}@example.com`, name: 'Ana' },
    total: 10,
    currency: 'EUR',
    occurredAt: T0,
    ...overrides,
  });

const ticket = (customerId: string, overrides: Record<string, unknown> = {}) =>
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

describe('delays: a survey waits in the due-time index for its sweep', () => {
  it('sends a purchase NPS 7 days after the purchase, not a minute before', async () => {
    const p = pipeline();
    const customer = unique('cus');
    expect(await schedulePurchaseSurveys(p.schedule, purchase(customer))).toEqual({ 'purchase-nps': 'scheduled' });
    expect(p.sendQueue.requests).toHaveLength(0);
    expect(await p.sweepAt(at(7 * DAY - 60_000))).toEqual([]);
    expect(await p.sweepAt(at(7 * DAY))).toEqual(['survey:sent']);
    expect(p.mailer.sent.map((e) => e.to)).toEqual([`${customer}@example.com`]);
    expect(p.events.published.map((e) => e.detailType)).toEqual(['Survey Sent']);
  });

  it('sends a closed ticket CSAT 24 hours after the close', async () => {
    const p = pipeline();
    expect(await scheduleTicketSurveys(p.schedule, ticket(unique('cus')))).toEqual({ 'ticket-csat': 'scheduled' });
    expect(await p.sweepAt(at(24 * HOUR - 60_000))).toEqual([]);
    expect(await p.sweepAt(at(24 * HOUR))).toEqual(['survey:sent']);
    expect(p.mailer.sent[0]?.subject).toMatch(/Acme/);
  });

  it('queues at once what is due already (a zero delay), and one survey per order however often it comes', async () => {
    const config = parseConfig(
      {
        stores: { '*': store },
        programs: { 'purchase-nps': { trigger: 'Purchase Completed', survey: 'nps', delay: '0s' } },
      },
      'test',
    );
    const p = pipeline(config);
    const event = purchase(unique('cus'));
    expect(await schedulePurchaseSurveys(p.schedule, event)).toEqual({ 'purchase-nps': 'queued' });
    expect(await schedulePurchaseSurveys(p.schedule, event)).toEqual({ 'purchase-nps': 'exists' });
    expect(await p.drain()).toEqual(['survey:sent']);
    // The same send request delivered again (SQS is at-least-once) sends nothing more.
    expect(
      await sendSurvey(
        p.send,
        {
          surveyId: surveyIdFor('purchase-nps', 'store-1', { type: 'order', id: event.orderId }),
          step: 'survey',
          asOf: T0,
        },
        'message-redelivered',
      ),
    ).toBe('already-done');
    expect(p.mailer.sent).toHaveLength(1);
  });
});

describe('eligibility, decided once and recorded with its reason', () => {
  it('skips an event that says "survey": false, and announces why', async () => {
    const p = pipeline();
    expect(await schedulePurchaseSurveys(p.schedule, purchase(unique('cus'), { survey: false }))).toEqual({
      'purchase-nps': 'skipped',
    });
    expect(p.skipped()).toEqual(['opted-out']);
    expect(await p.sweepAt(at(8 * DAY))).toEqual([]);
  });

  it('samples by the survey id: 0 % skips every survey, and the decision is stored', async () => {
    const config = parseConfig(
      { stores: { '*': { ...store, programs: { 'purchase-nps': { samplingPercent: 0 } } } } },
      'test',
    );
    const p = pipeline(config);
    const event = purchase(unique('cus'));
    await schedulePurchaseSurveys(p.schedule, event);
    expect(p.skipped()).toEqual(['not-sampled']);
    const survey = await p.surveys.get(surveyIdFor('purchase-nps', 'store-1', { type: 'order', id: event.orderId }));
    expect(survey).toMatchObject({ status: 'skipped', skipReason: 'not-sampled' });
  });

  it('skips a suppressed address with the suppression reason', async () => {
    const p = pipeline();
    const customer = unique('cus');
    await p.suppressions.suppress(`${customer}@example.com`, 'unsubscribed', T0);
    await schedulePurchaseSurveys(p.schedule, purchase(customer));
    expect(await p.sweepAt(at(7 * DAY))).toEqual(['survey:skipped']);
    expect(p.skipped()).toEqual(['unsubscribed']);
    expect(p.mailer.sent).toHaveLength(0);
  });

  // Reminders off here: the throttle is the point, and a reminder would share the sweeps.
  const noReminders = () =>
    parseConfig(
      {
        stores: {
          '*': { ...store, programs: { 'purchase-nps': { reminder: false }, 'ticket-csat': { reminder: false } } },
        },
      },
      'test',
    );

  it('throttles a program per customer for 90 days by default', async () => {
    const p = pipeline(noReminders());
    const customer = unique('cus');
    await schedulePurchaseSurveys(p.schedule, purchase(customer));
    expect(await p.sweepAt(at(7 * DAY))).toEqual(['survey:sent']);
    // A second order 10 days later is due at day 17: inside 90 days of the first survey.
    await schedulePurchaseSurveys(p.schedule, purchase(customer, { occurredAt: at(10 * DAY).toISOString() }));
    expect(await p.sweepAt(at(17 * DAY))).toEqual(['survey:skipped']);
    expect(p.skipped()).toEqual(['program-throttle']);
    // An order 90 days after the first survey is surveyed again.
    await schedulePurchaseSurveys(p.schedule, purchase(customer, { occurredAt: at(90 * DAY).toISOString() }));
    expect(await p.sweepAt(at(97 * DAY))).toEqual(['survey:sent']);
    expect(p.mailer.sent).toHaveLength(2);
  });

  it('throttles the ticket program for 7 days by default', async () => {
    const p = pipeline(noReminders());
    const customer = unique('cus');
    await scheduleTicketSurveys(p.schedule, ticket(customer));
    expect(await p.sweepAt(at(1 * DAY))).toEqual(['survey:sent']);
    await scheduleTicketSurveys(p.schedule, ticket(customer, { closedAt: at(4 * DAY).toISOString() }));
    expect(await p.sweepAt(at(5 * DAY))).toEqual(['survey:skipped']);
    await scheduleTicketSurveys(p.schedule, ticket(customer, { closedAt: at(7 * DAY).toISOString() }));
    expect(await p.sweepAt(at(8 * DAY))).toEqual(['survey:sent']);
    expect(p.skipped()).toEqual(['program-throttle']);
  });

  it('keeps every program to one survey per customer per 3 days', async () => {
    const p = pipeline();
    const customer = unique('cus');
    await scheduleTicketSurveys(p.schedule, ticket(customer));
    expect(await p.sweepAt(at(1 * DAY))).toEqual(['survey:sent']);
    // A purchase survey due 2 days after the ticket survey: another program, but within the 3-day gap.
    await schedulePurchaseSurveys(p.schedule, purchase(customer, { occurredAt: at(-4 * DAY).toISOString() }));
    expect(await p.sweepAt(at(3 * DAY))).toEqual(['survey:skipped']);
    expect(p.skipped()).toEqual(['fatigue']);
    const ledger = await p.surveys.ledger(customer);
    expect(ledger.programs).toEqual({ 'ticket-csat': at(1 * DAY).toISOString() });
  });

  it('caps a program per store per day, counting only what is sent', async () => {
    const config = parseConfig(
      { stores: { '*': { ...store, programs: { 'purchase-nps': { dailyCap: 2 } } } } },
      'test',
    );
    const p = pipeline(config);
    // The store and day are this test's own (the cap counts per program, store and UTC day).
    const storeId = unique('store');
    for (let i = 0; i < 3; i++) await schedulePurchaseSurveys(p.schedule, purchase(unique('cus'), { storeId }));
    expect((await p.sweepAt(at(7 * DAY))).sort()).toEqual(['survey:sent', 'survey:sent', 'survey:skipped']);
    expect(p.skipped()).toEqual(['daily-cap']);
    // The next day has room again.
    await schedulePurchaseSurveys(p.schedule, purchase(unique('cus'), { storeId, occurredAt: at(DAY).toISOString() }));
    expect(await p.sweepAt(at(8 * DAY))).toEqual(['survey:sent']);
  });
});

describe('cancellation', () => {
  it('cancels a purchase survey when the order is refunded before the send', async () => {
    const p = pipeline();
    const event = purchase(unique('cus'));
    await schedulePurchaseSurveys(p.schedule, event);
    expect(
      await cancelOrderSurveys(p.schedule, {
        schemaVersion: 1,
        orderId: event.orderId,
        storeId: 'store-1',
        refundedAt: at(DAY).toISOString(),
      }),
    ).toBe(1);
    expect(await p.sweepAt(at(8 * DAY))).toEqual([]);
    expect(p.skipped()).toEqual(['order-refunded']);
    expect(p.mailer.sent).toHaveLength(0);
  });

  it('cancels even when the refund overtakes its purchase event', async () => {
    const p = pipeline();
    const event = purchase(unique('cus'));
    await cancelOrderSurveys(p.schedule, {
      schemaVersion: 1,
      orderId: event.orderId,
      storeId: 'store-1',
      refundedAt: T0,
    });
    expect(await schedulePurchaseSurveys(p.schedule, event)).toEqual({ 'purchase-nps': 'cancelled' });
    expect(await p.sweepAt(at(8 * DAY))).toEqual([]);
    expect(p.skipped()).toEqual(['order-refunded']);
  });

  it('cancels a ticket survey when the ticket reopens, and surveys the close after the reopen', async () => {
    const p = pipeline();
    const customer = unique('cus');
    const closed = ticket(customer);
    await scheduleTicketSurveys(p.schedule, closed);
    const reopenedAt = at(2 * HOUR).toISOString();
    expect(
      await cancelTicketSurveys(p.schedule, {
        schemaVersion: 1,
        ticketId: closed.ticketId,
        storeId: 'store-1',
        reopenedAt,
      }),
    ).toBe(1);
    expect(await p.sweepAt(at(DAY))).toEqual([]);
    // The first close delivered again changes nothing; the second close schedules the survey anew.
    expect(await scheduleTicketSurveys(p.schedule, closed)).toEqual({ 'ticket-csat': 'cancelled' });
    const closedAgain = at(5 * HOUR).toISOString();
    expect(await scheduleTicketSurveys(p.schedule, { ...closed, closedAt: closedAgain })).toEqual({
      'ticket-csat': 'scheduled',
    });
    expect(await p.sweepAt(at(5 * HOUR + DAY))).toEqual(['survey:sent']);
    expect(p.skipped()).toEqual(['ticket-reopened']);
  });
});

describe('one reminder', () => {
  it('reminds once, 3 days after the survey, a customer who has not answered', async () => {
    const p = pipeline();
    await schedulePurchaseSurveys(p.schedule, purchase(unique('cus')));
    expect(await p.sweepAt(at(7 * DAY))).toEqual(['survey:sent']);
    expect(await p.sweepAt(at(10 * DAY - 60_000))).toEqual([]);
    expect(await p.sweepAt(at(10 * DAY))).toEqual(['reminder:sent']);
    expect(await p.sweepAt(at(20 * DAY))).toEqual([]);
    expect(p.mailer.sent.map((e) => e.subject)).toEqual([
      expect.not.stringMatching(/Reminder/),
      expect.stringMatching(/^Reminder: /),
    ]);
    expect(p.events.published.map((e) => e.detailType)).toEqual(['Survey Sent', 'Survey Reminder Sent']);
  });

  it('sends no reminder after an answer', async () => {
    const p = pipeline();
    const event = purchase(unique('cus'));
    await schedulePurchaseSurveys(p.schedule, event);
    await p.sweepAt(at(7 * DAY));
    // What the answer transaction does to the survey (record-answer): answered, off the due index.
    const { DynamoDbResponseRepository } = await import('#shared/adapters/dynamodb/response-repository.ts');
    const surveyId = surveyIdFor('purchase-nps', 'store-1', { type: 'order', id: event.orderId });
    const survey = await p.surveys.get(surveyId);
    if (!survey) throw new Error('no survey');
    const answeredAt = at(8 * DAY).toISOString();
    await new DynamoDbResponseRepository(db, tableName).save(
      survey,
      { surveyId, score: 9, answeredAt, updatedAt: answeredAt, channel: 'web', version: 1 },
      undefined,
      {},
    );
    expect(await p.sweepAt(at(10 * DAY))).toEqual([]);
    expect(p.mailer.sent).toHaveLength(1);
  });

  it('sends no reminder once the request is queued but the customer answers first', async () => {
    const p = pipeline();
    const event = purchase(unique('cus'));
    await schedulePurchaseSurveys(p.schedule, event);
    await p.sweepAt(at(7 * DAY));
    await sweepDue({ surveys: p.surveys, sendQueue: p.sendQueue }, at(10 * DAY));
    const surveyId = surveyIdFor('purchase-nps', 'store-1', { type: 'order', id: event.orderId });
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `SURVEY#${surveyId}`, sk: 'SURVEY' },
        UpdateExpression: 'SET answeredAt = :t',
        ExpressionAttributeValues: { ':t': at(9 * DAY).toISOString() },
      }),
    );
    expect(await p.drain()).toEqual(['reminder:already-done']);
    expect(p.mailer.sent).toHaveLength(1);
  });

  it('counts the reminder against the cross-program gap', async () => {
    const p = pipeline();
    const customer = unique('cus');
    await schedulePurchaseSurveys(p.schedule, purchase(customer));
    await p.sweepAt(at(7 * DAY));
    expect(await p.sweepAt(at(10 * DAY))).toEqual(['reminder:sent']);
    // A ticket survey due a day after the reminder is skipped: the reminder was a contact.
    await scheduleTicketSurveys(p.schedule, ticket(customer, { closedAt: at(10 * DAY).toISOString() }));
    expect(await p.sweepAt(at(11 * DAY))).toEqual(['survey:skipped']);
    expect(p.skipped()).toEqual(['fatigue']);
  });

  it('sends no reminder when the program turns reminders off, nor to an unsubscribed customer', async () => {
    const off = pipeline(
      parseConfig({ stores: { '*': { ...store, programs: { 'purchase-nps': { reminder: false } } } } }, 'test'),
    );
    await schedulePurchaseSurveys(off.schedule, purchase(unique('cus')));
    await off.sweepAt(at(7 * DAY));
    expect(await off.sweepAt(at(11 * DAY))).toEqual([]);

    const p = pipeline();
    const customer = unique('cus');
    await schedulePurchaseSurveys(p.schedule, purchase(customer));
    await p.sweepAt(at(7 * DAY));
    await p.suppressions.suppress(`${customer}@example.com`, 'unsubscribed', at(8 * DAY).toISOString());
    expect(await p.sweepAt(at(10 * DAY))).toEqual(['reminder:skipped']);
    expect(p.mailer.sent).toHaveLength(1);
  });
});

describe('sending within the SES limits', () => {
  it('delivers a burst of 30 at no more than 5 per second, counted per second of the clock', async () => {
    const config = parseConfig(
      {
        stores: { '*': store },
        programs: { 'purchase-nps': { trigger: 'Purchase Completed', survey: 'nps', delay: '0s' } },
      },
      'test',
    );
    const p = pipeline(config);
    const clock = p.clock;
    // Sleeping moves the manual clock: the limiter's waits take no real time.
    const limiter = new DynamoDbSendRateLimiter(db, tableName, 5, clock, async (ms) => clock.advance(ms));
    for (let i = 0; i < 30; i++) await schedulePurchaseSurveys(p.schedule, purchase(unique('cus')));
    const requests = p.sendQueue.requests.splice(0);
    // Two senders, as the queue's maximum concurrency allows.
    const halves = [requests.slice(0, 15), requests.slice(15)];
    await Promise.all(
      halves.map(async (half) => {
        for (const request of half) await sendSurvey({ ...p.send, rateLimiter: limiter }, request, messageOf(request));
      }),
    );
    expect(p.mailer.sent).toHaveLength(30);
    // Every admission is counted in the limiter's per-second counters: all 30, none above 5, so over 6 seconds.
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'RATE#ses' },
      }),
    );
    expect(Items.reduce((sum, item) => sum + Number(item.count), 0)).toBe(30);
    expect(Math.max(...Items.map((item) => Number(item.count)))).toBeLessThanOrEqual(5);
    expect(Items.length).toBeGreaterThanOrEqual(6);
  });

  it('retries a throttled send: one email, one Survey Sent, nothing dropped', async () => {
    const p = pipeline();
    await schedulePurchaseSurveys(p.schedule, purchase(unique('cus')));
    await sweepDue({ surveys: p.surveys, sendQueue: p.sendQueue }, at(7 * DAY));
    p.clock.advance(7 * DAY);
    const [request] = p.sendQueue.requests.splice(0);
    if (!request) throw new Error('nothing queued');
    p.mailer.failNext = 1;
    await expect(sendSurvey(p.send, request, 'message-1')).rejects.toThrow('Throttling');
    // The queue redelivers after the visibility timeout; the lease has lapsed by then.
    p.clock.advance(180_000);
    expect(await sendSurvey(p.send, request, 'message-1')).toBe('sent');
    expect(await sendSurvey(p.send, request, 'message-2')).toBe('already-done');
    expect(p.mailer.sent).toHaveLength(1);
    expect(p.events.published.filter((e) => e.detailType === 'Survey Sent')).toHaveLength(1);
  });
});
