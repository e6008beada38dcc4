import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCaseRepository } from '#shared/adapters/dynamodb/case-repository.ts';
import { DynamoDbPurchaseLedger } from '#shared/adapters/dynamodb/purchase-ledger.ts';
import { DynamoDbResponseRepository } from '#shared/adapters/dynamodb/response-repository.ts';
import { DynamoDbSurveyRepository } from '#shared/adapters/dynamodb/survey-repository.ts';
import { loyaltyReport } from '#shared/contracts/staff-api.ts';
import type { SurveyResponse } from '#shared/domain/answer.ts';
import type { FollowUpCase } from '#shared/domain/follow-up.ts';
import type { Survey } from '#shared/domain/survey.ts';
import { eventually, localClients, purchaseDetail, putPurchase, staffFetch, unique } from '../support/runtime.ts';

const { urls, dynamo, db, eventBridge } = localClients();
const TABLE = 'closeloop';
const surveys = new DynamoDbSurveyRepository(db, TABLE);
const responses = new DynamoDbResponseRepository(db, TABLE);
const cases = new DynamoDbCaseRepository(db, TABLE);
const ledger = new DynamoDbPurchaseLedger(db, TABLE);
const storeId = unique('loyalty');

/** A survey whose email went out at `sentAt`, through the sending path's own write (which lists it). */
async function sent(customerId: string, sentAt: string, store = storeId): Promise<Survey> {
  const id = unique('loyal');
  const leaseUntil = new Date(Date.parse(sentAt) + 60_000).toISOString();
  const survey = {
    id,
    program: 'purchase-nps',
    metric: 'nps',
    storeId: store,
    customer: { id: customerId, email: `${customerId}@example.com` },
    trigger: { type: 'order', id: `ord-${id}` },
    locale: 'en',
    status: 'sending',
    leaseUntil,
    dueAt: sentAt,
    createdAt: sentAt,
    expiresAt: '2026-12-31T00:00:00.000Z',
  } as Survey;
  await surveys.createIfAbsent(survey);
  await surveys.markSent(survey, 'survey', { messageId: `m-${id}`, sentAt, leaseUntil });
  return { ...survey, sentAt };
}

async function answered(survey: Survey, score: number) {
  const at = new Date(Date.parse(survey.sentAt ?? '') + 3_600_000).toISOString();
  const response = { surveyId: survey.id, score, answeredAt: at, updatedAt: at, channel: 'web', version: 1 };
  await responses.save(survey, response as SurveyResponse, undefined, {});
}

const buy = (customerId: string, occurredAt: string, total: number, currency = 'EUR') =>
  ledger.record(customerId, { orderId: unique('o'), storeId, occurredAt, total, currency }, undefined);

async function report(query: string, store = storeId) {
  const response = await staffFetch(`${urls.http}/api/reports/loyalty?program=purchase-nps&storeId=${store}&${query}`);
  expect(response.status).toBe(200);
  return loyaltyReport.parse(await response.json());
}
const byClass = (found: Awaited<ReturnType<typeof report>>) =>
  Object.fromEntries(found.classes.map((c) => [c.class, c]));

const customer = {
  p1: unique('p1'),
  p2: unique('p2'),
  pa: unique('pa'),
  d1: unique('d1'),
  d2: unique('d2'),
  n1: unique('n1'),
  erased: unique('erased'),
};

/**
 * March 2026 at a store: two promoters (one surveyed twice), a passive, two detractors (one case resolved), one
 * customer who never answered, and a promoter who will be erased; their purchases before, within and after 30 days.
 */
describe('the loyalty report, on a scripted history', () => {
  beforeAll(async () => {
    const p1 = await sent(customer.p1, '2026-03-02T10:00:00.000Z');
    await answered(p1, 10);
    await buy(customer.p1, '2026-02-20T10:00:00.000Z', 10); // before the survey: not counted
    await buy(customer.p1, '2026-03-10T10:00:00.000Z', 40);
    await buy(customer.p1, '2026-03-20T10:00:00.000Z', 60);
    await buy(customer.p1, '2026-04-15T10:00:00.000Z', 99); // after 30 days, within 90
    await sent(customer.p2, '2026-03-01T10:00:00.000Z'); // unanswered; the later survey is the one that counts
    await answered(await sent(customer.p2, '2026-03-03T10:00:00.000Z'), 9);
    await buy(customer.p2, '2026-03-05T10:00:00.000Z', 25.5, 'USD');
    await answered(await sent(customer.pa, '2026-03-04T10:00:00.000Z'), 8);
    const d1 = await sent(customer.d1, '2026-03-05T10:00:00.000Z');
    await answered(d1, 2);
    await buy(customer.d1, '2026-03-25T10:00:00.000Z', 30);
    const followUp = {
      id: d1.id,
      surveyId: d1.id,
      program: 'purchase-nps',
      storeId,
      customer: d1.customer,
      trigger: d1.trigger,
      locale: 'en',
      answer: {
        metric: 'nps',
        score: 2,
        scale: { min: 0, max: 10 },
        answeredAt: '2026-03-05T11:00:00.000Z',
        version: 1,
      },
      status: 'open',
      openedAt: '2026-03-05T11:00:00.000Z',
      dueAt: '2026-03-06T11:00:00.000Z',
      notes: [],
      announced: {},
    } as FollowUpCase;
    const state = { surveyId: d1.id, version: 1, pending: [], thanked: false, promoterAnnounced: false };
    expect(await cases.decide({ state, previousVersion: undefined, open: followUp })).toBe(true);
    await cases.resolve(followUp, { owner: 'kim', text: 'Refunded', at: '2026-03-05T15:00:00.000Z' });
    await answered(await sent(customer.d2, '2026-03-06T10:00:00.000Z'), 4);
    await sent(customer.n1, '2026-03-07T10:00:00.000Z');
    // The non-responder's purchase comes as stores send it: on the bus (opted out of surveys)
    await putPurchase(
      eventBridge,
      purchaseDetail({
        storeId,
        customer: { id: customer.n1, email: `${customer.n1}@example.com` },
        occurredAt: '2026-03-08T10:00:00.000Z',
        total: 15,
        currency: 'EUR',
        survey: false,
      }),
    );
    await answered(await sent(customer.erased, '2026-03-08T10:00:00.000Z'), 10);
    await buy(customer.erased, '2026-03-09T10:00:00.000Z', 1000);
    await eventually(
      async () =>
        (await ledger.ofCustomers([customer.n1], undefined)).get(customer.n1)?.length === 1 ? true : undefined,
      'the purchase from the bus in the ledger',
    );
  }, 60_000);

  it('says, per class, who bought again within 30 days and what they spent, per currency, by hand', async () => {
    const found = byClass(await report('from=2026-03-01&to=2026-03-31&window=30'));
    expect(found.promoters).toEqual({
      class: 'promoters',
      customers: 3,
      repeatRate: 100,
      ordersPerCustomer: 1.33, // 40 and 60 EUR; 25.50 USD; 1,000 EUR
      revenuePerCustomer: [
        { currency: 'EUR', amount: 366.67 }, // 1,100 / 3
        { currency: 'USD', amount: 8.5 }, // 25.50 / 3
      ],
    });
    expect(found.passives).toEqual({
      class: 'passives',
      customers: 1,
      repeatRate: 0,
      ordersPerCustomer: 0,
      revenuePerCustomer: [],
    });
    expect(found.detractors).toMatchObject({ customers: 2, repeatRate: 50, ordersPerCustomer: 0.5 });
    expect(found.detractors?.revenuePerCustomer).toEqual([{ currency: 'EUR', amount: 15 }]);
    expect(found.detractorsResolved).toMatchObject({ customers: 1, repeatRate: 100, ordersPerCustomer: 1 });
    expect(found.detractorsResolved?.revenuePerCustomer).toEqual([{ currency: 'EUR', amount: 30 }]);
    expect(found.nonResponders).toMatchObject({ customers: 1, repeatRate: 100, ordersPerCustomer: 1 });
    expect(found.nonResponders?.revenuePerCustomer).toEqual([{ currency: 'EUR', amount: 15 }]);
  });

  it('forgets an erased customer: their survey and purchases leave the figures', async () => {
    const erased = await staffFetch(`${urls.http}/api/customers/${customer.erased}`, { method: 'DELETE' });
    expect(erased.status).toBe(200);
    const found = byClass(await report('from=2026-03-01&to=2026-03-31&window=30'));
    expect(found.promoters).toEqual({
      class: 'promoters',
      customers: 2,
      repeatRate: 100,
      ordersPerCustomer: 1.5,
      revenuePerCustomer: [
        { currency: 'EUR', amount: 50 },
        { currency: 'USD', amount: 12.75 },
      ],
    });
    expect((await ledger.ofCustomers([customer.erased], undefined)).has(customer.erased)).toBe(false);
    // A longer window takes the purchase of mid-April in
    const ninety = byClass(await report('from=2026-03-01&to=2026-03-31&window=90'));
    expect(ninety.promoters).toMatchObject({ customers: 2, ordersPerCustomer: 2 });
    expect(ninety.promoters?.revenuePerCustomer).toEqual([
      { currency: 'EUR', amount: 99.5 },
      { currency: 'USD', amount: 12.75 },
    ]);
  });

  it('leaves out surveys whose window has not passed, and says how many', async () => {
    const recent = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await answered(await sent(unique('recent'), recent), 10);
    const found = await report(`from=${recent.slice(0, 10)}&window=30`);
    expect(found.pending).toBe(1);
    expect(byClass(found).promoters?.customers).toBe(0);
    expect(found.scope.window).toBe(30);
  });
});

describe('the loyalty report across the change of its listing', () => {
  it('counts the surveys sent before gsi5 (listed whole in gsi3 then) beside those listed in gsi5', async () => {
    // Prepare: a store with one survey sent as the revision before gsi5 listed it, and one sent now
    const store = unique('loyalty-before');
    const earlier = await sent(unique('before'), '2026-03-02T10:00:00.000Z', store);
    await dynamo.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: `SURVEY#${earlier.id}`, sk: 'SURVEY' },
        UpdateExpression: 'SET gsi3pk = :pk, gsi3sk = :sk REMOVE gsi5pk, gsi5sk',
        ExpressionAttributeValues: { ':pk': `STORE#${store}#SENT`, ':sk': `2026-03-02T10:00:00.000Z#${earlier.id}` },
      }),
    );
    await answered(earlier, 10);
    await answered(await sent(unique('now'), '2026-03-03T10:00:00.000Z', store), 9);

    // Act
    const found = byClass(await report('from=2026-03-01&to=2026-03-31&window=30', store));

    // Assess: both promoters, neither bought again
    expect(found.promoters).toMatchObject({ customers: 2, repeatRate: 0 });
  });
});
