import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { emailHash } from '#shared/domain/unsubscribe-token.ts';
import { eventually, inbox, localClients, purchaseDetail, putPurchase } from '../support/runtime.ts';
import { nextSurveySkipReason, postForm, surveyEmail, surveysOfCustomer } from '../support/surveys.ts';

const { urls, dynamo, eventBridge } = localClients();
const DAY = 86_400_000;

const sweepAt = (time: Date) =>
  fetch(`${urls.events}/schedules/run?id=SweepDueSurveys&time=${time.toISOString()}`, { method: 'POST' });

const item = async (key: { pk: string; sk: string }) =>
  (await dynamo.send(new GetCommand({ TableName: 'closeloop', Key: key, ConsistentRead: true }))).Item;

/** A survey email and its unsubscribe link, read from the List-Unsubscribe header as a mail client reads it. */
async function unsubscribable() {
  const survey = await surveyEmail();
  const header = (name: string) =>
    survey.email?.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? '';
  const url = /^<(https?:\/\/[^>]+)>$/.exec(header('List-Unsubscribe'))?.[1] ?? '';
  return { ...survey, url, header, address: survey.detail.customer.email };
}

describe('one-click unsubscribe', () => {
  it('puts RFC 8058 headers and a visible link in every survey email', async () => {
    const survey = await unsubscribable();
    expect(survey.url).toMatch(new RegExp(`^${urls.http}/u/u1\\.`));
    expect(survey.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(survey.email?.body.html).toContain(`href="${survey.url}"`);
    expect(survey.email?.body.html).toContain('Unsubscribe from these surveys');
    expect(survey.email?.body.text).toContain(`Unsubscribe from these surveys: ${survey.url}`);
    // the link names the address only by its hash
    expect(survey.url).not.toContain(encodeURIComponent(survey.address));
    expect(survey.url).toContain(emailHash(survey.address));
  });

  it('asks on GET and HEAD without changing anything, and unsubscribes at once on the one-click POST', async () => {
    // Prepare
    const survey = await unsubscribable();
    // Act: what a scanner or a preview does
    const page = await fetch(survey.url);
    const head = await fetch(survey.url, { method: 'HEAD' });
    // Assess
    expect(page.status).toBe(200);
    expect(head.status).toBe(200);
    expect(await page.text()).toContain('<button type="submit">Unsubscribe</button>');
    expect(await item(keys.suppression(emailHash(survey.address)))).toBeUndefined();

    // Act: the mail client's one-click POST (RFC 8058), twice
    const first = await postForm(survey.url, { 'List-Unsubscribe': 'One-Click' });
    const again = await postForm(survey.url, { 'List-Unsubscribe': 'One-Click' });

    // Assess: suppressed for every program, and the next survey skipped with the reason
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('You are unsubscribed.');
    expect(again.status).toBe(200);
    expect(await item(keys.suppression(emailHash(survey.address)))).toMatchObject({ reason: 'unsubscribed' });
    expect(await nextSurveySkipReason(survey.address)).toBe('unsubscribed');
  });

  it('skips the reminder of a survey sent before the customer unsubscribed', async () => {
    // Prepare: `store-scheduled` sends after 7 days and reminds 3 days later (test/fixtures/config/runtime.json)
    const occurredAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const detail = purchaseDetail({ storeId: 'store-scheduled', occurredAt: occurredAt.toISOString() });
    await putPurchase(eventBridge, detail);
    await eventually(async () => {
      await sweepAt(new Date(occurredAt.getTime() + 7 * DAY));
      return (await inbox(urls.ses, detail.customer.email)).length === 1 ? true : undefined;
    }, 'the survey email');
    const [email] = await inbox(urls.ses, detail.customer.email);
    const url = /^<([^>]+)>$/.exec(email?.headers?.find((h) => h.name === 'List-Unsubscribe')?.value ?? '')?.[1];

    // Act: unsubscribe, then the sweep of the reminder's day
    expect((await postForm(url ?? '', {})).status).toBe(200);
    await sweepAt(new Date(occurredAt.getTime() + 10 * DAY + 60_000));

    // Assess
    const reminder = await eventually(async () => {
      const [survey] = await surveysOfCustomer(detail.customer.id);
      const held = survey?.reminder as { status?: string; skipReason?: string } | undefined;
      return held?.status === 'skipped' ? held : undefined;
    }, 'the reminder skipped');
    expect(reminder.skipReason).toBe('unsubscribed');
    expect(await inbox(urls.ses, detail.customer.email)).toHaveLength(1);
  });

  it('refuses an altered or foreign link with 403 and writes nothing', async () => {
    const survey = await unsubscribable();
    const parts = new URL(survey.url).pathname.split('/')[2]?.split('.') ?? [];
    const otherHash = emailHash('someone-else@example.com');
    const altered = `${urls.http}/u/${[parts[0], parts[1], parts[2], otherHash, parts[4]].join('.')}`;
    const foreign = `${urls.http}/u/${[parts[0], 'another-key', parts[2], parts[3], parts[4]].join('.')}`;
    for (const url of [altered, foreign, `${urls.http}/u/not-a-token`]) {
      expect((await postForm(url, {})).status, url).toBe(403);
      expect((await fetch(url)).status, url).toBe(403);
    }
    expect(await item(keys.suppression(otherHash))).toBeUndefined();
    expect(await item(keys.suppression(emailHash(survey.address)))).toBeUndefined();
  });
});
