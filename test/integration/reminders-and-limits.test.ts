import { describe, expect, it } from 'vitest';
import { UpdateCommand } from '#shared/adapters/aws/dynamodb.ts';
import { DynamoDbSendRateLimiter } from '#shared/adapters/dynamodb/send-rate-limiter.ts';
import { parseConfig } from '#shared/config/load.ts';
import { surveyIdFor } from '#shared/domain/survey.ts';
import type { Mailer } from '#shared/ports/mailer.ts';
import type { SendRateLimiter } from '#shared/ports/send-rate.ts';
import { schedulePurchaseSurveys, scheduleTicketSurveys } from '#shared/use-cases/schedule-survey.ts';
import { sendSurvey } from '#shared/use-cases/send-survey.ts';
import { sweepDue } from '#shared/use-cases/sweep-due.ts';
import {
  at,
  DAY,
  db,
  messageOf,
  pipeline,
  purchase,
  store,
  tableName,
  tablePerTest,
  ticket,
} from '../support/programs.ts';
import { unique } from '../support/runtime.ts';
import { rateCounters } from '../support/send-rate.ts';

/**
 * Reminders and the SES send rate, use case by use case, on DynamoDB Local (their conditional writes and transactions are the
 * point), each test in a table of its own, so its sweeps see only its surveys. Time is a manual clock and the time
 * each sweep stands for: nothing here waits.
 */
tablePerTest();

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

/** A program that sends at once: each purchase's survey goes straight to the send queue. */
const sendAtOnce = parseConfig(
  {
    stores: { '*': store },
    programs: { 'purchase-nps': { trigger: 'Purchase Completed', survey: 'nps', delay: '0s' } },
  },
  'test',
);

/** The limiter, noting the second of the clock each admission came back in. */
function timedLimiter(limiter: SendRateLimiter, now: () => Date, admitted: number[]): SendRateLimiter {
  return {
    acquire: async () => {
      await limiter.acquire();
      admitted.push(Math.floor(now().getTime() / 1000));
    },
  };
}

/** The mailer, taking `ms` of the manual clock per email, as SES's answer takes time. */
function slowMailer(mailer: Mailer, clock: { advance(ms: number): void }, ms: number): Mailer {
  return {
    send: async (email) => {
      clock.advance(ms);
      return mailer.send(email);
    },
  };
}

function countBy(values: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe('sending within the SES limits', () => {
  it('delivers a burst of 30 at no more than 5 per second, counted per second of the clock', async () => {
    const p = pipeline(sendAtOnce);
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
    // (Slots a sender took and did not use before its second ended are counted too: the counters bound the rate.)
    const counted = await rateCounters(db, tableName);
    expect([...counted.values()].reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...counted.values())).toBeLessThanOrEqual(5);
    expect(counted.size).toBeGreaterThanOrEqual(6);
  });

  it('takes the slots a steady sender will use in a second in one write, not one per email', async () => {
    const p = pipeline(sendAtOnce);
    const clock = p.clock;
    let writes = 0;
    const counting = {
      send: (command: Parameters<typeof db.send>[0]) => {
        if (command instanceof UpdateCommand && String(command.input.Key?.pk).startsWith('RATE#')) writes++;
        return db.send(command);
      },
    } as typeof db;
    const limiter = new DynamoDbSendRateLimiter(counting, tableName, 100, clock, async (ms) => clock.advance(ms));
    for (let i = 0; i < 40; i++) await schedulePurchaseSurveys(p.schedule, purchase(unique('cus')));
    const admitted: number[] = [];
    const rateLimiter = timedLimiter(limiter, () => clock.now(), admitted);
    // SES takes 50 ms of the clock per email: one sender sends ~20 a second, well under the 100 allowed.
    const mailer = slowMailer(p.mailer, clock, 50);
    for (const request of p.sendQueue.requests.splice(0))
      await sendSurvey({ ...p.send, mailer, rateLimiter }, request, messageOf(request));
    expect(p.mailer.sent).toHaveLength(40);
    // One slot first (its pace unknown), then the rest of each second's in one write: 40 emails in ~2 s.
    expect(writes).toBeLessThanOrEqual(8);
    const counted = await rateCounters(db, tableName);
    const perSecond = countBy(admitted);
    for (const [second, n] of perSecond) expect(counted.get(second)).toBeGreaterThanOrEqual(n);
    // Slots taken and left unused lapse with their second: a few at most, where the pace misjudged the end.
    const taken = [...counted.values()].reduce((sum, n) => sum + n, 0);
    expect(taken - 40).toBeLessThanOrEqual(perSecond.size);
  });

  it('retries a throttled send: one email, nothing dropped; Survey Sent again on a later redelivery', async () => {
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
    const first = p.events.published.filter((e) => e.detailType === 'Survey Sent');
    expect(first).toHaveLength(1);
    expect(await sendSurvey(p.send, request, 'message-2')).toBe('already-done');
    expect(p.mailer.sent).toHaveLength(1);
    // At least once: the redelivery cannot tell an announced send from a crashed one; the same fact, told again.
    const sent = p.events.published.filter((e) => e.detailType === 'Survey Sent');
    expect(sent.map((e) => e.detail)).toEqual([first[0]?.detail, first[0]?.detail]);
  });
});
