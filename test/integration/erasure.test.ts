import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { summaryReport } from '#shared/contracts/staff-api.ts';
import {
  eventually,
  inbox,
  localClients,
  purchaseDetail,
  putPurchase,
  quiet,
  staffFetch,
  unique,
} from '../support/runtime.ts';
import { postForm, surveyEmail, surveysOfCustomer } from '../support/surveys.ts';

const { urls, eventBridge, dynamo } = localClients();
const DAY = 86_400_000;

const item = async (key: { pk: string; sk: string }) =>
  (await dynamo.send(new GetCommand({ TableName: 'closeloop', Key: key, ConsistentRead: true }))).Item;

const summaryOf = async (storeId: string) =>
  summaryReport.parse(
    await (await staffFetch(`${urls.http}/api/reports/summary?program=purchase-nps&storeId=${storeId}`)).json(),
  ).summary;

/**
 * A customer with an answered survey (a detractor 2 with a comment, so a case with notes) at a store of the
 * test's own, and a second survey still waiting at `store-scheduled` (sent after 7 days).
 */
async function customerWithHistory() {
  const customer = { id: unique('cus'), email: `${unique('ana')}@example.com`, name: 'Ana Erasable' };
  const answered = await surveyEmail({ customer });
  expect(
    (await postForm(answered.answerUrl, { score: '2', comment: 'Ana here, call me on 0170 1234567' })).status,
  ).toBe(200);
  await eventually(() => item(keys.followUpCase(answered.surveyId)), 'the follow-up case');
  const pending = purchaseDetail({ storeId: 'store-scheduled', customer, occurredAt: new Date().toISOString() });
  await putPurchase(eventBridge, pending);
  const waiting = await eventually(async () => {
    const surveys = await surveysOfCustomer(customer.id);
    return surveys.length === 2 ? surveys.find((i) => i.storeId === 'store-scheduled') : undefined;
  }, 'the waiting survey');
  return { customer, answered, pending, waitingId: String(waiting.id) };
}

/** Nothing that names the customer is left in what closeloop holds about the surveys. */
async function expectForgotten(history: Awaited<ReturnType<typeof customerWithHistory>>) {
  const held = JSON.stringify([
    await item(keys.survey(history.answered.surveyId)),
    await item(keys.survey(history.waitingId)),
    await item(keys.response(history.answered.surveyId)),
    await item(keys.followUpCase(history.answered.surveyId)),
    await item(keys.loop(history.answered.surveyId)),
    await item(keys.contacts(history.customer.id)),
  ]);
  for (const personal of [history.customer.email, history.customer.name, history.customer.id, '0170 1234567'])
    expect(held, personal).not.toContain(personal);
  expect(await item(keys.response(history.answered.surveyId))).toMatchObject({ score: 2, class: 'detractor' });
  expect(await item(keys.followUpCase(history.answered.surveyId))).toMatchObject({ status: 'open', notes: [] });
}

describe('erasing a customer', () => {
  it('through the staff API: forgets surveys, answers, comments and cases, keeps the counts, and sends nothing more', async () => {
    // Prepare
    const history = await customerWithHistory();
    const before = await summaryOf(history.answered.storeId);

    // Act
    const response = await staffFetch(`${urls.http}/api/customers/${history.customer.id}`, { method: 'DELETE' });
    const again = await staffFetch(`${urls.http}/api/customers/${history.customer.id}`, { method: 'DELETE' });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ customerId: history.customer.id, surveys: 2 });
    expect(await again.json()).toMatchObject({ surveys: 0 });
    await expectForgotten(history);
    expect(await summaryOf(history.answered.storeId)).toEqual(before);
    // the answer link no longer opens anything, and the waiting survey never goes out, even redelivered
    expect((await fetch(history.answered.answerUrl)).status).toBe(404);
    await putPurchase(eventBridge, history.pending);
    await fetch(
      `${urls.events}/schedules/run?id=SweepDueSurveys&time=${new Date(Date.now() + 8 * DAY).toISOString()}`,
      {
        method: 'POST',
      },
    );
    await quiet([history.waitingId, history.customer.email]);
    expect(await inbox(urls.ses, history.customer.email)).toHaveLength(1);
    expect(await item(keys.survey(history.waitingId))).toMatchObject({ status: 'erased' });
  });

  it('through a Customer Erasure Requested event, announced as Customer Erased', async () => {
    const history = await customerWithHistory();
    await eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'closeloop',
            Source: 'acme.crm',
            DetailType: 'Customer Erasure Requested',
            Detail: JSON.stringify({ customerId: history.customer.id, requestedAt: new Date().toISOString() }),
          },
        ],
      }),
    );
    const erased = await eventually(async () => {
      const events = (await (await fetch(`${urls.events}/events?detail-type=Customer%20Erased`)).json()) as {
        event: { detail: { customerId: string; surveys: number } };
      }[];
      return events.find(({ event }) => event.detail.customerId === history.customer.id)?.event.detail;
    }, 'Customer Erased');
    expect(erased.surveys).toBe(2);
    await expectForgotten(history);
  });

  it('finds a survey made before the customer index (listed in gsi1 then) as well as those listed in gsi4', async () => {
    // Prepare: a customer's survey as a revision before gsi4 wrote it, beside one of today
    const history = await customerWithHistory();
    const earlier = await item(keys.survey(history.waitingId));
    const { gsi4pk: _pk, gsi4sk: _sk, ...fields } = earlier ?? {};
    const legacyId = unique('legacy');
    await dynamo.send(
      new PutCommand({
        TableName: 'closeloop',
        Item: {
          ...fields,
          ...keys.survey(legacyId),
          id: legacyId,
          gsi1pk: `CUSTOMER#${history.customer.id}`,
          gsi1sk: `${fields.createdAt}#SURVEY#${legacyId}`,
        },
      }),
    );

    // Act
    const response = await staffFetch(`${urls.http}/api/customers/${history.customer.id}`, { method: 'DELETE' });

    // Assess
    expect(await response.json()).toMatchObject({ surveys: 3 });
    expect(await item(keys.survey(legacyId))).toMatchObject({ status: 'erased' });
    expect(JSON.stringify(await item(keys.survey(legacyId)))).not.toContain(history.customer.email);
  });

  it('keeps a survey, its answer and its case only for the configured retention (DynamoDB TTL)', async () => {
    // Prepare: the test runtime keeps surveys for 730 days (retention.surveys)
    const history = await customerWithHistory();
    const survey = await item(keys.survey(history.answered.surveyId));
    const expected = Math.floor((Date.parse(String(survey?.createdAt)) + 730 * DAY) / 1000);
    // Assess
    expect(survey?.ttl).toBe(expected);
    expect((await item(keys.response(history.answered.surveyId)))?.ttl).toBe(expected);
    expect((await item(keys.followUpCase(history.answered.surveyId)))?.ttl).toBe(expected);
    // the counts are not personal data: they stay
    expect(
      await item(keys.aggregate(history.answered.storeId, 'purchase-nps', String(survey?.createdAt).slice(0, 10))),
    ).not.toHaveProperty('ttl');
  });

  it('refuses a malformed customer id with 400', async () => {
    const response = await staffFetch(`${urls.http}/api/customers/${encodeURIComponent('bad id!')}`, {
      method: 'DELETE',
    });
    expect(response.status).toBe(400);
  });
});
