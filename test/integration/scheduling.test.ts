import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_RESOURCES } from '#local/runtime.ts';
import { eventually, inbox, localClients, purchaseDetail, putPurchase, quiet } from '../support/runtime.ts';
import { surveysOfCustomer } from '../support/surveys.ts';

const { urls, eventBridge, dynamo } = localClients();
const DAY = 86_400_000;

/** Runs the runtime's sweep for a given moment, as the schedule rule would at that time. */
async function sweepAt(time: Date) {
  const response = await fetch(`${urls.events}/schedules/run?id=SweepDueSurveys&time=${time.toISOString()}`, {
    method: 'POST',
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { queued: number };
}

describe('a store with the default delays, on the local runtime', () => {
  // `store-scheduled` in test/fixtures/config/runtime.json: purchase NPS after 7 days, one reminder after 3 more.
  it('sends the survey when the sweep runs at its due time, then one reminder, and nothing after', async () => {
    // Whole seconds: a scheduled event's time has no milliseconds.
    const occurredAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const detail = purchaseDetail({ storeId: 'store-scheduled', occurredAt: occurredAt.toISOString() });
    const email = detail.customer.email;
    const surveyItems = () => surveysOfCustomer(detail.customer.id);
    await putPurchase(eventBridge, detail);
    // The survey is stored, and waits: a sweep now queues nothing of it.
    await eventually(async () => {
      const items = await surveyItems();
      return items.length === 1 && items[0]?.status === 'scheduled' ? true : undefined;
    }, 'the scheduled survey');
    const surveyId = String((await surveyItems())[0]?.id);
    await sweepAt(new Date(occurredAt.getTime() + 7 * DAY - 60_000));
    await quiet([surveyId]);
    expect(await inbox(urls.ses, email)).toHaveLength(0);

    // Act: the sweep of the due day.
    expect((await sweepAt(new Date(occurredAt.getTime() + 7 * DAY))).queued).toBeGreaterThanOrEqual(1);
    const [survey] = await eventually(async () => {
      const mails = await inbox(urls.ses, email);
      return mails.length === 1 ? mails : undefined;
    }, 'the survey email');
    expect(survey?.subject).toContain('Acme Coffee Scheduled');
    // The email reaches the inbox a moment before the sender records it sent (and the reminder due): a sweep in
    // between would find nothing due yet.
    await eventually(async () => ((await surveyItems())[0]?.status === 'sent' ? true : undefined), 'the survey sent');

    await sweepAt(new Date(occurredAt.getTime() + 10 * DAY));
    const mails = await eventually(async () => {
      const all = await inbox(urls.ses, email);
      return all.length === 2 ? all : undefined;
    }, 'the reminder');
    expect(mails[1]?.subject).toMatch(/^Reminder: /);

    await sweepAt(new Date(occurredAt.getTime() + 20 * DAY));
    await quiet([surveyId]);
    expect(await inbox(urls.ses, email)).toHaveLength(2);
  });
});

describe('a burst above the send rate', () => {
  it('delivers every survey once, admitting no more than the configured 20 per second', async () => {
    // Prepare: 60 purchases at once, for a store with no delay.
    const details = Array.from({ length: 60 }, () => purchaseDetail());
    const started = Math.floor(Date.now() / 1000);
    for (const detail of details) await putPurchase(eventBridge, detail);

    // Assess: every customer gets exactly one email …
    await eventually(
      async () => {
        const counts = await Promise.all(details.map(async (d) => (await inbox(urls.ses, d.customer.email)).length));
        return counts.every((n) => n === 1) ? true : undefined;
      },
      'every survey email',
      // Two senders of one email at a time on a runtime other test files share: a busy CI machine needs minutes.
      150_000,
    );
    // … and the limiter's per-second counters admitted at most 20 in any second (other tests share the rate).
    const { Items = [] } = await dynamo.send(
      new QueryCommand({
        TableName: LOCAL_RESOURCES.table,
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': 'RATE#ses', ':from': `SEC#${started}` },
      }),
    );
    const counts = Items.map((item) => Number(item.count));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...counts)).toBeLessThanOrEqual(20);
    expect(counts.length).toBeGreaterThanOrEqual(3);
  }, 180_000);
});
