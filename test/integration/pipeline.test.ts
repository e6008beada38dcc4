import { DeleteMessageCommand, GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { NPS_SCORES } from '#shared/domain/nps.ts';
import { surveyIdFor } from '#shared/domain/survey.ts';
import { verifySurveyToken } from '#shared/domain/survey-token.ts';
import { deadLetter, eventually, inbox, localClients, purchaseDetail, putPurchase } from '../support/runtime.ts';
import { localSigningKey } from '../support/surveys.ts';

const { urls, eventBridge, sqs, dynamo } = localClients();

async function queueUrl(name: string) {
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? '';
}

/** Resolves once a queue has nothing visible or in flight: every delivery, retries included, is done. */
async function queueDrained(name: string) {
  const url = await queueUrl(name);
  await eventually(async () => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return Attributes?.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0'
      ? true
      : undefined;
  }, `the ${name} queue to drain`);
}

/** Both hops of a survey: scheduling (the store's event) and sending. */
async function dispatchQueueDrained() {
  await queueDrained('schedule-survey');
  await queueDrained('send-survey');
}

describe('a purchase put on the local bus', () => {
  it('becomes an NPS survey email on the SES page, with eleven signed one-click links', async () => {
    // Prepare: an English-speaking customer of the Berlin store (whose default language is German).
    const base = purchaseDetail();
    const detail = { ...base, customer: { ...base.customer, locale: 'en-GB' } };
    // Act
    const put = await putPurchase(eventBridge, detail);
    // Assess
    expect(put.FailedEntryCount).toBe(0);
    const [email] = await eventually(async () => {
      const emails = await inbox(urls.ses, detail.customer.email);
      return emails.length > 0 ? emails : undefined;
    }, 'the survey email');
    expect(email?.from).toBe('"Acme Coffee" <feedback@acme.example>');
    expect(email?.subject).toBe('How likely are you to recommend Acme Coffee Berlin?');
    expect(email?.body.text).toContain('Hi Ana Silva,');

    const hrefs = [...(email?.body.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => new URL(m[1] ?? ''));
    // eleven answer links, then the footer's unsubscribe link
    expect(hrefs.map((link) => link.pathname.split('/')[1])).toEqual([...NPS_SCORES.map(() => 's'), 'u']);
    const links = hrefs.filter((link) => link.pathname.startsWith('/s/'));
    expect(links.map((link) => link.searchParams.get('score'))).toEqual(NPS_SCORES.map(String));
    expect(new Set(links.map((link) => `${link.origin}${link.pathname}`)).size).toBe(1);
    expect(links[0]?.origin).toBe(urls.http);
    const token = links[0]?.pathname.split('/')[2] ?? '';
    const claims = verifySurveyToken(token, [await localSigningKey()], new Date());
    expect(email?.replyTo).toEqual([`reply+${token}@replies.acme.example`]);
    expect(claims.surveyId).toBe(surveyIdFor('purchase-nps', detail.storeId, { type: 'order', id: detail.orderId }));
  });

  it('stores the survey as sent and announces Survey Sent on the bus', async () => {
    const detail = purchaseDetail();
    await putPurchase(eventBridge, detail);
    const surveyId = surveyIdFor('purchase-nps', detail.storeId, { type: 'order', id: detail.orderId });
    const survey = await eventually(async () => {
      const { Item } = await dynamo.send(new GetCommand({ TableName: 'closeloop', Key: keys.survey(surveyId) }));
      return Item?.status === 'sent' ? Item : undefined;
    }, 'the survey to be sent');
    expect(survey).toMatchObject({
      status: 'sent',
      storeId: 'store-berlin',
      metric: 'nps',
      gsi4pk: `CUSTOMER#${detail.customer.id}`,
    });

    const ours = await eventually(async () => {
      const announced = (await (await fetch(`${urls.events}/events?detail-type=Survey%20Sent`)).json()) as {
        event: { source: string; detail: { surveyId: string } };
      }[];
      const found = announced.filter(({ event }) => event.detail.surveyId === surveyId);
      return found.length > 0 ? found : undefined;
    }, 'Survey Sent');
    expect(ours).toHaveLength(1);
    expect(ours[0]?.event.source).toBe('closeloop');
  });

  it('sends one email when the same event is delivered twice, and twice at the same moment', async () => {
    // Prepare
    const detail = purchaseDetail();
    const entry = {
      EventBusName: 'closeloop',
      Source: 'acme.webshop',
      DetailType: 'Purchase Completed',
      Detail: JSON.stringify(detail),
    };
    // Act: two copies in one PutEvents (delivered together), then a third later.
    const { PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    await eventBridge.send(new PutEventsCommand({ Entries: [entry, entry] }));
    await eventually(
      async () => ((await inbox(urls.ses, detail.customer.email)).length > 0 ? true : undefined),
      'the first email',
    );
    await eventBridge.send(new PutEventsCommand({ Entries: [entry] }));
    await dispatchQueueDrained();
    // Assess
    expect(await inbox(urls.ses, detail.customer.email)).toHaveLength(1);
  });

  it('dead-letters an invalid purchase with its reason, writing nothing and sending nothing', async () => {
    // Prepare
    // Two fields that decide something (an optional name would only be dropped: bad-input.test.ts).
    const detail = purchaseDetail({
      customer: { id: 'cus-bad', email: 'not-an-email', name: 'Eve' },
      total: '12,50',
    });
    // Act
    const put = await putPurchase(eventBridge, detail);
    // Assess
    expect(put.FailedEntryCount).toBe(0);
    const letter = await deadLetter('schedule-survey-dlq', detail.orderId);
    const reason = letter.MessageAttributes?.reason?.StringValue ?? '';
    expect(reason).toContain('detail.customer.email');
    expect(reason).toContain('detail.total');
    expect(letter.MessageAttributes?.errorName?.StringValue).toBe('InvalidInput');
    expect(JSON.parse(letter.Body ?? '{}').detail).toEqual(detail);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: letter.queueUrl, ReceiptHandle: letter.ReceiptHandle }));

    const surveyId = surveyIdFor('purchase-nps', detail.storeId, { type: 'order', id: detail.orderId });
    const { Item } = await dynamo.send(new GetCommand({ TableName: 'closeloop', Key: keys.survey(surveyId) }));
    expect(Item).toBeUndefined();
    expect(await inbox(urls.ses, 'not-an-email')).toEqual([]);
  });

  it('routes nothing for closeloop’s own source, per the rule’s anything-but', async () => {
    const detail = purchaseDetail();
    await putPurchase(eventBridge, detail, 'closeloop');
    const routed = (await (await fetch(`${urls.events}/events?detail-type=Purchase%20Completed`)).json()) as {
      event: { detail: { orderId: string } };
      rules: string[];
    }[];
    expect(routed.find(({ event }) => event.detail.orderId === detail.orderId)?.rules).toEqual([]);
  });
});
