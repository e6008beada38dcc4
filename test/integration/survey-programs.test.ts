import { describe, expect, it } from 'vitest';
import { ScanCommand } from '#shared/adapters/aws/dynamodb.ts';
import { parseConfig } from '#shared/config/load.ts';
import { surveyIdFor } from '#shared/domain/survey.ts';
import {
  cancelOrderSurveys,
  cancelTicketSurveys,
  schedulePurchaseSurveys,
  scheduleTicketSurveys,
} from '#shared/use-cases/schedule-survey.ts';
import { sendSurvey } from '#shared/use-cases/send-survey.ts';
import {
  at,
  DAY,
  db,
  HOUR,
  pipeline,
  purchase,
  store,
  T0,
  tableName,
  tablePerTest,
  ticket,
} from '../support/programs.ts';
import { unique } from '../support/runtime.ts';

/**
 * The program rules, use case by use case, on DynamoDB Local (their conditional writes and transactions are the
 * point), each test in a table of its own, so its sweeps see only its surveys. Time is a manual clock and the time
 * each sweep stands for: nothing here waits.
 */
tablePerTest();

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

  it('spreads waiting surveys over the due-index shards the configured peak asks for, and sweeps every shard', async () => {
    // 1,000 surveys a second at peak: 10 shards of the due index (topology/sizing.ts), not the minimum 4.
    const p = pipeline(parseConfig({ stores: { '*': store }, scale: { peakSurveysPerSecond: 1000 } }, 'test'));
    const customers = Array.from({ length: 40 }, () => unique('cus'));
    for (const customer of customers) await schedulePurchaseSurveys(p.schedule, purchase(customer));
    const shards = new Set<string>();
    const { Items = [] } = await db.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: 'gsi2pk',
        FilterExpression: 'attribute_exists(gsi2pk)',
      }),
    );
    for (const item of Items) shards.add(String(item.gsi2pk));
    expect(shards.size).toBeGreaterThan(4);
    expect([...shards].every((shard) => /^DUE#\d$/.test(shard))).toBe(true);
    const outcomes = await p.sweepAt(at(7 * DAY));
    expect(outcomes).toHaveLength(40);
    expect(new Set(outcomes)).toEqual(new Set(['survey:sent']));
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
    // Created queued: a redelivered event hands it to the send queue again (the first may have failed before the
    // queue took it); the sender sends one and finds the other done.
    expect(await schedulePurchaseSurveys(p.schedule, event)).toEqual({ 'purchase-nps': 'queued' });
    expect(await p.drain()).toEqual(['survey:sent', 'survey:already-done']);
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
